// --fix: applies the first safe fix of each finding, file by file, skipping edits that
// overlap one already taken. Edits carry UTF-8 byte offsets, so they are applied to bytes.

import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { InputError, ReportDocument, TextEdit } from '../report/finding.js';

export interface FixResult {
  edits: number;
  files: number;
  errors: InputError[];
}

export function applySafeFixes(doc: ReportDocument, cwd: string): FixResult {
  const byFile = new Map<string, TextEdit[]>();
  for (const f of doc.findings) {
    const fix = f.fixes.find((x) => x.safe);
    if (!fix) continue;
    for (const e of fix.edits) {
      const list = byFile.get(e.file);
      if (list) list.push(e);
      else byFile.set(e.file, [e]);
    }
  }
  const result: FixResult = { edits: 0, files: 0, errors: [] };
  for (const [file, edits] of byFile) {
    const path = resolve(cwd, file);
    let buf: Buffer;
    try {
      buf = readFileSync(path);
    } catch (err) {
      result.errors.push({ file, message: `cannot apply fixes: ${(err as Error).message}` });
      continue;
    }
    const chosen = nonOverlapping(edits);
    const out = applyEdits(buf, chosen);
    writeFileSync(path, out);
    result.edits += chosen.length;
    result.files++;
  }
  return result;
}

function nonOverlapping(edits: TextEdit[]): TextEdit[] {
  const sorted = edits.filter((e) => e.offset !== undefined && e.endOffset !== undefined).sort((a, b) => a.offset! - b.offset! || a.endOffset! - b.endOffset!);
  const out: TextEdit[] = [];
  let end = -1;
  for (const e of sorted) {
    if (e.offset! < end || (e.offset! === end && out.length > 0 && out[out.length - 1]!.offset === e.offset && e.offset === e.endOffset)) continue;
    out.push(e);
    end = Math.max(end, e.endOffset!);
  }
  return out;
}

/** Applies byte-offset edits (non-overlapping, sorted) to a buffer. */
export function applyEdits(buf: Buffer, edits: readonly TextEdit[]): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (const e of edits) {
    parts.push(buf.subarray(at, e.offset!));
    parts.push(Buffer.from(e.newText, 'utf8'));
    at = e.endOffset!;
  }
  parts.push(buf.subarray(at));
  return Buffer.concat(parts);
}

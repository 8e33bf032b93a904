// Baselines: hide findings that an earlier `--format json` run already listed, so a team can
// adopt gohazard on an old codebase and fail only on new hazards. Matching ignores line
// numbers (code moves) and compares rule, file and message with numbers blanked out.

import { readFileSync } from 'node:fs';
import type { Finding, ReportDocument } from '../report/finding.js';
import { UsageError } from './args.js';

export type Baseline = Map<string, number>;

function keyOf(f: Pick<Finding, 'rule' | 'file' | 'message'>): string {
  return `${f.rule}\u0000${f.file}\u0000${f.message.replace(/\d+/g, '#')}`;
}

export function loadBaseline(path: string): Baseline {
  let doc: { findings?: unknown };
  try {
    doc = JSON.parse(readFileSync(path, 'utf8')) as { findings?: unknown };
  } catch (err) {
    throw new UsageError(`cannot read baseline ${path}: ${(err as Error).message}`);
  }
  if (!Array.isArray(doc.findings)) throw new UsageError(`baseline ${path} is not a gohazard --format json report (no "findings" list)`);
  const counts: Baseline = new Map();
  for (const f of doc.findings as Finding[]) {
    if (typeof f?.rule !== 'string' || typeof f.file !== 'string' || typeof f.message !== 'string') continue;
    const k = keyOf(f);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

export function applyBaseline(doc: ReportDocument, baseline: Baseline): ReportDocument {
  const left = new Map(baseline);
  const findings = doc.findings.filter((f) => {
    const k = keyOf(f);
    const n = left.get(k) ?? 0;
    if (n === 0) return true;
    left.set(k, n - 1);
    return false;
  });
  return { ...doc, findings, stats: { ...doc.stats, baselined: doc.findings.length - findings.length } };
}

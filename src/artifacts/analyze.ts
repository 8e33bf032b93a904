// `analyze` as a library: files and stdin in, a ReportDocument out. The stages stay apart:
//   read/sniff → scan (stream.ts + per-format scanners) → aggregate (buckets, sites, race pairs)
//   → diagnose (one module per diagnosis) → link (frames ↔ --source files, static predictions).
// pipeline.ts runs the stages without I/O; this module adds files, --source and predictions.
// memory.ts is the same pipeline for inputs held in memory (a browser page). Rendering is the
// reporters' job.

import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Finding, ReportDocument } from '../report/finding.js';
import { FrameLinker } from './link/linker.js';
import { type PipelineOptions, runPipeline } from './pipeline.js';
import { readInput } from './read.js';
import { nodeUtf8Decoder } from './utf8-node.js';

export interface AnalyzeInput {
  /** Name for reports: the path as given, or '-' for stdin. */
  name: string;
  /** The bytes; read once, front to back. */
  open: () => AsyncIterable<Uint8Array>;
}

export interface AnalyzeOptions extends Omit<PipelineOptions, 'decoder'> {
  /** Working directory for relative paths (default: process.cwd()). */
  cwd?: string;
  /** Source tree to link frames to (--source). Costs one directory walk. */
  source?: string;
  /** Static findings for the given files, to say "predicted by rule X" next to artifact findings. */
  staticFindings?: (files: string[]) => Promise<Finding[]>;
}

export async function analyzeArtifacts(inputs: readonly AnalyzeInput[], options: AnalyzeOptions = {}): Promise<ReportDocument> {
  const started = Date.now();
  const cwd = options.cwd ?? process.cwd();
  const doc = await runPipeline(
    inputs.map((input) => ({ name: input.name, read: (text) => readInput(input.open(), input.name, text) })),
    new FrameLinker(cwd, options.source),
    { ...options, decoder: nodeUtf8Decoder },
  );
  // Predictions only add related locations: the order stays.
  if (options.staticFindings) await addPredictions(doc.findings, options.staticFindings, cwd);
  doc.stats.ms = Date.now() - started;
  return doc;
}

/** Adds "predicted by rule X" related entries where a static finding sits on the same line. */
async function addPredictions(findings: Finding[], staticFindings: (files: string[]) => Promise<Finding[]>, cwd: string): Promise<void> {
  const abs = (f: string): string => (isAbsolute(f) ? f : resolve(cwd, f));
  const linked = [...new Set(findings.map((f) => f.file).filter((f) => !f.includes('://')))].filter((f) => isLocalFile(abs(f)));
  if (linked.length === 0) return;
  let predictions: Finding[];
  try {
    predictions = await staticFindings(linked);
  } catch {
    return;
  }
  const byFile = new Map<string, Finding[]>();
  for (const p of predictions) {
    const k = abs(p.file);
    byFile.set(k, [...(byFile.get(k) ?? []), p]);
  }
  for (const f of findings) {
    const candidates = byFile.get(abs(f.file)) ?? [];
    const lines = [f.line, ...f.related.filter((r) => abs(r.file) === abs(f.file)).map((r) => r.line)];
    for (const p of candidates) {
      if (!lines.some((l) => l >= p.line && l <= (p.endLine || p.line))) continue;
      f.related.push({ file: p.file, line: p.line, column: p.column, message: `predicted by rule ${p.rule}: ${p.message}` });
      const predicted = (f.artifact?.predictedBy as string[] | undefined) ?? [];
      if (!predicted.includes(p.rule) && f.artifact) f.artifact.predictedBy = [...predicted, p.rule];
    }
  }
}

function isLocalFile(path: string): boolean {
  try {
    return existsSync(path);
  } catch {
    return false;
  }
}

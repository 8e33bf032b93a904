// `analyze` for inputs held in memory — pasted text or the bytes of a file — with no file system,
// no process and no Node modules, so it runs in a browser page. Frames stay as printed (no --source).

import type { ReportDocument } from '../report/finding.js';
import { UNLINKED } from './link/linking.js';
import { type PipelineOptions, runPipeline } from './pipeline.js';
import { readMemory } from './read-memory.js';

export interface MemoryArtifact {
  /** Name for reports, e.g. the file name or 'pasted.txt'. */
  name: string;
  data: string | Uint8Array;
}

export type MemoryAnalyzeOptions = Omit<PipelineOptions, 'decoder'>;

export async function analyzeMemory(inputs: readonly MemoryArtifact[], options: MemoryAnalyzeOptions = {}): Promise<ReportDocument> {
  const started = Date.now();
  const doc = await runPipeline(
    inputs.map((input) => ({ name: input.name, read: (text) => readMemory(input.data, input.name, text) })),
    UNLINKED,
    options,
  );
  doc.stats.ms = Date.now() - started;
  return doc;
}

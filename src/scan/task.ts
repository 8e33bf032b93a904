// One unit of scan work: a directory's files, read and analysed where it runs (a worker thread
// or the main thread), returning plain findings, never trees.

import { type Config, resolveRules } from '../engine/config.js';
import { analyzeDirectory, type PackageResult, type SourceFile } from '../engine/engine.js';
import type { GoVersion } from '../model/goversion.js';
import type { InputError } from '../report/finding.js';
import { RULES } from '../rules/index.js';
import { isKnownRuleOrFamily } from './memory.js';
import { readGoSource } from './source.js';

export interface DirTask {
  dir: string;
  files: { abs: string; display: string }[];
  goVersion: GoVersion;
  /** Collect time per phase and rule (--timing). */
  timing?: boolean;
}

export interface DirResult extends PackageResult {
  dir: string;
  timings?: Record<string, number>;
}

const isKnown = isKnownRuleOrFamily(RULES);

export function runDirTask(task: DirTask, config: Config): DirResult {
  const errors: InputError[] = [];
  const sources: SourceFile[] = [];
  for (const f of task.files) {
    const r = readGoSource(f.abs);
    if (r.ok) sources.push({ path: f.display, src: r.src });
    else errors.push({ file: f.display, message: r.message });
  }
  let result: PackageResult;
  const timings: Record<string, number> | undefined = task.timing ? {} : undefined;
  try {
    result = analyzeDirectory({ dir: task.dir, files: sources, goVersion: task.goVersion }, resolveRules(RULES, config), { isKnownRule: isKnown, timings });
  } catch (err) {
    result = { findings: [], errors: [{ file: task.files[0]?.display ?? task.dir, message: `internal error analysing this directory: ${(err as Error).message}` }], files: sources.length, lines: 0 };
  }
  return { ...result, errors: [...errors, ...result.errors], files: task.files.length, dir: task.dir, ...(timings ? { timings } : {}) };
}

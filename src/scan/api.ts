// Library entry point for scanning paths on disk.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Config, ConfigError, validateConfig } from '../engine/config.js';
import { compareFindings, type ReportDocument } from '../report/finding.js';
import { RULES } from '../rules/index.js';
import { discover } from './discover.js';
import { GoModResolver } from './gomod.js';
import { configuredVersion } from './memory.js';
import { runTasks, startPool } from './pool.js';
import type { DirResult, DirTask } from './task.js';

export interface ScanOptions {
  cwd?: string;
  config?: Config;
  includeVendor?: boolean;
  includeTestdata?: boolean;
  /** Worker threads (default: one per core; 0 = main thread only). */
  workers?: number;
  onProgress?: (filesDone: number, filesTotal: number) => void;
  /** Milliseconds per phase and rule are added here (CPU time summed over workers). */
  timings?: Record<string, number>;
}

/** Scans files, directories and `dir/...` patterns. */
export async function scanPaths(paths: readonly string[], options: ScanOptions = {}): Promise<ReportDocument> {
  const started = Date.now();
  const cwd = options.cwd ?? process.cwd();
  const config = options.config ?? {};
  // a recursive scan is usually large: workers load the analyser while the files are found
  const pool = paths.some((p) => p.endsWith('...')) ? startPool(config, options.workers) : null;
  let plan: ReturnType<typeof planTasks>;
  try {
    plan = planTasks(paths, options, cwd, config);
  } catch (err) {
    pool?.close(); // idle workers would keep the process alive
    throw err;
  }
  const { found, tasks, sizes, totalFiles } = plan;
  let filesDone = 0;
  const results: DirResult[] = await runTasks(tasks, sizes, {
    config,
    workers: options.workers,
    pool,
    onResult: (r) => {
      filesDone += r.files;
      options.onProgress?.(filesDone, totalFiles);
    },
  });
  const doc: ReportDocument = { version: 1, findings: [], errors: [...found.errors], stats: { files: 0, lines: 0, ms: 0 } };
  for (const r of results) {
    if (options.timings && r.timings) for (const [k, v] of Object.entries(r.timings)) options.timings[k] = (options.timings[k] ?? 0) + v;
    doc.findings.push(...r.findings);
    doc.errors.push(...r.errors);
    doc.stats.files += r.files;
    doc.stats.lines += r.lines;
  }
  doc.findings.sort(compareFindings);
  doc.errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));
  doc.stats.ms = Date.now() - started;
  return doc;
}

/** The directories to analyse, one task each, with their sizes (files are read where they are analysed). */
function planTasks(paths: readonly string[], options: ScanOptions, cwd: string, config: Config) {
  const found = discover(paths, {
    cwd,
    includeVendor: options.includeVendor,
    includeTestdata: options.includeTestdata,
    exclude: config.exclude,
  });
  const mods = new GoModResolver();
  const override = configuredVersion(config);
  const tasks: DirTask[] = [];
  const sizes = new Map<DirTask, number>();
  let totalFiles = 0;
  for (const [dir, files] of found.dirs) {
    const task: DirTask = {
      dir,
      files: files.map((f) => ({ abs: f.abs, display: f.display })),
      goVersion: override ?? mods.forDir(dir).version,
      timing: options.timings !== undefined,
    };
    tasks.push(task);
    sizes.set(
      task,
      files.reduce((a, f) => a + f.size, 0),
    );
    totalFiles += files.length;
  }
  return { found, tasks, sizes, totalFiles };
}

/** Reads and validates a config file. */
export function loadConfig(path: string): Config {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`${path}: ${(err as Error).message}`);
  }
  const cfg = validateConfig(raw, path, RULES);
  // exclude patterns are relative to the config file's directory
  if (cfg.exclude) cfg.exclude = cfg.exclude.map((p) => resolve(dirname(path), p));
  return cfg;
}

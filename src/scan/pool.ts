// Runs directory tasks on worker threads, handing the next task to whichever worker is free
// (largest directories first, so one big package does not finish last). Small scans run on
// the main thread: starting workers costs more than it saves.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../engine/config.js';
import { type DirResult, type DirTask, runDirTask } from './task.js';

export interface PoolOptions {
  config: Config;
  /** Worker threads; 0 runs everything on the main thread. Default: one per core. */
  workers?: number;
  /** Workers started earlier by startPool (they load while the caller discovers files); used or closed. */
  pool?: ScanPool | null;
  onResult?: (result: DirResult, done: number, total: number) => void;
}

/**
 * V8 tiering for the workers: they run one large batch of short analyses, and with the default
 * budgets the optimizing compiler spends as much CPU as the analysis itself on code that runs
 * briefly (about 1,000 TurboFan compilations per worker on the standard library), competing for
 * the same cores. Optimizing later and inlining less cut CPU time by a quarter there. V8 flags
 * are process-wide: they are set once, before the first worker starts.
 */
const WORKER_V8_FLAGS = ['--interrupt-budget=500000', '--max-inlined-bytecode-size-cumulative=460'];
let v8FlagsSet = false;

/** Below this many bytes of source, scanning on the main thread is faster. */
const IN_PROCESS_BYTES = 2 * 1024 * 1024;

const WORKER_FILE = new URL('./worker.js', import.meta.url);

/** Worker threads, started before their tasks are known: loading the analyser takes each a few hundred milliseconds. */
export class ScanPool {
  readonly workers: { worker: Worker; failure: Error | null }[];

  constructor(count: number, config: Config) {
    if (!v8FlagsSet) {
      for (const flag of WORKER_V8_FLAGS) setFlagsFromString(flag);
      v8FlagsSet = true;
    }
    this.workers = Array.from({ length: count }, () => {
      // a larger stack: generated Go code nests expressions thousands of levels deep. The young
      // generation is V8's: 64 or 128 MB scanned the standard library no faster, with more memory.
      const worker = new Worker(WORKER_FILE, {
        workerData: { config },
        resourceLimits: { stackSizeMb: 64 },
      });
      const slot = { worker, failure: null as Error | null };
      // a worker that fails before it has a task must not take the process down
      worker.once('error', (err) => (slot.failure = err));
      return slot;
    });
  }

  close(): void {
    for (const { worker } of this.workers) void worker.terminate();
  }
}

/**
 * Starts the workers a scan will probably want (`wanted` or one per core), or returns null
 * when it runs on the main thread (workers: 0, or no compiled worker file as under a test
 * runner that loads the TypeScript sources).
 */
export function startPool(config: Config, wanted?: number): ScanPool | null {
  const count = wanted ?? availableParallelism();
  if (count <= 0 || !existsSync(fileURLToPath(WORKER_FILE))) return null;
  return new ScanPool(count, config);
}

export async function runTasks(tasks: DirTask[], sizes: Map<DirTask, number>, options: PoolOptions): Promise<DirResult[]> {
  const ordered = [...tasks].sort((a, b) => (sizes.get(b) ?? 0) - (sizes.get(a) ?? 0));
  const totalBytes = [...sizes.values()].reduce((a, b) => a + b, 0);
  const wanted = options.workers ?? availableParallelism();
  const useWorkers = wanted > 0 && totalBytes > IN_PROCESS_BYTES && ordered.length > 1 && existsSync(fileURLToPath(WORKER_FILE));
  const results: DirResult[] = [];
  if (!useWorkers) {
    options.pool?.close();
    for (const t of ordered) {
      const r = runDirTask(t, options.config);
      results.push(r);
      options.onResult?.(r, results.length, ordered.length);
      await new Promise((resolve) => setImmediate(resolve)); // let progress output flush
    }
    return results;
  }
  const pool = options.pool ?? new ScanPool(wanted, options.config);
  const count = Math.min(pool.workers.length, ordered.length);
  for (const extra of pool.workers.slice(count)) void extra.worker.terminate();
  let next = 0;
  await Promise.all(
    pool.workers.slice(0, count).map(
      (slot) =>
        new Promise<void>((resolve) => {
          const worker = slot.worker;
          let current: DirTask | undefined;
          const feed = () => {
            current = ordered[next++];
            if (current) worker.postMessage(current);
            else void worker.terminate().then(() => resolve());
          };
          const fail = (err: Error) => {
            // the task that killed the worker is reported; the others go on in a fresh pool slot
            if (current) {
              const failed: DirResult = {
                dir: current.dir,
                findings: [],
                errors: [{ file: current.files[0]?.display ?? current.dir, message: `internal error: ${err.message}` }],
                files: current.files.length,
                lines: 0,
              };
              results.push(failed);
              options.onResult?.(failed, results.length, ordered.length);
            }
            resolve();
          };
          if (slot.failure) return fail(slot.failure);
          worker.on('message', (r: DirResult) => {
            results.push(r);
            options.onResult?.(r, results.length, ordered.length);
            feed();
          });
          worker.on('error', fail);
          feed();
        }),
    ),
  );
  // if a worker died, finish whatever is left on the main thread
  while (next < ordered.length) {
    const r = runDirTask(ordered[next++]!, options.config);
    results.push(r);
    options.onResult?.(r, results.length, ordered.length);
  }
  return results;
}

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
  onResult?: (result: DirResult, done: number, total: number) => void;
}

/** A roomy young generation: analysis allocates many short-lived objects (measured: -15% wall). */
const YOUNG_GENERATION_MB = 128;

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

export async function runTasks(tasks: DirTask[], sizes: Map<DirTask, number>, options: PoolOptions): Promise<DirResult[]> {
  const ordered = [...tasks].sort((a, b) => (sizes.get(b) ?? 0) - (sizes.get(a) ?? 0));
  const totalBytes = [...sizes.values()].reduce((a, b) => a + b, 0);
  const workerFile = new URL('./worker.js', import.meta.url);
  const wanted = options.workers ?? availableParallelism();
  const useWorkers = wanted > 0 && totalBytes > IN_PROCESS_BYTES && ordered.length > 1 && existsSync(fileURLToPath(workerFile));
  const results: DirResult[] = [];
  if (!useWorkers) {
    for (const t of ordered) {
      const r = runDirTask(t, options.config);
      results.push(r);
      options.onResult?.(r, results.length, ordered.length);
      await new Promise((resolve) => setImmediate(resolve)); // let progress output flush
    }
    return results;
  }
  if (!v8FlagsSet) {
    for (const flag of WORKER_V8_FLAGS) setFlagsFromString(flag);
    v8FlagsSet = true;
  }
  const count = Math.min(wanted, ordered.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<void>((resolve) => {
        // a larger stack: generated Go code nests expressions thousands of levels deep
        const worker = new Worker(workerFile, { workerData: { config: options.config }, resourceLimits: { stackSizeMb: 64, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
        let current: DirTask | undefined;
        const feed = () => {
          current = ordered[next++];
          if (current) worker.postMessage(current);
          else void worker.terminate().then(() => resolve());
        };
        worker.on('message', (r: DirResult) => {
          results.push(r);
          options.onResult?.(r, results.length, ordered.length);
          feed();
        });
        worker.on('error', (err) => {
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
        });
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

// Worker thread: receives directory tasks, returns their results.

import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../engine/config.js';
import { type DirTask, runDirTask } from './task.js';

const config = (workerData as { config: Config }).config;

parentPort!.on('message', (task: DirTask) => {
  parentPort!.postMessage(runDirTask(task, config));
});

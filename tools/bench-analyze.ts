// Benchmark for `analyze` on huge goroutine dumps: generates (streaming to a temp file) a realistic
// debug=2 dump of 50 MB and of 200 MB, analyzes each in a fresh child process, and reports
// throughput and peak RSS. Peak memory should not depend on the dump size (the scanners stream and
// only aggregates grow). Called by tools/bench.ts (`npm run bench`); never a unit test.
//   node dist/tools/bench-analyze.js [sizeMB...]

import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeArtifacts } from '../src/artifacts/analyze.js';

/**
 * Stack templates: what a busy server's dump looks like (leaks, lock waits, I/O, workers). As in
 * real dumps, pointer arguments differ from goroutine to goroutine, so no goroutine block repeats
 * verbatim and per-line caches only help with the runtime and library frames.
 */
const TEMPLATES: { state: string; frames: string[]; created: string }[] = [];
for (let i = 0; i < 40; i++) {
  const pkg = `example.com/svc/internal/mod${i % 8}`;
  const kinds = [
    { state: 'chan receive', top: ['runtime.gopark(0x0?, 0x0?, 0x0?, 0x0?, 0x0?)\n\truntime/proc.go:363 +0xd6', 'runtime.chanrecv(0xc000120060, 0x0, 0x1)\n\truntime/chan.go:583 +0x49b', 'runtime.chanrecv1(0x0?, 0x0?)\n\truntime/chan.go:442 +0x18'] },
    { state: 'select', top: ['runtime.gopark(0xc00011ff80?, 0x2?, 0x0?, 0x0?, 0xc00011ff2c?)\n\truntime/proc.go:363 +0xd6', 'runtime.selectgo(0xc00011ff80, 0xc00011ff28, 0x0?, 0x0, 0x0?, 0x1)\n\truntime/select.go:328 +0x7bc'] },
    { state: 'semacquire', top: ['sync.runtime_SemacquireMutex(0xc0001a0004?, 0x0?, 0x0?)\n\truntime/sema.go:77 +0x25', 'sync.(*Mutex).lockSlow(0xc0001a0000)\n\tsync/mutex.go:171 +0x165', 'sync.(*Mutex).Lock(...)\n\tsync/mutex.go:90'] },
    { state: 'IO wait', top: ['internal/poll.runtime_pollWait(0x7f1e5c0b2f08, 0x72)\n\truntime/netpoll.go:305 +0x89', 'internal/poll.(*pollDesc).wait(0xc000212000?, 0xc00021e000?, 0x0)\n\tinternal/poll/fd_poll_runtime.go:84 +0x32'] },
  ];
  const k = kinds[i % kinds.length]!;
  TEMPLATES.push({
    state: k.state,
    frames: [
      ...k.top,
      // @PTR@ is replaced per goroutine: real dumps differ in pointer arguments (receivers, closure contexts).
      `${pkg}.(*Handler).serve${i}(@PTR@, {0x8a2f40, 0xc0001b2000})\n\t${pkg}/handler${i}.go:${40 + i} +0x1f${i % 10}`,
      `${pkg}.(*Pool).run(0xc0000f6000, 0x${i.toString(16)})\n\t${pkg}/pool.go:88 +0x9c`,
      `${pkg}.Start.func1({0x8a6e60, @PTR@})\n\t${pkg}/pool.go:52 +0x45`,
    ],
    created: `created by ${pkg}.Start\n\t${pkg}/pool.go:50 +0x1a5`,
  });
}

/** Writes a dump of about `mb` megabytes to `path`, 1 MB at a time; returns its goroutine count. */
export function generateDump(path: string, mb: number): number {
  const fd = openSync(path, 'w');
  const target = mb * 1024 * 1024;
  let written = 0;
  let id = 1;
  let chunk = 'goroutine 1 [running]:\nruntime/pprof.writeGoroutineStacks({0x8a6f00, 0xc000010000})\n\truntime/pprof/pprof.go:692 +0x70\n\n';
  try {
    while (written + chunk.length < target) {
      id++;
      const t = TEMPLATES[(id * 7919) % TEMPLATES.length]!;
      const minutes = id % 3 === 0 ? `, ${id % 60} minutes` : '';
      const ptr = `0xc000${(0x100000 + id * 96).toString(16)}`;
      chunk += `goroutine ${id} [${t.state}${minutes}]:\n${t.frames.join('\n').replaceAll('@PTR@', ptr)}\n${t.created}\n\n`;
      if (chunk.length > 1 << 20) {
        written += writeSync(fd, chunk);
        chunk = '';
      }
    }
    written += writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  return id;
}

interface ChildResult {
  ms: number;
  /** CPU time (user + system) of the analysis: steadier than wall time on a shared machine. */
  cpuMs: number;
  maxRssMB: number;
  goroutines: number;
  findings: number;
}

/** In a fresh process (so peak RSS belongs to this run only): analyze one dump file. */
async function child(path: string): Promise<void> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const doc = await analyzeArtifacts([{ name: path, open: () => createReadStream(path, { highWaterMark: 1 << 20 }) }], { cwd: process.cwd() });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const goroutines = Number(doc.artifacts?.[0]?.goroutines ?? 0);
  const out: ChildResult = { ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024, goroutines, findings: doc.findings.length };
  process.stdout.write(JSON.stringify(out));
}

function runChild(path: string): ChildResult {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', path], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`bench child failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as ChildResult;
}

function idleRssMB(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.resourceUsage().maxRSS / 1024))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

export async function benchAnalyze(sizesMB: readonly number[] = [50, 200]): Promise<Record<string, number | string>> {
  const figures: Record<string, number | string> = { 'node idle RSS MB': Math.round(idleRssMB()) };
  for (const mb of sizesMB) {
    const path = join(tmpdir(), `gohazard-bench-dump-${mb}mb-${process.pid}.txt`);
    try {
      const goroutines = generateDump(path, mb);
      const bytes = statSync(path).size;
      const r = runChild(path);
      if (r.goroutines !== goroutines) throw new Error(`scanned ${r.goroutines} goroutines, generated ${goroutines}`);
      const label = `${mb} MB dump`;
      figures[`${label}: goroutines`] = goroutines;
      figures[`${label}: seconds`] = Number((r.ms / 1000).toFixed(2));
      figures[`${label}: MB/s`] = Number((bytes / 1e6 / (r.ms / 1000)).toFixed(1));
      figures[`${label}: MB/s of CPU time`] = Number((bytes / 1e6 / (r.cpuMs / 1000)).toFixed(1));
      figures[`${label}: peak RSS MB`] = Math.round(r.maxRssMB);
      figures[`${label}: findings`] = r.findings;
    } finally {
      rmSync(path, { force: true });
    }
  }
  return figures;
}

const self = fileURLToPath(import.meta.url);
if (process.argv[1] && resolve(process.argv[1]) === self) {
  if (process.argv[2] === '--child') await child(process.argv[3]!);
  else {
    const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
    const figures = await benchAnalyze(sizes.length > 0 ? sizes : undefined);
    for (const [k, v] of Object.entries(figures)) console.log(`${k}: ${v}`);
  }
}

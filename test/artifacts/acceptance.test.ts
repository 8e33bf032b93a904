// The runtime-artifact acceptance cases 35–40 of the seed catalog, written from their descriptions.

import { describe, expect, it } from 'vitest';
import { analyzeBuffers, byRule } from './helpers.js';

function goroutines(n: number, header: string, frames: string): string {
  let out = 'goroutine 1 [running]:\nruntime/pprof.writeGoroutineStacks({0x4f8d48, 0xc0000a0008})\n\truntime/pprof/pprof.go:692 +0x70\nmain.main()\n\texample.com/app/main.go:50 +0x9d\n';
  for (let i = 0; i < n; i++) out += `\ngoroutine ${100 + i} [${header}]:\n${frames}`;
  return out + '\n';
}

describe('seed catalog acceptance cases', () => {
  it('35: concurrent map fatal errors point at the user frame below the runtime map frames', async () => {
    for (const [msg, frame, rule] of [
      ['concurrent map writes', 'runtime.mapassign_faststr', 'crash-concurrent-map-writes'],
      ['concurrent map read and map write', 'runtime.mapaccess1_faststr', 'crash-concurrent-map-read-write'],
      ['concurrent map iteration and map write', 'runtime.mapiternext', 'crash-concurrent-map-iteration'],
    ]) {
      const text = `fatal error: ${msg}\n\ngoroutine 6 [running]:\n${frame}(0x4a1e40, 0xc000072180, {0x4b52a1, 0x3})\n\truntime/map_faststr.go:211 +0x39c\nmain.worker(0xc000072180)\n\texample.com/app/worker.go:42 +0x53\ncreated by main.main\n\texample.com/app/main.go:11 +0x85\n`;
      const doc = await analyzeBuffers([{ name: 'crash.log', data: text }]);
      const [f] = byRule(doc, rule!);
      expect(f).toMatchObject({ family: 'map-concurrency', file: 'example.com/app/worker.go', line: 42 });
      expect(f!.message).toContain('recover() cannot catch it');
    }
  });

  it('36: atomic store racing with a plain read → mixed atomic/plain access, both locations', async () => {
    const text = '==================\nWARNING: DATA RACE\nWrite at 0x00c0000140a8 by goroutine 6:\n  sync/atomic.StoreInt64()\n      runtime/race_amd64.s:237 +0xb\n  main.main.func1()\n      example.com/app/main.go:7 +0x3a\n\nPrevious read at 0x00c0000140a8 by goroutine 7:\n  main.main.func2()\n      example.com/app/main.go:10 +0x2e\n\nGoroutine 6 (running) created at:\n  main.main()\n      example.com/app/main.go:6 +0x4e\n\nGoroutine 7 (finished) created at:\n  main.main()\n      example.com/app/main.go:9 +0x6a\n==================\n';
    const doc = await analyzeBuffers([{ name: 'race.log', data: text }]);
    expect(doc.findings).toHaveLength(1);
    const f = doc.findings[0]!;
    expect(f).toMatchObject({ rule: 'race-atomic-mixed', family: 'sync-pool-atomic', file: 'example.com/app/main.go', line: 10 });
    expect(f.related[0]).toMatchObject({ line: 7, message: expect.stringContaining('(atomic)') });
    expect(JSON.stringify(doc)).not.toMatch(/cannot see plain reads|not instrumented/);
  });

  it('37: ≥ N goroutines at one `for range ch` frame with long waits → goroutine leak with the count', async () => {
    const text = goroutines(120, 'chan receive, 37 minutes', 'main.consume(0xc000100060)\n\texample.com/app/consumer.go:14 +0x4f\ncreated by main.startConsumers\n\texample.com/app/consumer.go:8 +0x3a\n');
    const doc = await analyzeBuffers([{ name: 'dump.txt', data: text }], { thresholds: { leakCount: 100 } });
    const [f] = byRule(doc, 'dump-leak-suspect');
    expect(f).toMatchObject({ family: 'goroutine-leak', file: 'example.com/app/consumer.go', line: 14 });
    expect(f!.message).toMatch(/^120 goroutines blocked receiving from a channel in main\.consume, blocked for 37\+ minutes/);
    expect(f!.artifact).toMatchObject({ count: 120, waitMinutes: { min: 37, max: 37 } });
    // 99 of them, without minutes: under the threshold, silent.
    const few = await analyzeBuffers([{ name: 'dump.txt', data: goroutines(99, 'chan receive', 'main.consume(0xc000100060)\n\texample.com/app/consumer.go:14 +0x4f\n') }], { thresholds: { leakCount: 100 } });
    expect(few.findings).toEqual([]);
  });

  it('38: all goroutines asleep with goroutine 1 in chan send → channel-misuse at that line', async () => {
    const text = 'fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan send]:\nmain.main()\n\texample.com/app/main.go:6 +0x31\nexit status 2\n';
    const doc = await analyzeBuffers([{ name: 'crash.log', data: text }]);
    expect(doc.findings).toHaveLength(1);
    expect(doc.findings[0]).toMatchObject({ rule: 'deadlock-channel', family: 'channel-misuse', file: 'example.com/app/main.go', line: 6 });
    expect(doc.findings[0]!.message).toMatch(/goroutine 1 is blocked sending on a channel in main\.main; no goroutine will receive: no other goroutine is alive/);
  });

  it('39: steady schedtrace is silent, a sustained backlog is reported, the invented table is not recognised', async () => {
    const steady = Array.from({ length: 20 }, (_, i) => `SCHED ${i * 1000}ms: gomaxprocs=2 idleprocs=0 threads=5 spinningthreads=0 idlethreads=1 runqueue=0 [0 0]`).join('\n');
    expect((await analyzeBuffers([{ name: 's.log', data: steady }])).findings).toEqual([]);
    const backlog = Array.from({ length: 20 }, (_, i) => `SCHED ${i * 1000}ms: gomaxprocs=2 idleprocs=0 threads=5 spinningthreads=0 idlethreads=1 runqueue=${30 + i} [12 9]`).join('\n');
    const doc = await analyzeBuffers([{ name: 's.log', data: backlog }]);
    expect(doc.findings.map((f) => [f.rule, f.family, f.line])).toEqual([['schedtrace-runqueue-backlog', 'starvation', 1]]);
    const fake = '| Time | Gs | Ms | Ps | Sys | Idle | Run | GC |\n|---|---|---|---|---|---|---|---|\n| 1ms | 12 | 3 | 2 | 18 | 0 | 2 | 0 |\n| 2ms | 15 | 3 | 2 | 18 | 0 | 2 | 0 |\n';
    const fakeDoc = await analyzeBuffers([{ name: 'fake.log', data: fake }]);
    expect(fakeDoc.findings).toEqual([]);
    expect(fakeDoc.errors).toEqual([{ file: 'fake.log', message: expect.stringMatching(/^no Go runtime artifact recognised/) }]);
  });

  it('40: invented metric names and endpoints are not recognised', async () => {
    const text = 'sched.goroutines.preempted 734\nsched.p.idle 0\nGET /debug/pprof/sched?debug=1\n';
    const doc = await analyzeBuffers([{ name: 'metrics.txt', data: text }]);
    expect(doc.findings).toEqual([]);
    expect(doc.artifacts).toEqual([]);
    expect(doc.errors).toHaveLength(1);
  });
});

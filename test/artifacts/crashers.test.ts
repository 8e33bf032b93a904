// Real output of the Go toolchain at hand: the crasher programs (tools/crashers) are built once,
// each mode is run, and its output is analyzed. These tests need `go` (CI installs Debian's
// golang-go); they fail loudly without it. Set GOHAZARD_NO_GO=1 to skip them deliberately.

import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCrashers, type CrasherBuild, goVersion, run, runHangTest } from '../../tools/crashers/run.js';
import { analyzeBuffers, byRule, lineOf, rules } from './helpers.js';

const skip = process.env.GOHAZARD_NO_GO === '1';

describe.skipIf(skip)('live crashers (go toolchain)', () => {
  let b: CrasherBuild;

  beforeAll(() => {
    const v = goVersion();
    if (!v) throw new Error('the go command is required for these tests (apt-get install golang-go), or set GOHAZARD_NO_GO=1');
    b = buildCrashers();
  }, 300_000);

  afterAll(() => {
    if (b) rmSync(b.dir, { recursive: true, force: true });
  });

  const analyze = (name: string, output: Buffer, source = 'tools/crashers') => analyzeBuffers([{ name, data: output }], { source });

  it.each([
    ['map-writes', 'crash-concurrent-map-writes', '// concurrent map writes'],
    ['map-read-write', 'crash-concurrent-map-read-write', '// concurrent map read and map write'],
    ['map-iteration', 'crash-concurrent-map-iteration', '// concurrent map iteration and map write'],
  ])('%s crashes with a map fatal error at the user line', async (mode, rule, marker) => {
    const r = run(b.bin, [mode]);
    expect(r.status).toBe(2);
    const doc = await analyze(mode, r.output);
    expect(byRule(doc, rule)[0]).toMatchObject({ family: 'map-concurrency', file: 'tools/crashers/crashes.go', line: lineOf('crashes.go', marker) });
  });

  it.each([
    ['send-closed', 'crash-send-on-closed-channel', '// send on closed channel'],
    ['close-closed', 'crash-close-of-closed-channel', 'close(done)'],
    ['close-nil', 'crash-close-of-nil-channel', '// close of nil channel'],
    ['unlock-unlocked', 'crash-unlock-of-unlocked', '// unlock of unlocked mutex'],
    ['runlock-unlocked', 'crash-unlock-of-unlocked', 'mu.RUnlock()'],
    ['thread-exhaustion', 'crash-thread-exhaustion', 'time.Sleep(time.Hour)'],
  ])('%s → %s', async (mode, rule, marker) => {
    const r = run(b.bin, [mode]);
    expect(r.status).toBe(2);
    const doc = await analyze(mode, r.output);
    expect(byRule(doc, rule)[0]).toMatchObject({ file: 'tools/crashers/crashes.go', line: lineOf('crashes.go', marker) });
  });

  it('negative WaitGroup counter (the main goroutine may also report the reuse)', async () => {
    const r = run(b.bin, ['negative-waitgroup']);
    const doc = await analyze('wg', r.output);
    expect(byRule(doc, 'crash-negative-waitgroup')[0]).toMatchObject({ family: 'waitgroup', line: lineOf('crashes.go', '// one Done too many') + 1 });
  });

  it('deadlock: lock cycle between the sender holding mu and the receiver waiting for it', async () => {
    const r = run(b.bin, ['deadlock']);
    expect(r.output.toString()).toContain('fatal error: all goroutines are asleep - deadlock!');
    const doc = await analyze('deadlock', r.output);
    expect(rules(doc)).toEqual(['deadlock-channel', 'deadlock-mutex', 'deadlock-waitgroup']);
    expect(byRule(doc, 'deadlock-mutex')[0]!.message).toMatch(/mu is held by goroutine \d+ .* wait cycle/);
  });

  it('cgo pointer check (cgo + gcc)', async () => {
    const r = run(b.cgocheck, []);
    const doc = await analyze('cgo', r.output);
    expect(byRule(doc, 'crash-cgo-pointer')[0]).toMatchObject({ file: 'tools/crashers/cgocheck/main.go', family: 'cgo' });
  });

  it('leak dumps in all three pprof forms and a SIGQUIT dump', async () => {
    for (const [mode, stdoutOnly] of [['dump-debug2', true], ['dump-debug1', true], ['dump-pprof', true], ['sigquit', false]] as const) {
      const r = run(b.bin, [mode]);
      const doc = await analyzeBuffers([{ name: mode, data: stdoutOnly ? r.stdout : r.output }], { source: 'tools/crashers', thresholds: { leakCount: 20 } });
      expect(byRule(doc, 'dump-leak-suspect')[0], mode).toMatchObject({ line: lineOf('dumps.go', 'for j := range jobs') });
      expect(byRule(doc, 'dump-lock-convoy')[0], mode).toMatchObject({ line: lineOf('dumps.go', 'defer mu.Unlock()') - 1 });
    }
  });

  it('growth between two dumps of one process', async () => {
    run(b.bin, ['dump-growth', b.dir]);
    const { readFileSync } = await import('node:fs');
    const doc = await analyzeBuffers(
      [
        { name: 'before.txt', data: readFileSync(`${b.dir}/before.txt`) },
        { name: 'after.txt', data: readFileSync(`${b.dir}/after.txt`) },
      ],
      { source: 'tools/crashers' },
    );
    expect(byRule(doc, 'dump-goroutine-growth')[0]!.message).toMatch(/grew from 10 to 210/);
  });

  it('race detector report (go build -race)', async () => {
    const r = run(b.race, ['race']);
    expect(r.status).toBe(66);
    const doc = await analyze('race', r.output);
    expect(rules(doc)).toEqual(['race-atomic-mixed', 'race-captured-variable', 'race-map', 'race-slice', 'race-struct-field']);
  });

  it('go test -timeout hang', async () => {
    const r = runHangTest();
    expect(r.output.toString()).toContain('panic: test timed out after 1s');
    const doc = await analyze('hang', r.output);
    expect(rules(doc)).toEqual(['test-timeout-hang']);
    expect(doc.findings.map((f) => f.file).sort()).toEqual(['tools/crashers/hang/hang.go', 'tools/crashers/hang/hang_test.go']);
  }, 120_000);

  it('schedtrace: backlog and thread growth reported, a mostly idle program silent', async () => {
    const env = (d: string) => ({ GOMAXPROCS: '2', GODEBUG: d });
    expect(rules(await analyze('s', run(b.bin, ['schedtrace-backlog'], env('schedtrace=100')).output))).toEqual(['schedtrace-runqueue-backlog']);
    expect(rules(await analyze('s', run(b.bin, ['schedtrace-threads'], env('schedtrace=100')).output))).toEqual(['schedtrace-thread-explosion']);
    expect((await analyze('s', run(b.bin, ['schedtrace-healthy'], env('schedtrace=100')).output)).findings).toEqual([]);
  });

  it('gctrace: churn, growth with forced GCs, healthy', async () => {
    const env = { GODEBUG: 'gctrace=1' };
    expect(rules(await analyze('g', run(b.bin, ['gctrace-churn'], env).output))).toContain('gctrace-frequent-gc');
    expect(rules(await analyze('g', run(b.bin, ['gctrace-growth'], env).output))).toEqual(expect.arrayContaining(['gctrace-forced-gc', 'gctrace-heap-growth']));
    expect((await analyze('g', run(b.bin, ['gctrace-healthy'], env).output)).findings).toEqual([]);
  });

  it('absolute build paths (no -trimpath) link to the sources by suffix', async () => {
    const r = run(b.abs, ['close-nil']);
    expect(r.output.toString()).toMatch(/\t\/.*\/tools\/crashers\/crashes\.go:\d+/);
    const doc = await analyze('abs', r.output);
    expect(byRule(doc, 'crash-close-of-nil-channel')[0]).toMatchObject({ file: 'tools/crashers/crashes.go', line: lineOf('crashes.go', '// close of nil channel') });
  });
});

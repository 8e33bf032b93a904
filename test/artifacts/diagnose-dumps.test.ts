// Diagnoses of goroutine dumps, goroutine profiles (text and protobuf), before/after growth, race
// reports and GODEBUG traces, on real captures; plus the newer-format synthetic cases.

import { describe, expect, it } from 'vitest';
import { analyzeFixtures, byRule, lineOf, rules } from './helpers.js';

const source = 'tools/crashers';
const workerLine = () => lineOf('dumps.go', 'for j := range jobs');

describe('goroutine dumps and profiles', () => {
  it.each(['goroutine-dump/leaks-debug2.txt', 'pprof/leaks-debug1.txt', 'pprof/leaks-debug0.pb.gz', 'crash/sigquit-dump.txt'])(
    '%s: leak suspect at the range loop, lock convoy, nil channel',
    async (path) => {
      const sigquit = path.includes('sigquit');
      const doc = await analyzeFixtures([path], { source, thresholds: sigquit ? { leakCount: 20 } : {} });
      const leak = byRule(doc, 'dump-leak-suspect');
      expect(leak).toHaveLength(1);
      expect(leak[0]).toMatchObject({ family: 'goroutine-leak', severity: 'warning', file: 'tools/crashers/dumps.go', line: workerLine() });
      expect(leak[0]!.message).toMatch(new RegExp(`^${sigquit ? 20 : 150} goroutines blocked receiving from a channel in main\\.worker`));
      const convoy = byRule(doc, 'dump-lock-convoy');
      expect(convoy).toHaveLength(1);
      expect(convoy[0]).toMatchObject({ family: 'lock-misuse', line: lineOf('dumps.go', 'defer mu.Unlock()') - 1 });
      expect(convoy[0]!.message).toMatch(/^12 goroutines are waiting for the same lock in main\.locker/);
      // The holder is found from the source: it locked mu and sleeps.
      expect(convoy[0]!.related).toContainEqual(expect.objectContaining({ line: lineOf('dumps.go', 'time.Sleep(time.Hour)'), message: expect.stringMatching(/holds mu \(locked at line \d+\) while sleeping/) }));
      if (!path.startsWith('pprof/')) {
        // Profiles have no wait reasons: a send on a nil channel looks like any other send.
        expect(byRule(doc, 'dump-nil-channel')[0]).toMatchObject({ line: lineOf('dumps.go', 'n.events <- "started"') });
      }
    },
  );

  it('labels of profile records are carried into the finding', async () => {
    const doc = await analyzeFixtures(['pprof/leaks-debug1.txt'], { source });
    const leak = byRule(doc, 'dump-leak-suspect')[0]!;
    expect(leak.message).toContain('labels: pool=workers shard=0 (75), pool=workers shard=1 (75)');
    expect(doc.artifacts![0]).toMatchObject({ kind: 'pprof-goroutine', encoding: 'text', goroutines: 165 });
  });

  it('thresholds are configurable: below them a dump stays silent', async () => {
    const doc = await analyzeFixtures(['goroutine-dump/leaks-debug2.txt'], { source, thresholds: { leakCount: 1000, convoyCount: 100 } });
    expect(rules(doc)).toEqual(['dump-nil-channel']);
  });

  it('long waits make a suspect at low counts (wait minutes)', async () => {
    const doc = await analyzeFixtures(['research/goroutine-dump-wait-minutes-debug2.txt'], { thresholds: { leakMinutes: 2 } });
    const [f] = byRule(doc, 'dump-leak-suspect');
    expect(f).toMatchObject({ file: 'example.com/app/minutes/main.go', line: 10 });
    expect(f!.message).toMatch(/^3 goroutines blocked receiving from a channel in main\.stuck, blocked for 2\+ minutes/);
    const silent = await analyzeFixtures(['research/goroutine-dump-wait-minutes-debug2.txt']);
    expect(silent.findings).toEqual([]);
  });

  it('before/after dumps: growth per site', async () => {
    const doc = await analyzeFixtures(['goroutine-dump/growth-before.txt', 'goroutine-dump/growth-after.txt'], { source });
    const [g] = byRule(doc, 'dump-goroutine-growth');
    expect(g).toMatchObject({ family: 'goroutine-leak', file: 'tools/crashers/dumps.go', line: workerLine() });
    expect(g!.message).toMatch(/grew from 10 to 210 \(\+200 goroutines\) between testdata\/artifacts\/goroutine-dump\/growth-before\.txt and testdata\/artifacts\/goroutine-dump\/growth-after\.txt/);
    // The same two dumps in the other order: no growth.
    const reverse = await analyzeFixtures(['goroutine-dump/growth-after.txt', 'goroutine-dump/growth-before.txt'], { source });
    expect(byRule(reverse, 'dump-goroutine-growth')).toEqual([]);
  });

  it('growth across formats: a text dump before, a protobuf profile after', async () => {
    const doc = await analyzeFixtures(['goroutine-dump/growth-before.txt', 'pprof/leaks-debug0.pb.gz'], { source });
    expect(byRule(doc, 'dump-goroutine-growth').map((f) => f.line)).toContain(workerLine());
  });
});

describe('race reports', () => {
  it('deduplicates by access pair and classifies every race of the crasher', async () => {
    const doc = await analyzeFixtures(['race/races.txt'], { source });
    const found = doc.findings.map((f) => `${f.rule}@${f.line}`).sort();
    expect(found).toEqual(
      [
        `race-struct-field@${lineOf('races.go', '// struct field race')}`,
        `race-map@${lineOf('races.go', '// map race')}`,
        `race-atomic-mixed@${lineOf('races.go', '_ = readPlain()')}`,
        `race-captured-variable@${lineOf('races.go', '_ = done')}`,
        `race-slice@${lineOf('races.go', '// slice race')}`,
      ].sort(),
    );
    const map = byRule(doc, 'race-map')[0]!;
    expect(map.family).toBe('map-concurrency');
    expect(map.message).toMatch(/\(2 reports for this pair\)/);
    expect(map.related.map((r) => r.message)).toEqual([
      expect.stringMatching(/^previous write by goroutine \d+ in main\.\(\*counter\)\.inc$/),
      expect.stringMatching(/^goroutine \d+ \(running\) was started here$/),
      expect.stringMatching(/^goroutine \d+ \(finished\) was started here$/),
    ]);
    const atomic = byRule(doc, 'race-atomic-mixed')[0]!;
    expect(atomic.family).toBe('sync-pool-atomic');
    expect(atomic.message).toMatch(/read by the main goroutine .* races with an earlier write by goroutine \d+ \(atomic\)/);
    const captured = byRule(doc, 'race-captured-variable')[0]!;
    expect(captured.related[0]).toMatchObject({ line: lineOf('races.go', '// captured variable race') });
    expect(doc.artifacts![0]).toMatchObject({ kind: 'race-report', reports: 7, distinctPairs: 5, foundCount: 7 });
  });

  it('classifies without sources too (map and atomic from frames)', async () => {
    const doc = await analyzeFixtures(['race/races.txt']);
    expect(rules(doc)).toEqual(expect.arrayContaining(['race-map', 'race-atomic-mixed']));
    expect(doc.findings.every((f) => f.file === 'example.com/crashers/races.go')).toBe(true);
  });
});

describe('GODEBUG traces', () => {
  it('schedtrace backlog is reported, healthy traces stay silent, thread growth is reported', async () => {
    const backlog = await analyzeFixtures(['schedtrace/backlog.txt']);
    expect(rules(backlog)).toEqual(['schedtrace-runqueue-backlog']);
    expect(byRule(backlog, 'schedtrace-runqueue-backlog')[0]).toMatchObject({ family: 'starvation', file: 'testdata/artifacts/schedtrace/backlog.txt' });
    expect((await analyzeFixtures(['schedtrace/backlog-detail.txt'])).findings.map((f) => f.rule)).toEqual(['schedtrace-runqueue-backlog']);
    expect((await analyzeFixtures(['schedtrace/healthy.txt'])).findings).toEqual([]);
    expect((await analyzeFixtures(['synthetic/go1.22-schedtrace-needspinning.txt'])).findings).toEqual([]);
    const threads = await analyzeFixtures(['schedtrace/threads.txt']);
    expect(rules(threads)).toEqual(['schedtrace-thread-explosion']);
    expect(threads.findings[0]!.message).toMatch(/^\d+ OS threads for gomaxprocs=2/);
  });

  it('gctrace: churn is frequent GC, growth and forced GCs are reported, healthy stays silent', async () => {
    expect(rules(await analyzeFixtures(['gctrace/churn.txt']))).toEqual(['gctrace-frequent-gc']);
    expect(rules(await analyzeFixtures(['gctrace/growth.txt']))).toEqual(['gctrace-forced-gc', 'gctrace-heap-growth']);
    expect((await analyzeFixtures(['gctrace/healthy.txt'])).findings).toEqual([]);
    expect((await analyzeFixtures(['synthetic/go1.21-gctrace-scavenger.txt'])).artifacts![0]).toMatchObject({ kind: 'gctrace', cycles: 3, scavengerLines: 2, goVersion: 'go1.21+' });
  });
});

describe('newer Go formats (synthetic)', () => {
  it('1.21 created-by-in-goroutine crash: version fingerprint and the other writer', async () => {
    const doc = await analyzeFixtures(['synthetic/go1.21-map-writes-created-in-goroutine.txt']);
    const f = byRule(doc, 'crash-concurrent-map-writes')[0]!;
    expect(f).toMatchObject({ file: 'example.com/shop/cache/store.go', line: 42 });
    expect(f.related[0]).toMatchObject({ line: 42, message: expect.stringContaining('goroutine 8 [runnable] was in cache.(*Store).Put') });
    expect(doc.artifacts![0]).toMatchObject({ goVersion: 'go1.21+' });
  });

  it('1.23 test timeout: AB-BA lock order found from mutex addresses, linked to absolute build paths', async () => {
    const doc = await analyzeFixtures(['synthetic/go1.23-test-timeout-abba.txt'], { source: 'testdata/artifacts/synthetic/src/bank' });
    const transfer = doc.findings.find((f) => f.file.endsWith('bank/account.go'))!;
    expect(transfer).toMatchObject({ rule: 'test-timeout-hang', file: 'testdata/artifacts/synthetic/src/bank/account.go', line: 15 });
    expect(transfer.message).toMatch(/^test timed out after 5s while running TestTransfer \(5s\): 2 goroutines \(8, 9\) are waiting to acquire a mutex/);
    expect(transfer.message).toMatch(/wait cycle \(lock-order inversion: each holds a lock the next one wants\): goroutine 8 \(account\.go:15\) → goroutine 9 \(account\.go:15\) → goroutine 8/);
    expect(doc.artifacts![0]).toMatchObject({ kind: 'test-timeout', goVersion: 'go1.23+', runningTests: [{ name: 'TestTransfer', duration: '5s' }] });
  });

  it('1.25 SIGQUIT with gp= headers: nil channel, long waits, version', async () => {
    const doc = await analyzeFixtures(['synthetic/go1.25-sigquit-gp-headers.txt']);
    expect(byRule(doc, 'dump-nil-channel')[0]).toMatchObject({ file: 'example.com/feed/main.go', line: 17 });
    expect(byRule(doc, 'dump-leak-suspect').map((f) => f.line).sort()).toEqual([12, 31]);
    expect(doc.artifacts![0]).toMatchObject({ kind: 'signal-dump', goroutines: 5, goVersion: 'go1.25+' });
  });

  it('1.26 goroutineleak profile: every record is a proven leak', async () => {
    const doc = await analyzeFixtures(['synthetic/go1.26-goroutineleak-debug1.txt']);
    expect(doc.findings.map((f) => [f.rule, f.file, f.line])).toEqual([
      ['profile-goroutine-leak', '/src/svc/fetch/fetch.go', 31],
      ['profile-goroutine-leak', '/src/svc/fetch/watch.go', 12],
    ]);
    expect(doc.findings[1]!.message).toContain('labels: request=r-42');
    expect(doc.artifacts![0]).toMatchObject({ kind: 'pprof-goroutineleak', goroutines: 3, goVersion: 'go1.26+' });
  });

  it('1.21 cgo wording, 1.25 repanicked marker, ≤1.18 throw frames', async () => {
    expect(byRule(await analyzeFixtures(['synthetic/go1.21-cgo-unpinned-pointer.txt']), 'crash-cgo-pointer')[0]).toMatchObject({ line: 21 });
    const re = await analyzeFixtures(['synthetic/go1.25-recovered-repanicked.txt']);
    expect(re.findings).toEqual([]);
    expect(re.artifacts![0]).toMatchObject({ goVersion: 'go1.25+', panics: [{ message: 'job failed', recovered: true, repanicked: true }] });
    const old = await analyzeFixtures(['synthetic/go1.18-map-writes-throw.txt']);
    expect(byRule(old, 'crash-concurrent-map-writes')[0]).toMatchObject({ file: '/home/dev/app/worker.go', line: 42 });
    // register-ABI argument braces say ≥ 1.17, the throw frames ≤ 1.18
    expect(old.artifacts![0]).toMatchObject({ goVersion: 'go1.17–1.18' });
  });
});

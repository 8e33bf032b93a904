// Diagnoses of real crash output (testdata/artifacts/crash, test-timeout; captured from
// tools/crashers with Go 1.19), linked to the crasher sources with --source.

import { describe, expect, it } from 'vitest';
import { analyzeFixtures, byRule, lineOf, rules } from './helpers.js';

const source = 'tools/crashers';

describe('crash diagnoses', () => {
  it.each([
    ['crash/concurrent-map-writes.txt', 'crash-concurrent-map-writes', 'crashes.go', '// concurrent map writes'],
    ['crash/concurrent-map-read-write.txt', 'crash-concurrent-map-read-write', 'crashes.go', '// concurrent map read and map write'],
    ['crash/concurrent-map-iteration.txt', 'crash-concurrent-map-iteration', 'crashes.go', '// concurrent map iteration and map write'],
  ])('%s → %s at the user line, map-concurrency, recover() cannot help', async (path, rule, file, marker) => {
    const doc = await analyzeFixtures([path], { source });
    const [f, ...rest] = byRule(doc, rule);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ family: 'map-concurrency', severity: 'error', file: `tools/crashers/${file}`, line: lineOf(file, marker) });
    expect(f!.message).toMatch(/recover\(\) cannot catch it/);
    expect(f!.help).toMatch(/lock|sync\.Map/i);
    expect(f!.artifact).toMatchObject({ kind: 'crash', input: `testdata/artifacts/${path}` });
    // The goroutine's go statement is related; so is another goroutine running map code, when one was caught.
    expect(f!.related.some((r) => r.message.includes('was started here'))).toBe(true);
  });

  it('names the other writer that was running the same function', async () => {
    const doc = await analyzeFixtures(['crash/concurrent-map-writes.txt'], { source });
    const f = byRule(doc, 'crash-concurrent-map-writes')[0]!;
    expect(f.related.find((r) => r.message.includes('likely the other side of the race'))).toMatchObject({ line: lineOf('crashes.go', '// concurrent map writes') });
    // goroutines not started yet (parked on their go statement) are not blamed
    expect(f.related.some((r) => r.message.includes('giveUpAfter') || r.message.includes('mapWrites.func1'))).toBe(false);
  });

  it.each([
    ['crash/send-on-closed-channel.txt', 'crash-send-on-closed-channel', 'channel-misuse', '// send on closed channel', 0],
    ['crash/close-of-closed-channel.txt', 'crash-close-of-closed-channel', 'channel-misuse', 'close(done)'],
    ['crash/close-of-nil-channel.txt', 'crash-close-of-nil-channel', 'channel-misuse', '// close of nil channel'],
    // The extra Done is the deferred one, which the runtime attributes to the closing brace.
    ['crash/negative-waitgroup.txt', 'crash-negative-waitgroup', 'waitgroup', '// one Done too many', 1],
    ['crash/unlock-of-unlocked-mutex.txt', 'crash-unlock-of-unlocked', 'lock-misuse', '// unlock of unlocked mutex'],
    ['crash/runlock-of-unlocked-rwmutex.txt', 'crash-unlock-of-unlocked', 'lock-misuse', 'mu.RUnlock()'],
    ['crash/thread-exhaustion.txt', 'crash-thread-exhaustion', 'cgo', 'time.Sleep(time.Hour)'],
  ])('%s → %s', async (path, rule, family, marker, offset = 0) => {
    const doc = await analyzeFixtures([path], { source });
    const f = byRule(doc, rule)[0];
    expect(f).toMatchObject({ family, file: 'tools/crashers/crashes.go', line: lineOf('crashes.go', marker) + offset });
  });

  it('send on closed channel points at the close in the source', async () => {
    const doc = await analyzeFixtures(['crash/send-on-closed-channel.txt'], { source });
    const f = byRule(doc, 'crash-send-on-closed-channel')[0]!;
    expect(f.related).toContainEqual(expect.objectContaining({ line: lineOf('crashes.go', 'close(ch) // the consumer closes'), message: 'ch is closed here (out in main.producer)' }));
  });

  it('cgo pointer panic → cgo family', async () => {
    const doc = await analyzeFixtures(['crash/cgocheck-go-pointer.txt'], { source });
    expect(byRule(doc, 'crash-cgo-pointer')[0]).toMatchObject({ family: 'cgo', file: 'tools/crashers/cgocheck/main.go', line: 14 });
  });

  it('thread exhaustion counts the goroutines pinning threads', async () => {
    const doc = await analyzeFixtures(['crash/thread-exhaustion.txt'], { source });
    expect(byRule(doc, 'crash-thread-exhaustion')[0]!.message).toMatch(/^thread exhaustion \(program exceeds 16-thread limit\): \d+ goroutines at main\.pinnedSleeper are locked to their OS thread/);
  });

  it('a deadlock shows the lock holder, the would-be receiver and the wait cycle', async () => {
    const doc = await analyzeFixtures(['crash/deadlock-lock-cycle.txt'], { source });
    expect(rules(doc)).toEqual(['deadlock-channel', 'deadlock-mutex', 'deadlock-waitgroup']);
    const mutex = byRule(doc, 'deadlock-mutex')[0]!;
    expect(mutex).toMatchObject({ family: 'lock-misuse', line: lineOf('crashes.go', '// blocks: lockThenSend holds mu') });
    expect(mutex.message).toMatch(new RegExp(`mu is held by goroutine \\d+ \\(locked at line ${lineOf('crashes.go', 'mu.Lock()')}\\), which is blocked sending on a channel`));
    expect(mutex.message).toMatch(/wait cycle: goroutine \d+ \(crashes\.go:\d+\) → goroutine \d+ \(crashes\.go:\d+\) → goroutine \d+/);
    const send = byRule(doc, 'deadlock-channel')[0]!;
    expect(send.line).toBe(lineOf('crashes.go', '// blocks: the receiver is waiting for mu'));
    expect(send.message).toMatch(/would receive from ch at line \d+ but is waiting to acquire a mutex/);
    expect(byRule(doc, 'deadlock-waitgroup')[0]!.message).toMatch(/have not called Done|has not called Done/);
  });

  it('the same deadlock without sources still groups the blocked goroutines and the WaitGroup edge', async () => {
    const doc = await analyzeFixtures(['crash/deadlock-lock-cycle.txt']);
    expect(rules(doc)).toEqual(['deadlock-channel', 'deadlock-mutex', 'deadlock-waitgroup']);
    expect(doc.findings.every((f) => f.file === 'example.com/crashers/crashes.go')).toBe(true);
    expect(byRule(doc, 'deadlock-waitgroup')[0]!.message).toMatch(/not called Done/);
  });

  it('test timeout: the hung workers and the waiting test, not the testing framework', async () => {
    const doc = await analyzeFixtures(['test-timeout/hang.txt'], { source });
    expect(rules(doc)).toEqual(['test-timeout-hang']);
    const [test, workers] = [doc.findings.find((f) => f.file.endsWith('hang_test.go'))!, doc.findings.find((f) => f.file.endsWith('hang/hang.go'))!];
    expect(workers).toMatchObject({ family: 'goroutine-leak', line: 9 });
    expect(workers.message).toMatch(/^test timed out after 1s: 3 goroutines \(\d+, \d+, \d+\) are blocked receiving from a channel in hang\.Worker; no goroutine will send on jobs and nothing closes jobs/);
    expect(test.message).toMatch(/waiting in WaitGroup\.Wait in hang\.TestHang; goroutines \d+, \d+, \d+ \(started at hang_test\.go:\d+\) have not called Done/);
    expect(doc.findings.some((f) => f.file.includes('testing.go') || f.file.includes('_testmain'))).toBe(false);
  });

  it('GOTRACEBACK levels: every level diagnoses the same crash, none dumps a goroutine at level none', async () => {
    const doc = await analyzeFixtures(['research/gotraceback-levels-negative-waitgroup.txt']);
    const found = byRule(doc, 'crash-negative-waitgroup');
    expect(found).toHaveLength(5);
    expect(found.filter((f) => f.file === 'example.com/app/gotraceback/main.go' && f.line === 14)).toHaveLength(4);
    expect(found.filter((f) => f.file.endsWith('gotraceback-levels-negative-waitgroup.txt'))).toHaveLength(1);
    expect(doc.artifacts!.filter((a) => a.kind === 'crash')).toHaveLength(5);
  });

  it('a recovered-then-repanicked non-concurrency panic is summarised, not reported', async () => {
    const doc = await analyzeFixtures(['research/panic-recovered-repanic.txt']);
    expect(doc.findings).toEqual([]);
    expect(doc.artifacts![0]).toMatchObject({ kind: 'crash', panics: [{ recovered: true }, { recovered: false }] });
  });
});

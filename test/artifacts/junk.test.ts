// Junk tolerance: the same real artifacts wrapped the way logs arrive in practice must give the
// same findings: CRLF endings, ANSI colours, per-line log prefixes (timestamps, syslog, kubectl,
// containerd, docker json-file), truncation, several artifacts interleaved with application logs.

import { describe, expect, it } from 'vitest';
import { analyzeBuffers, fixture, scanText } from './helpers.js';
import type { ReportDocument } from '../../src/report/finding.js';

const CASES = ['crash/deadlock-lock-cycle.txt', 'race/races.txt', 'goroutine-dump/leaks-debug2.txt', 'schedtrace/backlog.txt', 'gctrace/growth.txt', 'test-timeout/hang.txt', 'crash/sigquit-dump.txt'];

function summary(doc: ReportDocument): string[] {
  return doc.findings.map((f) => `${f.rule} ${f.file}:${f.line} ${f.message}`).sort();
}

function mapLines(text: string, fn: (line: string, i: number) => string): string {
  return text
    .split('\n')
    .map((l, i) => fn(l, i))
    .join('\n');
}

const WRAPPERS: Record<string, (text: string) => string> = {
  crlf: (t) => t.replace(/\n/g, '\r\n'),
  ansi: (t) => mapLines(t, (l) => (l.startsWith('goroutine ') || l.startsWith('WARNING') || l.startsWith('fatal') ? `\x1b[1;31m${l}\x1b[0m` : l.startsWith('\t') ? `\t\x1b[36m${l.slice(1)}\x1b[0m` : l)),
  rfc3339: (t) => mapLines(t, (l, i) => `2026-01-02T03:04:${String(i % 60).padStart(2, '0')}.123456Z ${l}`),
  'rfc3339 with syslog tag': (t) => mapLines(t, (l) => `2026-01-02T03:04:05+00:00 web-1 app[4242]: ${l}`),
  syslog: (t) => mapLines(t, (l) => `Jan  2 03:04:05 web-1 app[4242]: ${l}`),
  'kubectl --prefix': (t) => mapLines(t, (l) => `[pod/api-7d9f/app] ${l}`),
  'containerd CRI': (t) => mapLines(t, (l) => `2026-01-02T03:04:05.999999999Z stderr F ${l}`),
  'docker json-file': (t) => mapLines(t, (l) => JSON.stringify({ log: `${l}\n`, stream: 'stderr', time: '2026-01-02T03:04:05.1Z' })),
  'tabs turned into spaces': (t) => mapLines(t, (l) => (l.startsWith('\t') ? `        ${l.slice(1)}` : l)),
};

describe('wrapped logs give the same findings as the raw artifact', () => {
  for (const path of CASES) {
    for (const [name, wrap] of Object.entries(WRAPPERS)) {
      if (name === 'tabs turned into spaces' && !/crash|dump|timeout/.test(path)) continue;
      it(`${path} / ${name}`, async () => {
        const raw = fixture(path).toString('utf8');
        const source = { source: 'tools/crashers' };
        const base = await analyzeBuffers([{ name: 'log', data: raw }], source);
        const wrapped = await analyzeBuffers([{ name: 'log', data: wrap(raw) }], source);
        expect(base.findings.length).toBeGreaterThan(0);
        expect(summary(wrapped)).toEqual(summary(base));
        expect(wrapped.errors).toEqual([]);
      });
    }
  }
});

describe('interleaving and truncation', () => {
  it('several artifacts in one service log, between unrelated lines, each found once', async () => {
    const parts = [
      'starting api on :8080',
      '2026/01/02 03:04:05 GET /healthz 200',
      fixture('race/races.txt').toString(),
      'SCHED-like but not: SCHEDULER started',
      fixture('gctrace/growth.txt').toString(),
      'panic recovered in handler: boom (this line is not a crash)',
      fixture('crash/deadlock-lock-cycle.txt').toString(),
      'restarting',
      fixture('schedtrace/backlog.txt').toString(),
      fixture('goroutine-dump/leaks-debug2.txt').toString(),
      'bye',
    ];
    const doc = await analyzeBuffers([{ name: 'service.log', data: parts.join('\n') }], { source: 'tools/crashers' });
    expect(doc.artifacts!.map((a) => a.kind).sort()).toEqual(['crash', 'gctrace', 'goroutine-dump', 'race-report', 'schedtrace']);
    const rules = doc.findings.map((f) => f.rule);
    for (const r of ['race-map', 'deadlock-mutex', 'dump-leak-suspect', 'schedtrace-runqueue-backlog', 'gctrace-heap-growth']) expect(rules).toContain(r);
    expect(doc.errors).toEqual([]);
  });

  it('gctrace and schedtrace lines inside a goroutine dump do not break it', () => {
    const dump = fixture('goroutine-dump/leaks-debug2.txt').toString().split('\n');
    const mixed = [...dump.slice(0, 40), 'gc 7 @1.001s 1%: 0.01+0.2+0.01 ms clock, 0.02+0/0.1/0.1+0.02 ms cpu, 4->4->1 MB, 5 MB goal, 0 MB stacks, 0 MB globals, 2 P', ...dump.slice(40, 80), 'SCHED 1000ms: gomaxprocs=2 idleprocs=2 threads=5 spinningthreads=0 idlethreads=2 runqueue=0 [0 0]', ...dump.slice(80)].join('\n');
    const count = (text: string): number => {
      const d = scanText(text).find((a) => a.format === 'goroutine-text');
      return d?.format === 'goroutine-text' ? d.goroutineCount : -1;
    };
    const artifacts = scanText(mixed);
    expect(count(mixed)).toBe(count(dump.join('\n')));
    expect(count(mixed)).toBeGreaterThan(160);
    expect(artifacts.map((a) => a.format).sort()).toEqual(['gctrace', 'goroutine-text', 'schedtrace']);
  });

  it('a truncated dump keeps the complete goroutines and flags the cut', async () => {
    const text = fixture('crash/deadlock-lock-cycle.txt').toString();
    const cut = text.slice(0, text.indexOf('sync/mutex.go:171'));
    const [d] = scanText(cut);
    expect(d).toMatchObject({ format: 'goroutine-text', kind: 'crash', truncated: true });
    const doc = await analyzeBuffers([{ name: 'cut.txt', data: cut }], { source: 'tools/crashers' });
    expect(doc.findings.map((f) => f.rule)).toContain('deadlock-channel');
  });

  it('a race report cut before its end still yields the race', async () => {
    const text = fixture('race/races.txt').toString();
    const cut = text.slice(0, text.indexOf('Goroutine 8 (running) created at:'));
    const doc = await analyzeBuffers([{ name: 'cut.txt', data: cut }], { source: 'tools/crashers' });
    expect(doc.findings.map((f) => f.rule)).toEqual(['race-struct-field']);
  });

  it('every chunk size splits lines correctly, including inside multi-byte UTF-8', () => {
    const text = Buffer.from('fatal error: concurrent map writes\n\ngoroutine 1 [running]:\nmain.wörker·héllo(0x1)\n\texample.com/ünïcode/main.go:8 +0x85\n');
    for (const chunk of [1, 2, 3, 7, 64]) {
      const [d] = scanText(text, 'u.txt', chunk);
      expect(d && d.format === 'goroutine-text' ? d.goroutines[0]!.frames[0] : undefined).toEqual({ func: 'main.wörker·héllo', args: '0x1', file: 'example.com/ünïcode/main.go', line: 8 });
    }
  });

  it('inputs without any artifact are reported as errors, not crashes', async () => {
    const doc = await analyzeBuffers([
      { name: 'app.log', data: 'hello\nworld\n' },
      { name: 'empty.log', data: '' },
    ]);
    expect(doc.findings).toEqual([]);
    expect(doc.errors.map((e) => e.file)).toEqual(['app.log', 'empty.log']);
  });
});

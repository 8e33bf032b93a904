// Table-driven cases for the scanners' state machines: each line shape of runtime-formats.md, in
// isolation, including the variants of newer Go versions.

import { describe, expect, it } from 'vitest';
import type { GoroutineDump } from '../../src/artifacts/goroutines/model.js';
import { cleanLine } from '../../src/artifacts/lines.js';
import type { GoroutineProfile } from '../../src/artifacts/pprof/model.js';
import type { RaceLog } from '../../src/artifacts/race/model.js';
import type { SchedTrace } from '../../src/artifacts/schedtrace/model.js';
import { scanText } from './helpers.js';

function dump(text: string): GoroutineDump {
  const d = scanText(text).find((a) => a.format === 'goroutine-text');
  if (!d || d.format !== 'goroutine-text') throw new Error('no dump');
  return d;
}

describe('goroutine header', () => {
  it.each([
    ['goroutine 7 [chan receive]:', { id: 7, state: 'chan receive', locked: false }],
    ['goroutine 20 [chan receive, 2 minutes]:', { id: 20, state: 'chan receive', waitMinutes: 2 }],
    ['goroutine 15 [chan receive, locked to thread]:', { id: 15, state: 'chan receive', locked: true }],
    ['goroutine 9 [select, 1 minutes, locked to thread]:', { id: 9, state: 'select', waitMinutes: 1, locked: true }],
    ['goroutine 3 [GC worker (idle)]:', { id: 3, state: 'GC worker (idle)' }],
    ['goroutine 4 [runnable (scan)]:', { id: 4, state: 'runnable' }],
    ['goroutine 5 gp=0xc000007c00 m=nil [chan send (nil chan), 3 minutes]:', { id: 5, state: 'chan send (nil chan)', waitMinutes: 3 }],
    ['goroutine 0 gp=0x6b1280 m=0 mp=0x6b2100 [idle]:', { id: 0, state: 'idle' }],
    ['goroutine 6 [sync.RWMutex.RLock]:', { id: 6, state: 'sync.RWMutex.RLock' }],
    ['goroutine 8 [some future wait reason, 5 minutes]:', { id: 8, state: 'some future wait reason', waitMinutes: 5 }],
  ])('%s', (header, expected) => {
    const d = dump(`${header}\nmain.f()\n\texample.com/m/f.go:3 +0x1d\n`);
    expect(d.goroutines[0]).toMatchObject(expected);
    expect(d.goroutines[0]!.frames).toEqual([{ func: 'main.f', args: '', file: 'example.com/m/f.go', line: 3 }]);
  });
});

describe('frames and footers', () => {
  it('function lines: methods, closures, generics, inlined, register-ABI markers', () => {
    const d = dump(
      [
        'goroutine 1 [running]:',
        'example.com/m/pkg.(*T).Method(0xc000010000, {0x4d2e41, 0x3}, 0x1?)',
        '\texample.com/m/pkg/t.go:10 +0x1d',
        'example.com/m/pkg.Map[...](...)',
        '\texample.com/m/pkg/g.go:20',
        'main.main.func1.2()',
        '\t/home/u/m/main.go:30 +0x2f fp=0xc000045fc8 sp=0xc000045f78 pc=0x48e5b3',
        'runtime.goexit({})',
        '\truntime/asm_amd64.s:1700 +0x1 pc=0x477f61',
        '',
      ].join('\n'),
    );
    expect(d.goroutines[0]!.frames).toEqual([
      { func: 'example.com/m/pkg.(*T).Method', args: '0xc000010000, {0x4d2e41, 0x3}, 0x1?', file: 'example.com/m/pkg/t.go', line: 10 },
      { func: 'example.com/m/pkg.Map[...]', args: '...', file: 'example.com/m/pkg/g.go', line: 20 },
      { func: 'main.main.func1.2', args: '', file: '/home/u/m/main.go', line: 30 },
      { func: 'runtime.goexit', args: '{}', file: 'runtime/asm_amd64.s', line: 1700 },
    ]);
  });

  it('created by, with and without the parent goroutine (1.21+)', () => {
    const d = dump('goroutine 2 [select]:\nmain.f()\n\tm/f.go:3 +0x1\ncreated by main.main in goroutine 1\n\tm/main.go:9 +0x2\n\ngoroutine 3 [select]:\nmain.f()\n\tm/f.go:3 +0x1\ncreated by main.main\n\tm/main.go:10 +0x2\n');
    expect(d.goroutines.map((g) => g.createdBy)).toEqual([
      { func: 'main.main', parentId: 1, file: 'm/main.go', line: 9 },
      { func: 'main.main', file: 'm/main.go', line: 10 },
    ]);
    expect(d.goVersion?.min).toBe(21);
  });

  it('both elision lines, stack unavailable, cgo frames', () => {
    const d = dump(
      'goroutine 1 [running]:\nmain.r()\n\tm/r.go:5 +0x1\n...additional frames elided...\n\ngoroutine 2 [running]:\nmain.r()\n\tm/r.go:5 +0x1\n...50 frames elided...\nmain.r()\n\tm/r.go:5 +0x1\n\ngoroutine 3 [running]:\n\tgoroutine running on other thread; stack unavailable\ncreated by main.main\n\tm/main.go:7 +0x1\n\ngoroutine 4 [syscall]:\nnon-Go function at pc=0x7f3e2c1d\nruntime.cgocall(0x4a1e40, 0xc000072180)\n\truntime/cgocall.go:157 +0x5c\n',
    );
    expect(d.goroutines.map((g) => [g.framesElided, g.stackUnavailable, g.frames.length])).toEqual([
      [true, false, 1],
      [true, false, 2],
      [false, true, 0],
      [false, false, 2],
    ]);
    expect(d.truncated).toBe(false);
  });

  it('ancestor blocks (tracebackancestors) nest outward with their own created by', () => {
    const d = dump('goroutine 3 [chan receive]:\nmain.leaf(0x0?)\n\tm/main.go:9 +0x1b\ncreated by main.middle\n\tm/main.go:12 +0x46\n[originating from goroutine 20]:\nmain.middle(...)\n\tm/main.go:13 +0x46\ncreated by main.main\n\tm/main.go:18 +0x6a\n[originating from goroutine 1]:\nmain.main(...)\n\tm/main.go:19 +0x6a\n');
    expect(d.goroutines[0]!.ancestors).toEqual([
      { id: 20, frames: [{ func: 'main.middle', args: '...', file: 'm/main.go', line: 13 }], createdBy: { func: 'main.main', file: 'm/main.go', line: 18 } },
      { id: 1, frames: [{ func: 'main.main', args: '...', file: 'm/main.go', line: 19 }] },
    ]);
  });
});

describe('preambles and tails', () => {
  it.each([
    ['panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\tm/main.go:3 +0x1\nexit status 2\n', { kind: 'crash', exitStatus: 2 }, { panics: [{ message: 'boom', recovered: false, repanicked: false }] }],
    ['panic: a [recovered]\n\tpanic: b\n\ngoroutine 1 [running]:\nmain.main()\n\tm/main.go:3 +0x1\n', { kind: 'crash' }, { panics: [{ message: 'a', recovered: true, repanicked: false }, { message: 'b', recovered: false, repanicked: false }] }],
    ['panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x48e5b3]\n\ngoroutine 1 [running]:\nmain.main()\n\tm/main.go:3 +0x1\n', { kind: 'crash' }, { signal: 'signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x48e5b3' }],
    ['runtime: goroutine stack exceeds 1000000000-byte limit\nruntime: sp=0xc020160398 stack=[0xc020160000, 0xc040160000]\nfatal error: stack overflow\n\nruntime stack:\nruntime.throw({0x4b6f3e?, 0x0?})\n\truntime/panic.go:1047 +0x5d fp=0x7ffd sp=0x7ffc pc=0x432a31\n\ngoroutine 1 [running]:\nmain.f()\n\tm/main.go:3 +0x1\n', { kind: 'crash', runtimeStack: [{ func: 'runtime.throw', args: '{0x4b6f3e?, 0x0?}', file: 'runtime/panic.go', line: 1047 }] }, { fatal: 'stack overflow', runtimeDetails: ['runtime: goroutine stack exceeds 1000000000-byte limit', 'runtime: sp=0xc020160398 stack=[0xc020160000, 0xc040160000]'] }],
    ['fatal error: unexpected signal during runtime execution\n[signal SIGSEGV: segmentation violation code=0x80 addr=0x0 pc=0x7f1c]\nsignal arrived during cgo execution\n\ngoroutine 1 [syscall]:\nruntime.cgocall(0x4a1e40, 0xc000072180)\n\truntime/cgocall.go:157 +0x5c\nmain._Cfunc_crash()\n\tm/_cgo_gotypes.go:40 +0x45\n', { kind: 'crash' }, { fatal: 'unexpected signal during runtime execution', signalDuringCgo: true }],
    ['panic: test timed out after 2s\nrunning tests:\n\tTestA (2s)\n\tTestA/sub (2s)\n\ngoroutine 5 [running]:\nmain.f()\n\tm/f.go:1 +0x1\n', { kind: 'test-timeout' }, { runningTests: [{ name: 'TestA', duration: '2s' }, { name: 'TestA/sub', duration: '2s' }] }],
    ['panic: test timed out after 2s\n\trunning tests:\n\t\tTestA (2s)\n\ngoroutine 5 [running]:\nmain.f()\n\tm/f.go:1 +0x1\n', { kind: 'test-timeout' }, { runningTests: [{ name: 'TestA', duration: '2s' }] }],
    ['panic: bad input\n\tline two of the value\n\ngoroutine 1 [running]:\nmain.main()\n\tm/main.go:3 +0x1\n', { kind: 'crash' }, { continuation: ['line two of the value'] }],
  ])('%#', (text, expected, preamble) => {
    const d = dump(text);
    expect(d).toMatchObject(expected);
    expect(d.preamble).toMatchObject(preamble);
  });

  it('version clues from the running-tests list', () => {
    expect(dump('panic: test timed out after 2s\nrunning tests:\n\tTestA (2s)\n\ngoroutine 5 [running]:\nmain.f()\n\tm/f.go:1 +0x1\n').goVersion).toMatchObject({ min: 20, max: 22 });
    expect(dump('panic: test timed out after 2s\n\trunning tests:\n\t\tTestA (2s)\n\ngoroutine 5 [running]:\nmain.f()\n\tm/f.go:1 +0x1\n').goVersion).toMatchObject({ min: 23 });
  });

  it('a lone panic-looking log line or a SIGTERM note is not a dump', () => {
    expect(scanText('SIGTERM: shutting down\nbye\n')).toEqual([]);
    expect(scanText('goroutine leak detector started\n')).toEqual([]);
  });

  it('two dumps back to back (repeated SIGQUIT)', () => {
    const one = 'SIGQUIT: quit\nPC=0x45a4c3 m=0 sigcode=0\n\ngoroutine 1 [sleep]:\nmain.main()\n\tm/main.go:3 +0x1\n\n';
    expect(scanText(one + one).map((a) => a.format === 'goroutine-text' && a.kind)).toEqual(['signal-dump', 'signal-dump']);
  });
});

describe('race reports', () => {
  it('atomic access kinds, main goroutine, lost stacks', () => {
    const text = '==================\nWARNING: DATA RACE\nAtomic write at 0x00c0000a0010 by goroutine 7:\n  sync/atomic.StoreInt64()\n      runtime/race_amd64.s:237 +0xb\n  main.main.func1()\n      m/main.go:8 +0x3a\n\nPrevious read at 0x00c0000a0010 by main goroutine:\n  [failed to restore the stack]\n\nGoroutine 7 (running) created at:\n  main.main()\n      m/main.go:7 +0x4e\n==================\n';
    const [log] = scanText(text) as RaceLog[];
    const r = log!.reports[0]!;
    expect(r.current).toMatchObject({ kind: 'atomic write', goroutine: 7, address: '0x00c0000a0010' });
    expect(r.current.frames.map((f) => f.func)).toEqual(['sync/atomic.StoreInt64', 'main.main.func1']);
    expect(r.previous).toMatchObject({ kind: 'read', goroutine: 'main', stackLost: true, frames: [] });
    expect(r.goroutines).toEqual([{ id: 7, status: 'running', createdAt: [{ func: 'main.main', args: '', file: 'm/main.go', line: 7 }] }]);
  });

  it('go test epilogue and the goroutine limit', () => {
    const text = '==================\nWARNING: DATA RACE\nWrite at 0x1 by goroutine 8:\n  p.f()\n      p/f.go:3 +0x1\n==================\n--- FAIL: TestX (0.01s)\n    testing.go:1319: race detected during execution of test\nrace: limit on 8128 simultaneously alive goroutines is exceeded, dying\n';
    const [log] = scanText(text) as RaceLog[];
    expect(log).toMatchObject({ failedTests: ['TestX'], goroutineLimitExceeded: true });
  });
});

describe('pprof debug=1', () => {
  it('multiple-TAB separated frames, labels, both profile names', () => {
    const [p] = scanText('goroutineleak profile: total 2\n2 @ 0x1 0x2\n# labels: {"a":"x, y", "b":"z"}\n#\t0x1\tsync.(*Mutex).Lock+0x4b\t\t\tsync/mutex.go:90\n#\t0x2\tmain.f+0x29\t\t\tm/f.go:22\n') as GoroutineProfile[];
    expect(p).toMatchObject({ profile: 'goroutineleak', total: 2, records: [{ count: 2, labels: { a: 'x, y', b: 'z' } }] });
    expect(p!.records[0]!.frames).toEqual([
      { func: 'sync.(*Mutex).Lock', args: '', file: 'sync/mutex.go', line: 90 },
      { func: 'main.f', args: '', file: 'm/f.go', line: 22 },
    ]);
  });
});

describe('schedtrace', () => {
  it('key=value tokens in any order, nil and -1, the invented table is not recognised', () => {
    const [t] = scanText('SCHED 5ms: threads=5 gomaxprocs=2 idleprocs=1 spinningthreads=0 needspinning=0 idlethreads=2 runqueue=3 [1 2]\n') as SchedTrace[];
    expect(t!.samples[0]).toMatchObject({ timeMs: 5, gomaxprocs: 2, threads: 5, needspinning: 0, runqueue: 3, localRunqueues: [1, 2] });
    const fake = '| Time | Gs | Ms | Ps | Sys | Idle | Run | GC |\n|---|---|---|---|---|---|---|---|\n| 1ms | 12 | 3 | 2 | 18 | 0 | 2 | 0 |\n';
    expect(scanText(fake)).toEqual([]);
  });
});

describe('line cleaning', () => {
  it.each([
    ['goroutine 1 [running]:\r', 'goroutine 1 [running]:'],
    ['\x1b[31mfatal error: concurrent map writes\x1b[0m', 'fatal error: concurrent map writes'],
    ['2026-01-02T03:04:05.123Z \texample.com/m/f.go:3 +0x1', '\texample.com/m/f.go:3 +0x1'],
    ['2026-01-02 03:04:05,123 goroutine 1 [running]:', 'goroutine 1 [running]:'],
    ['2026/01/02 03:04:05 panic: boom', 'panic: boom'],
    ['Jan  2 03:04:05 host app[12]: SCHED 0ms: gomaxprocs=2', 'SCHED 0ms: gomaxprocs=2'],
    ['[pod/api-1/app] WARNING: DATA RACE', 'WARNING: DATA RACE'],
    ['2026-01-02T03:04:05.000000001Z stdout P gc 1 @0.001s', 'gc 1 @0.001s'],
    ['{"log":"\\tm/f.go:3 +0x1\\n","stream":"stderr","time":"t"}', '\tm/f.go:3 +0x1'],
    ['[originating from goroutine 1]:', '[originating from goroutine 1]:'],
    ['[signal SIGSEGV: segmentation violation]', '[signal SIGSEGV: segmentation violation]'],
  ])('%j', (raw, clean) => {
    expect(cleanLine(raw)).toBe(clean);
  });
});

describe('version from GOROOT paths', () => {
  it.each([
    ['/usr/lib/go-1.19/src/runtime/proc.go', '1.19'],
    ['/home/u/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.25.6.linux-amd64/src/runtime/proc.go', '1.25.6'],
  ])('%s', (path, exact) => {
    const d = scanText(`goroutine 1 [running]:\nruntime.f()\n\t${path}:3 +0x1\n`)[0];
    expect(d && d.format === 'goroutine-text' ? d.goVersion?.exact : undefined).toBe(exact);
  });
});

// Builds the crasher programs with the local Go toolchain and runs them to produce real runtime
// artifacts. Used by the tests (live output of the toolchain at hand) and by capture.ts (the
// committed fixtures under testdata/artifacts/). Each capture lists the exact command it runs.

import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** tools/crashers in the source tree (this file may run from dist/ or a build cache). */
export function crashersDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 10; i++) {
    const candidate = join(dir, 'tools', 'crashers');
    if (existsSync(join(candidate, 'go.mod'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('tools/crashers not found above ' + fileURLToPath(import.meta.url));
}

/** Environment for the go command: a private build cache, no toolchain downloads, cgo on (race needs it). */
export function goEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const cache = join(tmpdir(), 'gohazard-go-cache');
  mkdirSync(cache, { recursive: true });
  return {
    ...process.env,
    GOCACHE: process.env.GOCACHE ?? join(cache, 'build'),
    GOPATH: process.env.GOPATH ?? join(cache, 'gopath'),
    GOFLAGS: '-mod=mod',
    GO111MODULE: 'on',
    GOTOOLCHAIN: 'local',
    CGO_ENABLED: '1',
    GOTRACEBACK: '',
    GODEBUG: '',
    ...extra,
  };
}

export function goVersion(): string | undefined {
  const r = spawnSync('go', ['version'], { encoding: 'utf8', env: goEnv() });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export interface CrasherBuild {
  /** Temporary directory holding the binaries and scratch output. */
  dir: string;
  /** `go build -trimpath`: frames print module paths (example.com/crashers/…). */
  bin: string;
  /** `go build -trimpath -race`. */
  race: string;
  /** `go build` without -trimpath: frames print this machine's absolute paths. */
  abs: string;
  /** The cgo program (cgocheck panic). */
  cgocheck: string;
}

function go(args: string[], cwd: string): void {
  const r = spawnSync('go', args, { cwd, env: goEnv(), encoding: 'utf8', timeout: 300_000 });
  if (r.error) throw new Error(`go ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`go ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
}

export function buildCrashers(): CrasherBuild {
  const src = crashersDir();
  const dir = mkdtempSync(join(tmpdir(), 'gohazard-crashers-'));
  const b: CrasherBuild = { dir, bin: join(dir, 'crashers'), race: join(dir, 'crashers-race'), abs: join(dir, 'crashers-abs'), cgocheck: join(dir, 'cgocheck') };
  go(['build', '-trimpath', '-o', b.bin, '.'], src);
  go(['build', '-trimpath', '-race', '-o', b.race, '.'], src);
  go(['build', '-o', b.abs, '.'], src);
  go(['build', '-trimpath', '-o', b.cgocheck, './cgocheck'], src);
  return b;
}

export interface RunResult {
  /** stdout then stderr, as a terminal would mostly show them (crash output is all on stderr). */
  output: Buffer;
  stdout: Buffer;
  status: number | null;
}

export function run(bin: string, args: string[], env: Record<string, string> = {}, options: SpawnSyncOptions = {}): RunResult {
  const r = spawnSync(bin, args, { env: goEnv(env), timeout: 90_000, maxBuffer: 64 << 20, ...options });
  if (r.error) throw new Error(`${bin} ${args.join(' ')}: ${r.error.message}`);
  const stdout = r.stdout as Buffer;
  return { output: Buffer.concat([stdout, r.stderr as Buffer]), stdout, status: r.status };
}

/** `go test -trimpath -count=1 -timeout 1s -run TestHang ./hang` with the hanging test enabled. */
export function runHangTest(): RunResult {
  return run('go', ['test', '-trimpath', '-count=1', '-timeout', '1s', '-run', 'TestHang', './hang'], { CRASHERS_HANG: '1' }, { cwd: crashersDir() });
}

/** One committed fixture: where it goes and how it is produced. */
export interface Capture {
  /** testdata/artifacts/<format>/<name>. */
  format: string;
  name: string;
  /** The command, for the README of the fixtures. */
  command: string;
  produce: (b: CrasherBuild) => Buffer;
}

const mode = (m: string, env: Record<string, string> = {}) => (b: CrasherBuild) => run(b.bin, [m], env).output;

export const CAPTURES: readonly Capture[] = [
  { format: 'crash', name: 'concurrent-map-writes.txt', command: 'crashers map-writes', produce: mode('map-writes') },
  { format: 'crash', name: 'concurrent-map-read-write.txt', command: 'crashers map-read-write', produce: mode('map-read-write') },
  { format: 'crash', name: 'concurrent-map-iteration.txt', command: 'crashers map-iteration', produce: mode('map-iteration') },
  { format: 'crash', name: 'deadlock-lock-cycle.txt', command: 'crashers deadlock', produce: mode('deadlock') },
  { format: 'crash', name: 'send-on-closed-channel.txt', command: 'crashers send-closed', produce: mode('send-closed') },
  { format: 'crash', name: 'close-of-closed-channel.txt', command: 'crashers close-closed', produce: mode('close-closed') },
  { format: 'crash', name: 'close-of-nil-channel.txt', command: 'crashers close-nil', produce: mode('close-nil') },
  { format: 'crash', name: 'negative-waitgroup.txt', command: 'crashers negative-waitgroup', produce: mode('negative-waitgroup') },
  { format: 'crash', name: 'unlock-of-unlocked-mutex.txt', command: 'crashers unlock-unlocked', produce: mode('unlock-unlocked') },
  { format: 'crash', name: 'runlock-of-unlocked-rwmutex.txt', command: 'crashers runlock-unlocked', produce: mode('runlock-unlocked') },
  { format: 'crash', name: 'thread-exhaustion.txt', command: 'crashers thread-exhaustion', produce: mode('thread-exhaustion') },
  { format: 'crash', name: 'cgocheck-go-pointer.txt', command: 'cgocheck', produce: (b) => run(b.cgocheck, []).output },
  { format: 'crash', name: 'sigquit-dump.txt', command: 'crashers sigquit', produce: mode('sigquit') },
  { format: 'goroutine-dump', name: 'leaks-debug2.txt', command: 'crashers dump-debug2', produce: mode('dump-debug2') },
  {
    format: 'goroutine-dump',
    name: 'growth-before.txt',
    command: 'crashers dump-growth DIR (before.txt)',
    produce: (b) => {
      run(b.bin, ['dump-growth', b.dir]);
      return readFileSync(join(b.dir, 'before.txt'));
    },
  },
  { format: 'goroutine-dump', name: 'growth-after.txt', command: 'crashers dump-growth DIR (after.txt)', produce: (b) => readFileSync(join(b.dir, 'after.txt')) },
  { format: 'pprof', name: 'leaks-debug1.txt', command: 'crashers dump-debug1', produce: (b) => run(b.bin, ['dump-debug1']).stdout },
  { format: 'pprof', name: 'leaks-debug0.pb.gz', command: 'crashers dump-pprof', produce: (b) => run(b.bin, ['dump-pprof']).stdout },
  { format: 'race', name: 'races.txt', command: 'crashers-race race (go build -race)', produce: (b) => run(b.race, ['race']).output },
  { format: 'test-timeout', name: 'hang.txt', command: 'CRASHERS_HANG=1 go test -trimpath -count=1 -timeout 1s -run TestHang ./hang', produce: () => runHangTest().output },
  { format: 'schedtrace', name: 'backlog.txt', command: 'GOMAXPROCS=2 GODEBUG=schedtrace=100 crashers schedtrace-backlog', produce: mode('schedtrace-backlog', { GOMAXPROCS: '2', GODEBUG: 'schedtrace=100' }) },
  { format: 'schedtrace', name: 'backlog-detail.txt', command: 'GOMAXPROCS=2 GODEBUG=schedtrace=200,scheddetail=1 crashers schedtrace-backlog', produce: mode('schedtrace-backlog', { GOMAXPROCS: '2', GODEBUG: 'schedtrace=200,scheddetail=1' }) },
  { format: 'schedtrace', name: 'healthy.txt', command: 'GOMAXPROCS=2 GODEBUG=schedtrace=100 crashers schedtrace-healthy', produce: mode('schedtrace-healthy', { GOMAXPROCS: '2', GODEBUG: 'schedtrace=100' }) },
  { format: 'schedtrace', name: 'threads.txt', command: 'GOMAXPROCS=2 GODEBUG=schedtrace=100 crashers schedtrace-threads', produce: mode('schedtrace-threads', { GOMAXPROCS: '2', GODEBUG: 'schedtrace=100' }) },
  { format: 'gctrace', name: 'growth.txt', command: 'GODEBUG=gctrace=1 crashers gctrace-growth', produce: mode('gctrace-growth', { GODEBUG: 'gctrace=1' }) },
  { format: 'gctrace', name: 'churn.txt', command: 'GODEBUG=gctrace=1 crashers gctrace-churn', produce: mode('gctrace-churn', { GODEBUG: 'gctrace=1' }) },
  { format: 'gctrace', name: 'healthy.txt', command: 'GODEBUG=gctrace=1 crashers gctrace-healthy', produce: mode('gctrace-healthy', { GODEBUG: 'gctrace=1' }) },
];

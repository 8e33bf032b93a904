// Buckets at each similarity (also for stacks that recur with other arguments, which take the
// recent-stack fast path), the memory bound on distinct buckets, race-pair dedupe, and the
// retain limit that keeps huge dumps in bounded memory.

import { describe, expect, it } from 'vitest';
import { argsModuloPointers, BucketBuilder, Similarity } from '../../src/artifacts/aggregate/buckets.js';
import type { CreatedBy } from '../../src/artifacts/goroutines/model.js';
import { dedupeRaces } from '../../src/artifacts/aggregate/races.js';
import type { Goroutine } from '../../src/artifacts/goroutines/model.js';
import type { RaceReport } from '../../src/artifacts/race/model.js';
import { TextArtifactStream } from '../../src/artifacts/stream.js';
import { scanFixture } from './helpers.js';

function g(id: number, args: string, state = 'chan receive', minutes?: number, line = 8): Goroutine {
  return { id, state, locked: false, frames: [{ func: 'main.worker', args, file: 'm/w.go', line }], ancestors: [], framesElided: false, stackUnavailable: false, line: id, ...(minutes !== undefined ? { waitMinutes: minutes } : {}) };
}

const sample = [g(1, '0xc000010000', 'chan receive', 3), g(2, '0xc000020000', 'chan receive', 5), g(3, '0x1'), g(4, '0x2'), g(5, '0x2'), g(6, '0x1', 'chan receive', 7), g(7, '0x1?', 'select')];

function counts(similarity: Similarity): number[] {
  const b = new BucketBuilder({ similarity, maxBuckets: 1000 });
  for (const x of sample) b.add(x);
  return b.result().map((x) => x.count);
}

describe('buckets', () => {
  it('each similarity level merges more', () => {
    expect(counts(Similarity.ExactFlags)).toEqual([2, 1, 1, 1, 1, 1]);
    expect(counts(Similarity.ExactLines)).toEqual([2, 2, 1, 1, 1]);
    expect(counts(Similarity.AnyPointer)).toEqual([2, 2, 2, 1]);
    expect(counts(Similarity.AnyValue)).toEqual([6, 1]);
  });

  it('keeps minute ranges and the first ids', () => {
    const b = new BucketBuilder({ similarity: Similarity.AnyValue, maxBuckets: 1000 });
    for (const x of sample) b.add(x);
    expect(b.result()[0]).toMatchObject({ count: 6, ids: [1, 2, 3, 4, 5, 6], minutes: { min: 3, max: 7, members: 3 } });
  });

  it('past maxBuckets, new stacks fall back to argument-blind keys', () => {
    const b = new BucketBuilder({ similarity: Similarity.ExactLines, maxBuckets: 2 });
    for (let i = 0; i < 100; i++) b.add(g(i, `0x${i.toString(16)}`));
    const r = b.result();
    expect(r.length).toBe(3);
    expect(r[0]!.count).toBe(98);
  });
});

describe('buckets of goroutines whose stacks recur with other arguments', () => {
  // Stacks drawn from a few variants, frames built afresh (as for pointer arguments) or shared; the
  // buckets must be exactly the partition by state, flags, frames at the similarity, and creator.
  let seed = 7;
  const rand = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const creators: CreatedBy[] = [0, 1, 2].map((i) => ({ func: `main.start${i}`, file: 'm/s.go', line: 10 + i }));
  const argVariants = ['0xc000010000', '0xc000020000', '0x1', '0x1?', '0x2?', '{0x8a2f40, 0xc0001b2000}', '{0x8a2f40, 0xc0003b4000}', '{0x8a2f41, 0x1}', '...', ''];
  const shared = argVariants.map((args) => ({ func: 'main.shared', args, file: 'm/x.go', line: 3 }));
  const goroutines: Goroutine[] = [];
  for (let id = 1; id <= 600; id++) {
    const frames = [shared[rand(3)]!];
    for (let k = rand(3); k >= 0; k--) frames.push({ func: `main.f${rand(2)}`, args: argVariants[rand(argVariants.length)]!, file: 'm/f.go', line: 20 + rand(2) });
    const createdBy = rand(4) === 0 ? undefined : creators[rand(3)];
    goroutines.push({ id, state: rand(2) ? 'chan receive' : 'select', waitMinutes: rand(2) ? rand(3) : undefined, locked: rand(5) === 0, frames, createdBy, ancestors: [], framesElided: false, stackUnavailable: false, line: id });
  }
  const argsKey = { [Similarity.ExactFlags]: (a: string) => a, [Similarity.ExactLines]: (a: string) => a, [Similarity.AnyPointer]: argsModuloPointers, [Similarity.AnyValue]: () => '' };
  it.each([Similarity.ExactFlags, Similarity.ExactLines, Similarity.AnyPointer, Similarity.AnyValue])('%s', (similarity) => {
    const expected = new Map<string, number[]>();
    for (const x of goroutines) {
      const key = JSON.stringify([x.state, x.locked, similarity === Similarity.ExactFlags ? (x.waitMinutes ?? -1) : 0, x.frames.map((f) => [f.func, f.file, f.line, argsKey[similarity](f.args)]), x.createdBy ?? null]);
      expected.set(key, [...(expected.get(key) ?? []), x.id]);
    }
    const b = new BucketBuilder({ similarity, maxBuckets: 50_000 });
    for (const x of goroutines) b.add(x);
    const got = b.result().map((x) => x.count).sort((p, q) => p - q);
    expect(got).toEqual([...expected.values()].map((ids) => ids.length).sort((p, q) => p - q));
    const firstIds = new Set(b.result().map((x) => x.ids[0]));
    expect(new Set([...expected.values()].map((ids) => ids[0]))).toEqual(firstIds);
  });
});

describe('race dedupe', () => {
  it('merges reports of the same access pair in either order', () => {
    const access = (kind: 'read' | 'write', line: number, goroutine: number) => ({ kind, address: '0x1', goroutine, frames: [{ func: 'main.f', args: '', file: 'm/f.go', line }], stackLost: false });
    const r = (a: ReturnType<typeof access>, b: ReturnType<typeof access>, line: number): RaceReport => ({ line, current: a, previous: b, goroutines: [] });
    const groups = dedupeRaces([r(access('read', 3, 7), access('write', 5, 8), 1), r(access('write', 5, 9), access('read', 3, 10), 20), r(access('read', 4, 7), access('write', 5, 8), 40)]);
    expect(groups.map((x) => [x.count, x.lines])).toEqual([
      [2, [1, 20]],
      [1, [40]],
    ]);
  });
});

describe('bounded memory for large dumps', () => {
  it('retains at most `retain` goroutines while every goroutine reaches the stream callback', () => {
    let seen = 0;
    let dumps = 0;
    const s = new TextArtifactStream({
      input: 'big',
      retain: 50,
      onGoroutine: () => seen++,
      onArtifact: (a) => {
        if (a.format === 'goroutine-text') {
          dumps++;
          expect(a.goroutineCount).toBe(20_000);
          expect(a.goroutines).toHaveLength(50);
        }
      },
    });
    for (let i = 0; i < 20_000; i++) s.write(`goroutine ${i + 1} [chan receive]:\nmain.worker(0x${i.toString(16)})\n\texample.com/m/w.go:8 +0x1d\ncreated by main.main\n\texample.com/m/main.go:4 +0x2\n\n`);
    s.end();
    expect([seen, dumps]).toEqual([20_000, 1]);
  });

  it('protobuf and text forms of one profile agree', () => {
    const [text] = scanFixture('pprof/leaks-debug1.txt');
    const [proto] = scanFixture('pprof/leaks-debug0.pb.gz');
    const sig = (p: typeof text) => (p!.format === 'pprof' ? p!.records.map((r) => `${r.count} ${JSON.stringify(r.labels)} ${r.frames.find((f) => f.func.startsWith('main.'))?.func}`).sort() : []);
    expect(sig(proto)).toEqual(sig(text));
  });
});

// Protobuf goroutine profiles built with the pprof-format encoder: the Go 1.26+ goroutineleak
// profile (binary form, synthetic: no toolchain here produces it), labels, inlined frames, and
// version clues from GOROOT paths.

import { gzipSync } from 'node:zlib';
import { Function as PFunction, Label, Line, Location, Profile, Sample, StringTable, ValueType } from 'pprof-format';
import { describe, expect, it } from 'vitest';
import { analyzeBuffers } from './helpers.js';

function profile(kind: string, stacks: { count: number; frames: [string, string, number][]; labels?: Record<string, string> }[]): Buffer {
  const strings = new StringTable();
  const functions: PFunction[] = [];
  const locations: Location[] = [];
  const fnIds = new Map<string, number>();
  const samples = stacks.map((s) => {
    const locationId = s.frames.map(([name, file, line]) => {
      let fid = fnIds.get(name);
      if (fid === undefined) {
        fid = functions.length + 1;
        fnIds.set(name, fid);
        functions.push(new PFunction({ id: fid, name: strings.dedup(name), systemName: strings.dedup(name), filename: strings.dedup(file) }));
      }
      const id = locations.length + 1;
      locations.push(new Location({ id, line: [new Line({ functionId: fid, line })] }));
      return id;
    });
    const label = Object.entries(s.labels ?? {}).map(([k, v]) => new Label({ key: strings.dedup(k), str: strings.dedup(v) }));
    return new Sample({ locationId, value: [s.count], label });
  });
  const type = new ValueType({ type: strings.dedup(kind), unit: strings.dedup('count') });
  const p = new Profile({ sampleType: [type], periodType: type, period: 1, sample: samples, location: locations, function: functions, stringTable: strings });
  return gzipSync(p.encode());
}

describe('protobuf goroutine profiles', () => {
  it('goroutineleak profile (Go 1.26+): each record is a proven leak, with labels', async () => {
    const data = profile('goroutineleak', [
      { count: 4, frames: [['runtime.gopark', '/usr/local/go/src/runtime/proc.go', 435], ['runtime.chansend1', '/usr/local/go/src/runtime/chan.go', 161], ['example.com/svc.fetch.func1', '/src/svc/fetch.go', 31]], labels: { request: 'r-7' } },
    ]);
    const doc = await analyzeBuffers([{ name: 'leak.pb.gz', data }]);
    expect(doc.findings).toHaveLength(1);
    expect(doc.findings[0]).toMatchObject({ rule: 'profile-goroutine-leak', family: 'goroutine-leak', file: '/src/svc/fetch.go', line: 31 });
    expect(doc.findings[0]!.message).toBe('the runtime reports 4 leaked goroutines in svc.fetch.func1, blocked sending on a channel: nothing reachable can ever wake them; labels: request=r-7 (4)');
    expect(doc.artifacts![0]).toMatchObject({ kind: 'pprof-goroutineleak', encoding: 'protobuf', goroutines: 4, goVersion: 'go1.26+' });
  });

  it('goroutine profile: runtime frames tell the wait; ungzipped protobuf is accepted too', async () => {
    const stacks = [
      { count: 150, frames: [['runtime.gopark', 'runtime/proc.go', 363], ['runtime.chanrecv', 'runtime/chan.go', 583], ['runtime.chanrecv2', 'runtime/chan.go', 447], ['main.consume', 'example.com/app/main.go', 14]] as [string, string, number][] },
      { count: 3, frames: [['runtime.gopark', 'runtime/proc.go', 363], ['time.Sleep', 'runtime/time.go', 195], ['main.tick', 'example.com/app/main.go', 30]] as [string, string, number][] },
    ];
    const { gunzipSync } = await import('node:zlib');
    for (const data of [profile('goroutine', stacks), gunzipSync(profile('goroutine', stacks))]) {
      const doc = await analyzeBuffers([{ name: 'g.pb', data }]);
      expect(doc.findings.map((f) => [f.rule, f.line])).toEqual([['dump-leak-suspect', 14]]);
      expect(doc.findings[0]!.message).toMatch(/^150 goroutines blocked receiving from a channel in main\.consume: goroutine leak suspect/);
    }
  });

  it('a CPU profile is refused with a clear error', async () => {
    const doc = await analyzeBuffers([{ name: 'cpu.pb.gz', data: profile('samples', [{ count: 1, frames: [['main.f', 'm/f.go', 1]] }]) }]);
    expect(doc.errors).toEqual([{ file: 'cpu.pb.gz', message: expect.stringMatching(/only goroutine profiles are analyzed/) }]);
  });
});

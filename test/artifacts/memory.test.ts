// The in-memory analyze entry point (for the browser page) gives the same report as the file-based
// one for every real artifact, whether it arrives as bytes or as pasted text; and the pure modules
// it is built from stay usable without Node's Buffer.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { analyzeMemory } from '../../src/artifacts/memory.js';
import { LineSplitter } from '../../src/artifacts/lines.js';
import { nodeUtf8Decoder } from '../../src/artifacts/utf8-node.js';
import { webUtf8Decoder } from '../../src/artifacts/utf8.js';
import type { ReportDocument } from '../../src/report/finding.js';
import { analyzeBuffers, fixture, FIXTURES } from './helpers.js';

const REAL = ['crash', 'goroutine-dump', 'pprof', 'race', 'schedtrace', 'gctrace', 'test-timeout'].flatMap((dir) =>
  readdirSync(join(FIXTURES, dir))
    .filter((f) => !f.endsWith('.model.json'))
    .map((f) => `${dir}/${f}`),
);

function withoutTime(doc: ReportDocument): ReportDocument {
  return { ...doc, stats: { ...doc.stats, ms: 0 } };
}

describe('analyzeMemory', () => {
  it.each(REAL)('%s: same report as the file-based pipeline', async (path) => {
    const data = fixture(path);
    const fromFile = await analyzeBuffers([{ name: path, data }]);
    const fromBytes = await analyzeMemory([{ name: path, data: new Uint8Array(data) }]);
    expect(fromFile.findings.length + (fromFile.artifacts?.length ?? 0)).toBeGreaterThan(0);
    expect(withoutTime(fromBytes)).toEqual(withoutTime(fromFile));
    if (!path.endsWith('.gz')) {
      const fromText = await analyzeMemory([{ name: path, data: data.toString('utf8') }]);
      expect(fromText.findings).toEqual(fromFile.findings);
      expect(fromText.artifacts).toEqual(fromFile.artifacts);
    }
  });

  it('undoes gzip with DecompressionStream', async () => {
    const text = fixture('crash/concurrent-map-writes.txt');
    const doc = await analyzeMemory([{ name: 'crash.txt.gz', data: new Uint8Array(gzipSync(text)) }]);
    expect(doc.findings.map((f) => f.rule)).toContain('crash-concurrent-map-writes');
  });

  it('reports unrecognised and empty inputs as errors, not crashes', async () => {
    const doc = await analyzeMemory([
      { name: 'empty', data: '' },
      { name: 'prose', data: 'hello\nworld\n' },
      { name: 'binary', data: new Uint8Array([0, 1, 2, 3, 0, 0, 0xff, 0xfe, 0, 7]) },
    ]);
    expect(doc.findings).toEqual([]);
    expect(doc.errors.map((e) => e.file)).toEqual(['empty', 'prose', 'binary']);
  });
});

describe('UTF-8 chunk decoders', () => {
  // Every split point of a text with 2-, 3- and 4-byte characters, and an invalid byte.
  const bytes = new Uint8Array([...Buffer.from('goroutine 1 [键]:\nmain.f(😀)\n'), 0xff, 0x0a, ...Buffer.from('é')]);
  it.each([
    ['web', webUtf8Decoder],
    ['node', nodeUtf8Decoder],
  ])('%s decoder gives the same lines wherever the chunks split', (_name, make) => {
    const whole: string[] = [];
    const one = new LineSplitter(make());
    one.push(bytes, (l) => whole.push(l));
    one.end((l) => whole.push(l));
    expect(whole).toEqual(['goroutine 1 [键]:', 'main.f(😀)', '\ufffd', 'é']);
    for (let cut = 1; cut < bytes.length; cut++) {
      const lines: string[] = [];
      const split = new LineSplitter(make());
      split.push(bytes.subarray(0, cut), (l) => lines.push(l));
      split.push(bytes.subarray(cut), (l) => lines.push(l));
      split.end((l) => lines.push(l));
      expect(lines).toEqual(whole);
    }
  });
});

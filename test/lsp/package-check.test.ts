// The incremental package check: a file whose text did not change keeps its parse tree between
// checks; the findings must be those of a check from scratch.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PackageChecker } from '../../src/lsp/package-check.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gohazard-check-'));
  writeFileSync(join(dir, 'go.mod'), 'module example.com/m\n\ngo 1.22\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const STORE = `package cache

import "sync"

type Store struct {
	mu    sync.Mutex
	items map[string]int
}

func (s *Store) Put(k string, v int) {
	s.items[k] = v
}
`;

const serve = (body: string) => `package cache

func Serve(s *Store, keys []string) {
	for i, k := range keys {
		${body}
	}
}
`;

const summary = (r: { findings: { rule: string; file: string; line: number; column: number; message: string }[] }) =>
  r.findings.map((f) => `${f.rule} ${f.file}:${f.line}:${f.column} ${f.message}`);

describe('incremental package check', () => {
  it('reuses the trees of unchanged files and finds what a check from scratch finds', () => {
    writeFileSync(join(dir, 'store.go'), STORE);
    const path = join(dir, 'serve.go');
    const incremental = new PackageChecker({});
    const versions = [
      serve('s.Put(k, i)'),
      serve('go s.Put(k, i)'),
      serve('go s.Put(k, i'),
      serve('go func() { s.mu.Lock(); s.Put(k, i); s.mu.Unlock() }()'),
      serve('go s.Put(k, i)'),
    ];
    const seen = new Set<string>();
    for (const text of versions) {
      const buffers = new Map([[path, text]]);
      const got = incremental.check(dir, buffers);
      const fresh = new PackageChecker({}).check(dir, buffers);
      expect(summary(got)).toEqual(summary(fresh));
      expect(got.errors).toEqual(fresh.errors);
      for (const s of summary(got)) seen.add(s.split(' ')[0]!);
    }
    expect(seen.has('map-concurrent-write')).toBe(true);
  });

  it('forgets bindings to a declaration that was deleted from the edited file', () => {
    const path = join(dir, 'serve.go');
    writeFileSync(
      join(dir, 'store.go'),
      'package cache\n\nfunc Serve(keys []string) {\n\tfor _, k := range keys {\n\t\tgo put(k)\n\t}\n}\n',
    );
    const withPut = 'package cache\n\nvar cache = map[string]int{}\n\nfunc put(k string) { cache[k] = 1 }\n';
    const withoutPut = 'package cache\n\nvar cache = map[string]int{}\n\nfunc store(k string) { cache[k] = 1 }\n';
    const incremental = new PackageChecker({});
    expect(summary(incremental.check(dir, new Map([[path, withPut]]))).map((s) => s.split(' ')[0])).toEqual(['map-concurrent-write']);
    const got = incremental.check(dir, new Map([[path, withoutPut]]));
    expect(summary(got)).toEqual(summary(new PackageChecker({}).check(dir, new Map([[path, withoutPut]]))));
    expect(got.findings).toEqual([]);
  });
});

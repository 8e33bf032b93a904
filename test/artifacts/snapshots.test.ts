// Real captured outputs (testdata/artifacts/<format>/, produced by tools/crashers with Go 1.19 and
// the research samples) → parsed model, compared with the committed .model.json next to each.
// Refresh with `npx vitest run test/artifacts/snapshots.test.ts -u` after a deliberate change.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { condense, FIXTURES, scanFixture } from './helpers.js';

const formats = ['crash', 'goroutine-dump', 'pprof', 'race', 'schedtrace', 'gctrace', 'test-timeout', 'research', 'synthetic'];

describe('parsed models of captured artifacts', () => {
  for (const format of formats) {
    let files: string[] = [];
    try {
      files = readdirSync(join(FIXTURES, format)).filter((f) => /\.(txt|pb\.gz)$/.test(f));
    } catch {
      continue;
    }
    for (const file of files) {
      it(`${format}/${file}`, async () => {
        const artifacts = scanFixture(`${format}/${file}`);
        expect(artifacts.length).toBeGreaterThan(0);
        const model = JSON.stringify(artifacts.map(condense), null, 1) + '\n';
        await expect(model).toMatchFileSnapshot(join(FIXTURES, format, `${file}.model.json`));
      });
    }
  }
});

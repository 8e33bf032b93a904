// Every rule against its testdata/<rule-id>/ fixtures (analysistest-style `// want` comments).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';
import { checkFixtures } from '../../src/testing/fixtures.js';

const TESTDATA = join(import.meta.dirname, '..', '..', 'testdata');

describe.each(RULES.map((r) => [r.meta.id, r] as const))('%s', (id, rule) => {
  const dir = join(TESTDATA, id);

  it('has a fixture directory', () => {
    expect(existsSync(dir), `missing ${dir}`).toBe(true);
  });

  it.runIf(existsSync(dir))('matches every want and reports nothing else', () => {
    const report = checkFixtures(rule, dir);
    expect(report.failures).toEqual([]);
    expect(report.positives, 'at least one file with // want expectations').toBeGreaterThan(0);
    expect(report.negatives, 'at least one file that must stay silent').toBeGreaterThan(0);
  });
});

// The Go code of the seed articles (research/seed-catalog.md §2.1) and the static acceptance cases
// (§5) that no rule fixture covers, under testdata/seeds/<id>/, scanned with every rule.
//
// (a) every `// want` matches a finding and no other finding appears (same semantics as the rule
//     fixtures, all rules at once);
// (b) every BUGGY snippet has a finding of each family the catalog names for it, except the gaps
//     listed in KNOWN_GAPS (docs/evaluation/seeds.md says what is missing): a gap that closes, or a
//     family that stops being reported, fails the test so that the list stays exact;
// (c) every SAFE snippet has no finding at all.
//
// ILLUSTRATIVE snippets (runtime paraphrases, pseudo-code, sketches without a concurrency defect:
// S000-2, S000-6, S000-7, S001-3, S001-5, S001-7, S001-10, S002-8, S003-1..4, S003-10, S004-2,
// S004-3, S004-8, S004-9) are out of scope and have no directory. S001-7's point (a call-free loop
// is only a hazard before Go 1.14) is acceptance case 31, covered by testdata/starvation-spin-wait.

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';
import { checkFixtures } from '../../src/testing/fixtures.js';

const SEEDS = join(import.meta.dirname, '..', '..', 'testdata', 'seeds');

/** Families the catalog expects; `other` has no rules (linkname, runtime/trace misuse). */
type Expected = 'SAFE' | readonly string[];

const CASES: Record<string, Expected> = {
  // seed 000 (cgo)
  'S000-1': ['cgo'],
  'S000-3': 'SAFE',
  'S000-4': ['cgo'],
  'S000-5': ['cgo'],
  // seed 001 (map internals)
  'S001-1': ['map-concurrency'],
  'S001-2': 'SAFE',
  'S001-4': ['sync-pool-atomic'],
  'S001-6': ['map-concurrency'],
  'S001-8': 'SAFE',
  'S001-9': 'SAFE',
  'S001-11': ['map-concurrency'],
  // seed 002 (interview bank)
  'S002-1': ['sync-pool-atomic'],
  'S002-2': 'SAFE',
  'S002-3': ['goroutine-leak', 'context'],
  'S002-4': ['channel-misuse'],
  'S002-5': ['sync-pool-atomic'],
  'S002-6': ['other'],
  'S002-7': 'SAFE',
  'S002-9': ['lock-misuse'],
  // seed 003 (scheduler)
  'S003-5': ['other'],
  'S003-6': ['other'],
  'S003-7': ['timer'],
  'S003-8': ['lock-misuse'],
  'S003-9': 'SAFE',
  'S003-11': 'SAFE',
  'S003-12': 'SAFE',
  // seed 004 (map, second article)
  'S004-1': ['map-concurrency'],
  'S004-4': ['map-concurrency'],
  'S004-5': ['map-concurrency', 'waitgroup'],
  'S004-6': ['map-concurrency', 'context', 'goroutine-leak'],
  'S004-7': ['map-concurrency', 'sync-pool-atomic'],
  'S004-10': 'SAFE',
  // acceptance cases of §5 not covered by a rule fixture (the others are listed in docs/evaluation/seeds.md)
  A05: ['map-concurrency'],
  A06: ['map-concurrency', 'context', 'goroutine-leak'],
  A25: 'SAFE',
  A32: 'SAFE',
};

/** id → families expected by the catalog that no rule reports yet. */
const KNOWN_GAPS: Record<string, readonly string[]> = {
  'S000-4': ['cgo'],
  'S001-4': ['sync-pool-atomic'],
  'S001-6': ['map-concurrency'],
  'S002-6': ['other'],
  'S003-5': ['other'],
  'S003-6': ['other'],
  'S003-7': ['timer'],
  'S004-5': ['waitgroup'],
  'S004-6': ['map-concurrency', 'goroutine-leak'],
  'S004-7': ['sync-pool-atomic'],
  A06: ['goroutine-leak'],
};

describe('seed code', () => {
  it('has a directory for every case and a case for every directory', () => {
    const dirs = readdirSync(SEEDS).sort();
    expect(dirs).toEqual(Object.keys(CASES).sort());
  });

  it('lists gaps only for expected families of BUGGY cases', () => {
    for (const [id, families] of Object.entries(KNOWN_GAPS)) {
      const expected = CASES[id];
      expect(expected, id).not.toBe('SAFE');
      for (const f of families) expect(expected, `${id}: ${f}`).toContain(f);
    }
  });

  describe.each(Object.entries(CASES))('%s', (id, expected) => {
    const dir = join(SEEDS, id);

    it.runIf(existsSync(dir))(expected === 'SAFE' ? 'reports nothing' : 'reports the expected families, and every want', () => {
      const report = checkFixtures(RULES, dir);
      expect(report.failures).toEqual([]);
      if (expected === 'SAFE') {
        expect(report.findings.map((f) => `${f.file}:${f.line} ${f.rule}: ${f.message}`)).toEqual([]);
        return;
      }
      const found = new Set<string>(report.findings.map((f) => f.family));
      const missing = expected.filter((f) => !found.has(f));
      expect(missing, 'families not reported (a new gap, or one that closed: update KNOWN_GAPS)').toEqual([...(KNOWN_GAPS[id] ?? [])]);
    });
  });
});

// The engine's guarantees: a crashing rule is reported and the others' findings kept, files that
// do not parse are reported while the rest is analysed, suppressions need a reason, config
// switches rules and severities, output order is deterministic.

import { describe, expect, it } from 'vitest';
import { defineRule, type Rule } from '../../src/engine/rule.js';
import { RULES } from '../../src/rules/index.js';
import { scanSources } from '../../src/scan/memory.js';

const RACE = `package p

import "sync"

func Count(words []string) map[string]int {
	counts := map[string]int{}
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			counts[w]++
		}(w)
	}
	wg.Wait()
	return counts
}
`;

const mapWrite = RULES.find((r) => r.meta.id === 'map-concurrent-write')!;

function brokenRule(where: 'create' | 'visit' | 'package'): Rule {
  return defineRule({
    meta: { ...mapWrite.meta, id: 'always-crashes', messages: { m: 'never' } },
    create() {
      if (where === 'create') throw new Error('boom in create');
      return { CallExpr: () => { if (where === 'visit') throw new Error('boom in visitor'); } };
    },
    checkPackage() {
      if (where === 'package') throw new Error('boom in checkPackage');
    },
  });
}

describe('engine', () => {
  it.each(['create', 'visit', 'package'] as const)('keeps other findings when a rule crashes in %s', (where) => {
    const doc = scanSources([{ path: 'p/count.go', src: RACE }], { rules: [brokenRule(where), mapWrite] });
    expect(doc.findings.map((f) => f.rule)).toEqual(['map-concurrent-write']);
    expect(doc.errors).toHaveLength(1);
    expect(doc.errors[0]!.message).toMatch(new RegExp(`rule always-crashes crashed.*boom in ${where === 'visit' ? 'visitor' : where === 'create' ? 'create' : 'checkPackage'}`));
  });

  it('reports a file that does not parse and analyses the others', () => {
    const doc = scanSources(
      [
        { path: 'p/count.go', src: RACE },
        { path: 'p/broken.go', src: 'package p\n\nfunc broken( {\n' },
      ],
      { rules: [mapWrite] },
    );
    expect(doc.findings).toHaveLength(1);
    expect(doc.errors).toEqual([expect.objectContaining({ file: 'p/broken.go', line: 3, message: expect.stringMatching(/^syntax error: /) })]);
  });

  it('survives source nested too deeply for the stack', () => {
    const deep = `package p\n\nvar x = ${'('.repeat(50000)}1${')'.repeat(50000)}\n`;
    const doc = scanSources([{ path: 'p/deep.go', src: deep }, { path: 'p/count.go', src: RACE }]);
    expect(doc.errors.some((e) => e.file === 'p/deep.go')).toBe(true);
    expect(doc.findings.some((f) => f.file === 'p/count.go')).toBe(true);
  });

  it('honours //gohazard:ignore with a reason and //nolint:gohazard', () => {
    const withReason = RACE.replace('counts[w]++', 'counts[w]++ //gohazard:ignore map-concurrent-write test helper, words are unique');
    expect(scanSources([{ path: 'a.go', src: withReason }], { rules: [mapWrite] }).findings).toEqual([]);
    const nolint = RACE.replace('counts[w]++', 'counts[w]++ //nolint:gohazard');
    expect(scanSources([{ path: 'a.go', src: nolint }], { rules: [mapWrite] }).findings).toEqual([]);
    const byFamily = RACE.replace('func Count', '//gohazard:ignore map-concurrency counts are per test\nfunc Count');
    expect(scanSources([{ path: 'a.go', src: byFamily }], { rules: [mapWrite] }).findings).toEqual([]);
  });

  it('reports malformed suppressions and keeps the finding', () => {
    const noReason = RACE.replace('counts[w]++', 'counts[w]++ //gohazard:ignore map-concurrent-write');
    const doc = scanSources([{ path: 'a.go', src: noReason }], { rules: [mapWrite] });
    expect(doc.findings).toHaveLength(1);
    expect(doc.errors).toEqual([expect.objectContaining({ file: 'a.go', line: 12, message: expect.stringMatching(/needs a reason/) })]);
    const unknown = RACE.replace('counts[w]++', 'counts[w]++ //gohazard:ignore no-such-rule because');
    expect(scanSources([{ path: 'a.go', src: unknown }], { rules: [mapWrite] }).errors[0]!.message).toMatch(/unknown rule "no-such-rule"/);
  });

  it('applies config: families off, severities changed', () => {
    expect(scanSources([{ path: 'a.go', src: RACE }], { config: { rules: { 'map-concurrency': 'off' } } }).findings).toEqual([]);
    const doc = scanSources([{ path: 'a.go', src: RACE }], { config: { rules: { 'map-concurrent-write': 'info' } } });
    expect(doc.findings.filter((f) => f.rule === 'map-concurrent-write').map((f) => f.severity)).toEqual(['info']);
  });

  it('orders findings deterministically', () => {
    const files = ['b', 'a', 'c'].map((n) => ({ path: `${n}/count.go`, src: RACE }));
    const once = scanSources(files).findings.map((f) => `${f.file}:${f.line}:${f.rule}`);
    const again = scanSources([...files].reverse()).findings.map((f) => `${f.file}:${f.line}:${f.rule}`);
    expect(once).toEqual(again);
    expect(once).toEqual([...once].sort());
  });
});

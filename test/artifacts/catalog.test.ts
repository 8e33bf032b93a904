// The artifact rule registry: every rule a diagnosis can emit is registered, documented in
// docs/analyze.md, and uses the fixed family vocabulary.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTIFACT_RULES } from '../../src/artifacts/diagnose/catalog.js';
import { FAMILIES } from '../../src/report/finding.js';
import { analyzeDocs } from '../../tools/gen-analyze-docs.js';
import { ROOT } from './helpers.js';

describe('artifact rule catalog', () => {
  it('ids are unique kebab-case, families fixed, texts present', () => {
    const ids = ARTIFACT_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of ARTIFACT_RULES) {
      expect(r.id).toMatch(/^[a-z]+(?:-[a-z0-9]+)+$/);
      expect(FAMILIES).toContain(r.family);
      expect(r.title).toMatch(/^[a-z0-9].*[^.]$/);
      expect(r.why.length).toBeGreaterThan(40);
      expect(r.fix.length).toBeGreaterThan(20);
    }
  });

  it('every rule id used by a diagnosis module is registered, and every registered rule is used', () => {
    const dir = join(ROOT, 'src', 'artifacts', 'diagnose');
    const used = new Set<string>();
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts') && x !== 'catalog.ts')) {
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/'((?:crash|deadlock|dump|profile|race|schedtrace|gctrace|test-timeout)-[a-z0-9-]+)'/g)) used.add(m[1]!);
    }
    used.delete('race-report'); // an artifact kind, not a rule
    const registered = new Set(ARTIFACT_RULES.map((r) => r.id));
    // Literal prefixes such as 'crash-concurrent-map' (used with startsWith) are not ids.
    expect([...used].filter((id) => !registered.has(id) && ![...registered].some((r) => r.startsWith(id)))).toEqual([]);
    expect([...registered].filter((id) => !used.has(id))).toEqual([]);
  });

  it('docs/analyze.md documents every rule and is generated from the catalog', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'analyze.md'), 'utf8');
    expect(ARTIFACT_RULES.filter((r) => !doc.includes(`### ${r.id}`)).map((r) => r.id)).toEqual([]);
    // Regenerate with: npx tsc -p . && node dist/tools/gen-analyze-docs.js
    expect(doc).toBe(analyzeDocs());
  });
});

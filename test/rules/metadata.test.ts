// Repository invariants for rules: registry parity, complete metadata, fresh generated docs,
// and executable doc examples (every bad snippet yields exactly one finding, every good none).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAMILIES } from '../../src/report/finding.js';
import { RULES } from '../../src/rules/index.js';
import { scanSources } from '../../src/scan/memory.js';
import { generatedDocs } from '../../tools/gen-docs.js';

const ROOT = join(import.meta.dirname, '..', '..');
const RULES_DIR = join(ROOT, 'src', 'rules');

describe('rule registry', () => {
  it('registers every rule file exactly once, in the folder of its family', async () => {
    const files: string[] = [];
    for (const family of readdirSync(RULES_DIR, { withFileTypes: true })) {
      if (!family.isDirectory()) continue;
      for (const f of readdirSync(join(RULES_DIR, family.name))) {
        if (!f.endsWith('.ts')) continue;
        const mod = (await import(join(RULES_DIR, family.name, f))) as { default?: { meta?: { id: string; family: string } } };
        if (!mod.default?.meta) continue; // helper module of the family
        expect(mod.default.meta.family, f).toBe(family.name);
        expect(mod.default.meta.id, `${family.name}/${f}: file name and id differ`).toBe(f.replace(/\.ts$/, ''));
        files.push(mod.default.meta.id);
      }
    }
    expect([...files].sort()).toEqual(RULES.map((r) => r.meta.id).sort());
  });

  it('has unique ids', () => {
    const ids = RULES.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe.each(RULES.map((r) => [r.meta.id, r] as const))('%s metadata', (id, rule) => {
  const m = rule.meta;
  it('is complete and well formed', () => {
    expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(FAMILIES).toContain(m.family);
    expect(m.title).toMatch(/^[a-z]/);
    expect(m.title).not.toMatch(/\.$/);
    expect(m.docs.why.length).toBeGreaterThan(40);
    expect(m.docs.fix.length).toBeGreaterThan(10);
    expect(Object.keys(m.messages).length).toBeGreaterThan(0);
    for (const text of Object.values(m.messages)) expect(text).not.toMatch(/\.$/);
    for (const key of Object.keys(m.help ?? {})) expect(m.messages).toHaveProperty(key);
  });

  const version = m.minGo !== undefined ? `go 1.${m.minGo}\n` : m.maxGo !== undefined ? `go 1.${m.maxGo - 1}\n` : undefined;
  const goMods = version ? { '': `module example.com/doc\n\n${version}` } : undefined;

  it('flags its bad example exactly once', () => {
    const doc = scanSources([{ path: 'bad.go', src: m.docs.bad }], { rules: [rule], goMods });
    expect(doc.errors).toEqual([]);
    expect(doc.findings.map((f) => `${f.line}: ${f.message}`)).toHaveLength(1);
  });

  it('accepts its good example', () => {
    const doc = scanSources([{ path: 'good.go', src: m.docs.good }], { rules: [rule], goMods });
    expect(doc.errors).toEqual([]);
    expect(doc.findings.map((f) => `${f.line}: ${f.message}`)).toEqual([]);
  });
});

describe('generated docs', () => {
  it('are up to date (run: npm run docs)', () => {
    for (const [path, text] of generatedDocs()) {
      const full = join(ROOT, path);
      expect(existsSync(full), `${path} missing`).toBe(true);
      expect(readFileSync(full, 'utf8'), `${path} is stale`).toBe(text);
    }
  });
});

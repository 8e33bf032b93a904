// Opt-in rules: off by default, on when the config names them (id, family or all) or when the
// caller chose the rules itself.
import { describe, expect, it } from 'vitest';
import { resolveRules } from '../../src/engine/config.js';
import { RULES } from '../../src/rules/index.js';

const optIn = RULES.filter((r) => r.meta.optIn === true);
const ids = (config: Parameters<typeof resolveRules>[1], chosen = false) =>
  new Set(resolveRules(RULES, config, chosen).map((r) => r.rule.meta.id));

describe('opt-in rules', () => {
  it('exist, and are off without a config', () => {
    expect(optIn.length).toBeGreaterThan(0);
    const on = ids({});
    for (const r of optIn) expect(on.has(r.meta.id)).toBe(false);
    expect(on.size).toBe(RULES.length - optIn.length);
  });

  it('are turned on by id, by family and by all', () => {
    const r = optIn[0]!;
    expect(ids({ rules: { [r.meta.id]: 'on' } }).has(r.meta.id)).toBe(true);
    expect(ids({ rules: { [r.meta.family]: 'warning' } }).has(r.meta.id)).toBe(true);
    expect(ids({ rules: { all: 'on' } }).size).toBe(RULES.length);
  });

  it('run when the caller chose the rules, unless the config turns them off', () => {
    const r = optIn[0]!;
    expect(ids({}, true).has(r.meta.id)).toBe(true);
    expect(ids({ rules: { [r.meta.id]: 'off' } }, true).has(r.meta.id)).toBe(false);
  });
});

// Every text a user reads exists in English and Chinese: rule messages, help and docs, analyze
// diagnoses. Fails when a rule (including one added later) lacks a complete zh-CN translation.

import { describe, expect, it } from 'vitest';
import { ARTIFACT_RULES } from '../../src/artifacts/diagnose/catalog.js';
import { placeholders, translationGaps } from '../../src/i18n/rule-text.js';
import { RULES } from '../../src/rules/index.js';

const CJK = /[\u4e00-\u9fff]/;

describe('zh-CN translations of rules', () => {
  it('cover every rule: title, why, fix, every message id and help id, identical placeholders', () => {
    const gaps = RULES.flatMap((r) => translationGaps(r.meta, 'zh-CN'));
    expect(gaps).toEqual([]);
  });

  it('are Chinese, not English copied over', () => {
    const english: string[] = [];
    for (const r of RULES) {
      const t = r.meta.i18n?.['zh-CN'];
      if (!t) continue;
      const texts = { title: t.title, why: t.why, fix: t.fix, ...t.messages, ...(t.help ?? {}) };
      for (const [key, text] of Object.entries(texts)) if (!CJK.test(text)) english.push(`${r.meta.id}.${key}`);
    }
    expect(english).toEqual([]);
  });

  it('keep Go terms as Go engineers write them (no translated goroutine, channel, map, mutex, context, defer, select)', () => {
    const literal = /协程|通道|映射表|互斥量|上下文|延迟调用|选择语句/;
    const offenders = RULES.filter((r) => literal.test(JSON.stringify(r.meta.i18n ?? {}))).map((r) => r.meta.id);
    expect(offenders).toEqual([]);
  });

  it('detects gaps: a missing help id and a changed placeholder are reported', () => {
    const meta = RULES[0]!.meta;
    const t = meta.i18n!['zh-CN']!;
    const [firstId, firstText] = Object.entries(t.messages)[0]!;
    const broken = { ...meta, i18n: { 'zh-CN': { ...t, help: {}, messages: { ...t.messages, [firstId]: firstText.replace(/\{\w+\}/, '{renamed}') } } } };
    const gaps = translationGaps(broken, 'zh-CN');
    expect(gaps.some((g) => g.includes('help.') && g.endsWith('not translated'))).toBe(Object.keys(meta.help ?? {}).length > 0);
    if (placeholders(meta.messages[firstId]!).length > 0) expect(gaps.some((g) => g.includes(`messages.${firstId} placeholders`))).toBe(true);
    expect(translationGaps({ ...meta, i18n: undefined }, 'zh-CN')).toEqual([`${meta.id}: no zh-CN translation`]);
  });
});

describe('zh-CN translations of analyze diagnoses', () => {
  it('cover every diagnosis with a Chinese title, why and fix', () => {
    const missing = ARTIFACT_RULES.filter((r) => {
      const t = r.i18n?.['zh-CN'];
      return !t || ![t.title, t.why, t.fix].every((s) => typeof s === 'string' && CJK.test(s));
    }).map((r) => r.id);
    expect(missing).toEqual([]);
  });
});

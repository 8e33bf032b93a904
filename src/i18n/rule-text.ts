// A rule's texts in one language. Translations live in the rule's own metadata (`i18n`), so the
// rule file stays the single source of its docs; any text a translation lacks falls back to English.

import type { RuleMeta } from '../engine/rule.js';
import type { Lang } from './lang.js';

export interface RuleTexts {
  title: string;
  why: string;
  fix: string;
  messages: Readonly<Record<string, string>>;
  help: Readonly<Record<string, string>>;
}

export function ruleTexts(meta: RuleMeta, lang: Lang): RuleTexts {
  const english: RuleTexts = { title: meta.title, why: meta.docs.why, fix: meta.docs.fix, messages: meta.messages, help: meta.help ?? {} };
  if (lang === 'en') return english;
  const t = meta.i18n?.[lang];
  if (!t) return english;
  return {
    title: t.title || english.title,
    why: t.why || english.why,
    fix: t.fix || english.fix,
    messages: { ...english.messages, ...t.messages },
    help: { ...english.help, ...(t.help ?? {}) },
  };
}

/** `{name}` placeholders of a template, sorted and deduplicated. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
}

/**
 * What a translation of `meta` lacks: missing title/why/fix, message or help ids without a
 * translation, placeholders that differ from the English template. Empty when complete.
 */
export function translationGaps(meta: RuleMeta, lang: Exclude<Lang, 'en'>): string[] {
  const t = meta.i18n?.[lang];
  if (!t) return [`${meta.id}: no ${lang} translation`];
  const gaps: string[] = [];
  for (const key of ['title', 'why', 'fix'] as const) if (!t[key]?.trim()) gaps.push(`${meta.id}: ${key} not translated`);
  const compare = (kind: 'messages' | 'help', english: Record<string, string>, translated: Record<string, string> | undefined) => {
    for (const [id, text] of Object.entries(english)) {
      const zh = translated?.[id];
      if (zh === undefined || zh.trim() === '') gaps.push(`${meta.id}: ${kind}.${id} not translated`);
      else if (placeholders(zh).join() !== placeholders(text).join())
        gaps.push(`${meta.id}: ${kind}.${id} placeholders {${placeholders(zh).join('} {')}} differ from {${placeholders(text).join('} {')}}`);
    }
    for (const id of Object.keys(translated ?? {})) if (!(id in english)) gaps.push(`${meta.id}: ${kind}.${id} translated but not in English`);
  };
  compare('messages', meta.messages, t.messages);
  compare('help', meta.help ?? {}, t.help);
  return gaps;
}

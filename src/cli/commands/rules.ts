// gohazard rules: the rule catalog, from rule metadata (the single source of the docs).

import { chooseLang } from '../../i18n/choose.js';
import { helpText } from '../../i18n/cli-help.js';
import { ruleTexts } from '../../i18n/rule-text.js';
import { RULES } from '../../rules/index.js';
import { oneOf, parseArgs, UsageError } from '../args.js';
import type { CliIO } from '../io.js';

const HELP = 'usage: gohazard rules [--format text|json] [--lang en|zh-CN]\n\nLists every rule with its family, severity and documentation.\n';

export async function run(args: string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(args, { values: ['format', 'lang'], switches: ['help', 'h'] });
  const chosen = chooseLang(parsed.values.get('lang'), undefined, io.env);
  if (!chosen.ok) throw new UsageError(chosen.message);
  const lang = chosen.lang;
  if (parsed.switches.has('help') || parsed.switches.has('h')) {
    io.stdout(helpText('rules', lang, HELP));
    return 0;
  }
  const format = oneOf('format', parsed.values.get('format'), ['text', 'json'] as const, 'text');
  const rules = [...RULES].sort((a, b) => (a.meta.family + a.meta.id < b.meta.family + b.meta.id ? -1 : 1));
  if (format === 'json') {
    const catalog = rules.map((r) => ({ r, t: ruleTexts(r.meta, lang) })).map(({ r, t }) => ({
      id: r.meta.id,
      family: r.meta.family,
      severity: r.meta.severity,
      category: r.meta.category,
      title: t.title,
      why: t.why,
      fix: t.fix,
      bad: r.meta.docs.bad,
      good: r.meta.docs.good,
      fixKind: r.meta.fix,
      since: r.meta.since,
      ...(r.meta.minGo !== undefined ? { minGo: `1.${r.meta.minGo}` } : {}),
      ...(r.meta.maxGo !== undefined ? { maxGo: `1.${r.meta.maxGo}` } : {}),
      docPath: `docs/rules/${r.meta.id}.md`,
    }));
    io.stdout(JSON.stringify({ version: 1, rules: catalog }, null, 2) + '\n');
    return 0;
  }
  let family = '';
  for (const r of rules) {
    if (r.meta.family !== family) {
      family = r.meta.family;
      io.stdout(`\n${family}\n`);
    }
    io.stdout(`  ${r.meta.id.padEnd(34)} ${r.meta.severity.padEnd(8)} ${ruleTexts(r.meta, lang).title}\n`);
  }
  io.stdout(lang === 'zh-CN' ? `\n共 ${rules.length} 条规则。文档：docs/rules/<rule-id>.md\n` : `\n${rules.length} rules. Docs: docs/rules/<rule-id>.md\n`);
  return 0;
}

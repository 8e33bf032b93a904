// Generates docs/rules/<rule-id>.md and docs/rules/README.md from rule metadata, the single
// source of rule documentation. `node dist/tools/gen-docs.js` writes them; the docs test
// fails when they are stale.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Rule } from '../src/engine/rule.js';
import { FAMILIES } from '../src/report/finding.js';
import { RULES } from '../src/rules/index.js';

export function rulePage(rule: Rule): string {
  const m = rule.meta;
  const gate = [m.minGo !== undefined ? `go ≥ 1.${m.minGo}` : '', m.maxGo !== undefined ? `go < 1.${m.maxGo}` : '']
    .filter(Boolean)
    .join(', ');
  const lines = [
    `# ${m.id}`,
    '',
    `> ${m.title}`,
    '',
    '| family | severity | category | fix | since |' + (gate ? ' applies to |' : ''),
    '|---|---|---|---|---|' + (gate ? '---|' : ''),
    `| ${m.family} | ${m.severity} | ${m.category} | ${m.fix} | ${m.since} |` + (gate ? ` ${gate} |` : ''),
    '',
    ...(m.optIn
      ? [
          `Opt-in: off by default (its findings on mature code are not yet precise enough); turn it on with \`{ "rules": { "${m.id}": "on" } }\` in \`.gohazard.json\`.`,
          '',
        ]
      : []),
    '## Why',
    '',
    m.docs.why,
    '',
    '## Flagged',
    '',
    '```go',
    m.docs.bad.trimEnd(),
    '```',
    '',
    '## Accepted',
    '',
    '```go',
    m.docs.good.trimEnd(),
    '```',
    '',
    '## How to fix',
    '',
    m.docs.fix,
    '',
    '## Messages',
    '',
    ...Object.entries(m.messages).map(([id, text]) => `- \`${id}\`: ${text}` + (m.help?.[id] ? `\n  - help: ${m.help[id]}` : '')),
    '',
  ];
  if (m.docs.seeAlso?.length) lines.push('## See also', '', ...m.docs.seeAlso.map((s) => `- ${s}`), '');
  const zh = m.i18n?.['zh-CN'];
  if (zh) lines.push('## 中文', '', `**${zh.title}**`, '', zh.why, '', `修复：${zh.fix}`, '');
  lines.push('Suppress one finding with `//gohazard:ignore ' + m.id + ' <reason>` on the line or the line above.', '');
  return lines.join('\n');
}

export function indexPage(rules: readonly Rule[]): string {
  const lines = ['# Rules', '', 'Generated from rule metadata (`node dist/tools/gen-docs.js`); do not edit by hand.', ''];
  for (const family of FAMILIES) {
    const list = rules.filter((r) => r.meta.family === family).sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));
    if (list.length === 0) continue;
    lines.push(`## ${family}`, '', '| rule | severity | fix | what it finds |', '|---|---|---|---|');
    for (const r of list)
      lines.push(
        `| [${r.meta.id}](${r.meta.id}.md) | ${r.meta.severity}${r.meta.optIn ? ' (opt-in)' : ''} | ${r.meta.fix} | ${r.meta.title} |`,
      );
    lines.push('');
  }
  lines.push(`${rules.length} rules.`, '');
  return lines.join('\n');
}

/** Every generated file: path relative to the repository → contents. */
export function generatedDocs(rules: readonly Rule[] = RULES): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of rules) out.set(`docs/rules/${r.meta.id}.md`, rulePage(r));
  out.set('docs/rules/README.md', indexPage(rules));
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  for (const [path, text] of generatedDocs()) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  console.log(`wrote ${RULES.length + 1} files under docs/rules/`);
}

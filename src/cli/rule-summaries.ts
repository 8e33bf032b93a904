// Rule descriptors for reporters (SARIF rules, HTML docs, help links).

import type { Rule } from '../engine/rule.js';
import type { RuleSummary } from '../report/finding.js';

export function ruleSummaries(rules: readonly Rule[]): RuleSummary[] {
  return rules.map((r) => ({
    id: r.meta.id,
    family: r.meta.family,
    severity: r.meta.severity,
    title: r.meta.title,
    docPath: `docs/rules/${r.meta.id}.md`,
  }));
}

// Rule descriptors for reporters (SARIF rules, HTML docs, help links), in the chosen language:
// the static rules from their metadata, the `analyze` diagnoses from their catalog.

import { ARTIFACT_RULES } from '../artifacts/diagnose/catalog.js';
import type { Rule } from '../engine/rule.js';
import { artifactRuleTexts } from '../i18n/artifact-text.js';
import type { Lang } from '../i18n/lang.js';
import { ruleTexts } from '../i18n/rule-text.js';
import type { RuleSummary } from '../report/finding.js';

export function ruleSummaries(rules: readonly Rule[], lang: Lang = 'en'): RuleSummary[] {
  return rules.map((r) => {
    const texts = ruleTexts(r.meta, lang);
    return {
      id: r.meta.id,
      family: r.meta.family,
      severity: r.meta.severity,
      title: texts.title,
      docPath: `docs/rules/${r.meta.id}.md`,
      why: texts.why,
      fix: texts.fix,
    };
  });
}

export function artifactRuleSummaries(lang: Lang = 'en'): RuleSummary[] {
  return ARTIFACT_RULES.map((r) => {
    const texts = artifactRuleTexts(r, lang);
    return { id: r.id, family: r.family, severity: r.severity, title: texts.title, docPath: `docs/analyze.md#${r.id}`, why: texts.why, fix: texts.fix };
  });
}

// `analyze` findings in the chosen language. The catalog (src/artifacts/diagnose/catalog.ts) holds
// each diagnosis's title, why and fix in English and Chinese; a finding's help is its diagnosis's
// fix. Its message is built from the artifact (function names, goroutine ids, the runtime's own
// words), so a translated finding leads with the translated title and keeps those details.

import { ARTIFACT_RULES, type ArtifactRule, type ArtifactRuleTranslation } from '../artifacts/diagnose/catalog.js';
import type { Finding, ReportDocument } from '../report/finding.js';
import type { Lang } from './lang.js';

export function artifactRuleTexts(rule: ArtifactRule, lang: Lang): ArtifactRuleTranslation {
  return lang === 'en' ? { title: rule.title, why: rule.why, fix: rule.fix } : rule.i18n[lang];
}

const BY_ID = new Map(ARTIFACT_RULES.map((r) => [r.id, r]));

export function localizeArtifactFinding(f: Finding, lang: Lang): Finding {
  const rule = BY_ID.get(f.rule);
  if (lang === 'en' || !rule) return f;
  const t = artifactRuleTexts(rule, lang);
  const out: Finding = { ...f, message: `${t.title}：${f.message}` };
  if (f.help === rule.fix) out.help = t.fix;
  return out;
}

export function localizeArtifactDocument(doc: ReportDocument, lang: Lang): ReportDocument {
  if (lang === 'en') return doc;
  return { ...doc, findings: doc.findings.map((f) => localizeArtifactFinding(f, lang)) };
}

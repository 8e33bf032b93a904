// Configuration: which rules run, at which severity, with which options. A config file
// (.gohazard.json) looks like
//   { "rules": { "all": "on", "timer": "off", "map-concurrent-write": "warning",
//                "goroutine-leak-unbuffered-send": { "severity": "error", "options": {...} } },
//     "exclude": ["internal/generated/**"], "go": "1.21", "failOn": "warning", "lang": "zh-CN" }
// Keys are rule ids, family names, or "all"; later, more specific keys win (all < family < id).

import { isLang, LANGS, type Lang } from '../i18n/lang.js';
import { ruleTexts } from '../i18n/rule-text.js';
import { FAMILIES, type Family, SEVERITIES, type Severity } from '../report/finding.js';
import type { Rule } from './rule.js';

export type RuleSetting = 'on' | 'off' | Severity | { severity?: Severity | 'off' | 'on'; options?: Record<string, unknown> };

export interface Config {
  rules?: Record<string, RuleSetting>;
  exclude?: string[];
  /** Overrides the go.mod language version, e.g. "1.21". */
  go?: string;
  failOn?: Severity | 'never';
  /** Language of messages and help; the CLI's --lang and the locale fill it when absent. */
  lang?: Lang;
}

export interface ResolvedRule {
  rule: Rule;
  severity: Severity;
  options: Record<string, unknown>;
  /** Message and help templates in the run's language. */
  messages: Readonly<Record<string, string>>;
  help: Readonly<Record<string, string>>;
}

export class ConfigError extends Error {}

export function validateConfig(raw: unknown, source: string, rules: readonly Rule[]): Config {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(`${source}: the config must be a JSON object`);
  const cfg = raw as Record<string, unknown>;
  for (const key of Object.keys(cfg)) {
    if (!['rules', 'exclude', 'go', 'failOn', 'lang', '$schema'].includes(key))
      throw new ConfigError(`${source}: unknown key ${JSON.stringify(key)}`);
  }
  const ids = new Set(rules.map((r) => r.meta.id));
  if (cfg.rules !== undefined) {
    if (typeof cfg.rules !== 'object' || cfg.rules === null) throw new ConfigError(`${source}: "rules" must be an object`);
    for (const [key, setting] of Object.entries(cfg.rules as Record<string, unknown>)) {
      if (key !== 'all' && !ids.has(key) && !(FAMILIES as readonly string[]).includes(key)) {
        throw new ConfigError(`${source}: unknown rule or family ${JSON.stringify(key)} in "rules"`);
      }
      if (!isSetting(setting)) {
        throw new ConfigError(
          `${source}: rules.${key} must be "on", "off", a severity (${SEVERITIES.join(', ')}) or { "severity": ..., "options": {...} }`,
        );
      }
    }
  }
  if (cfg.exclude !== undefined && (!Array.isArray(cfg.exclude) || !cfg.exclude.every((e) => typeof e === 'string'))) {
    throw new ConfigError(`${source}: "exclude" must be a list of glob patterns`);
  }
  if (cfg.go !== undefined && (typeof cfg.go !== 'string' || !/^1\.\d+(\.\d+)?$/.test(cfg.go))) {
    throw new ConfigError(`${source}: "go" must be a version such as "1.21"`);
  }
  if (cfg.failOn !== undefined && ![...SEVERITIES, 'never'].includes(cfg.failOn as string)) {
    throw new ConfigError(`${source}: "failOn" must be one of ${[...SEVERITIES, 'never'].join(', ')}`);
  }
  if (cfg.lang !== undefined && !isLang(cfg.lang)) throw new ConfigError(`${source}: "lang" must be one of ${LANGS.join(', ')}`);
  return cfg as Config;
}

function isSetting(v: unknown): v is RuleSetting {
  if (typeof v === 'string') return v === 'on' || v === 'off' || (SEVERITIES as readonly string[]).includes(v);
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  if (o.severity !== undefined && !isSetting(o.severity)) return false;
  if (o.options !== undefined && (typeof o.options !== 'object' || o.options === null)) return false;
  return Object.keys(o).every((k) => k === 'severity' || k === 'options');
}

/**
 * The enabled rules with their effective severity and options. Opt-in rules run only when the
 * config turns them on, or when the caller chose the rules itself (`chosen`: a test, an API user).
 */
export function resolveRules(rules: readonly Rule[], config: Config = {}, chosen = false): ResolvedRule[] {
  const settings = config.rules ?? {};
  const out: ResolvedRule[] = [];
  for (const rule of rules) {
    let enabled = chosen || rule.meta.optIn !== true;
    let severity: Severity = rule.meta.severity;
    let options: Record<string, unknown> = {};
    for (const key of ['all', rule.meta.family as Family, rule.meta.id]) {
      const s = settings[key];
      if (s === undefined) continue;
      const level = typeof s === 'string' ? s : s.severity;
      if (level === 'off') enabled = false;
      else if (level === 'on') enabled = true;
      else if (level !== undefined) {
        enabled = true;
        severity = level;
      }
      if (typeof s === 'object' && s.options) options = { ...options, ...s.options };
    }
    if (!enabled) continue;
    const texts = ruleTexts(rule.meta, config.lang ?? 'en');
    out.push({ rule, severity, options, messages: texts.messages, help: texts.help });
  }
  return out;
}

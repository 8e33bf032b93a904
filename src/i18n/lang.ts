// The languages gohazard speaks, and how one is chosen: an explicit --lang, else the locale
// (LC_ALL, LC_MESSAGES, LANG as POSIX orders them). English is the source of every text.

export const LANGS = ['en', 'zh-CN'] as const;
export type Lang = (typeof LANGS)[number];

export const DEFAULT_LANG: Lang = 'en';

/** 'zh-CN', 'zh_CN.UTF-8', 'zh', 'zh-Hans' → 'zh-CN'; 'en', 'en_US', 'C', 'POSIX' → 'en'; else undefined. */
export function parseLang(value: string): Lang | undefined {
  const v = value.trim().toLowerCase();
  if (v === '') return undefined;
  if (/^zh(?:$|[-_.@])/.test(v)) return 'zh-CN';
  if (/^en(?:$|[-_.@])/.test(v) || v === 'c' || v === 'posix' || v.startsWith('c.')) return 'en';
  return undefined;
}

/**
 * The language of the locale. The first non-empty of LC_ALL, LC_MESSAGES and LANG decides, as
 * for any POSIX program; a Chinese locale gives zh-CN, anything else English.
 */
export function langFromEnv(env: Readonly<Record<string, string | undefined>>): Lang {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = env[name];
    if (value !== undefined && value !== '') return parseLang(value) === 'zh-CN' ? 'zh-CN' : 'en';
  }
  return DEFAULT_LANG;
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

// Picking the language of one run: --lang wins, then the config file's "lang", then the locale.

import { type Lang, LANGS, langFromEnv, parseLang } from './lang.js';

export type LangChoice = { ok: true; lang: Lang } | { ok: false; message: string };

export function chooseLang(flag: string | undefined, configured: Lang | undefined, env: Readonly<Record<string, string | undefined>>): LangChoice {
  if (flag !== undefined) {
    const lang = parseLang(flag);
    return lang ? { ok: true, lang } : { ok: false, message: `--lang must be one of ${LANGS.join(', ')} (got ${JSON.stringify(flag)})` };
  }
  return { ok: true, lang: configured ?? langFromEnv(env) };
}

/** The value of a `--lang X` / `--lang=X` anywhere in argv, for texts printed before flags are parsed. */
export function langFlagIn(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '--lang' || a === '-lang') return argv[i + 1];
    if (a.startsWith('--lang=') || a.startsWith('-lang=')) return a.slice(a.indexOf('=') + 1);
  }
  return undefined;
}

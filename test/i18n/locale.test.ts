// Choosing the language: --lang, the config's "lang", then LC_ALL / LC_MESSAGES / LANG.

import { describe, expect, it } from 'vitest';
import { chooseLang, langFlagIn } from '../../src/i18n/choose.js';
import { langFromEnv, parseLang } from '../../src/i18n/lang.js';

describe('language selection', () => {
  it('reads the locale as POSIX orders it: LC_ALL, then LC_MESSAGES, then LANG', () => {
    expect(langFromEnv({})).toBe('en');
    expect(langFromEnv({ LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(langFromEnv({ LANG: 'zh_TW.UTF-8' })).toBe('zh-CN');
    expect(langFromEnv({ LANG: 'de_DE.UTF-8' })).toBe('en');
    expect(langFromEnv({ LANG: 'zh_CN.UTF-8', LC_MESSAGES: 'en_US.UTF-8' })).toBe('en');
    expect(langFromEnv({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(langFromEnv({ LANG: 'zh_CN.UTF-8', LC_ALL: 'C' })).toBe('en');
    expect(langFromEnv({ LANG: 'zh_CN.UTF-8', LC_ALL: '' })).toBe('zh-CN'); // empty means unset
  });

  it('accepts the usual spellings for --lang', () => {
    for (const v of ['zh-CN', 'zh', 'zh_CN', 'zh-Hans', 'ZH-cn']) expect(parseLang(v)).toBe('zh-CN');
    for (const v of ['en', 'en-US', 'en_GB.UTF-8', 'C', 'POSIX']) expect(parseLang(v)).toBe('en');
    expect(parseLang('fr')).toBeUndefined();
  });

  it('--lang beats the config, which beats the locale; an unknown --lang is a usage error', () => {
    expect(chooseLang('en', 'zh-CN', { LANG: 'zh_CN.UTF-8' })).toEqual({ ok: true, lang: 'en' });
    expect(chooseLang(undefined, 'zh-CN', { LANG: 'en_US.UTF-8' })).toEqual({ ok: true, lang: 'zh-CN' });
    expect(chooseLang(undefined, undefined, { LANG: 'zh_CN.UTF-8' })).toEqual({ ok: true, lang: 'zh-CN' });
    expect(chooseLang('klingon', undefined, {})).toMatchObject({ ok: false, message: expect.stringContaining('--lang must be one of en, zh-CN') });
  });

  it('finds --lang anywhere in argv, in both spellings, not after --', () => {
    expect(langFlagIn(['scan', '--lang', 'zh-CN'])).toBe('zh-CN');
    expect(langFlagIn(['--lang=en', 'rules'])).toBe('en');
    expect(langFlagIn(['scan', '--', '--lang', 'zh-CN'])).toBeUndefined();
  });
});

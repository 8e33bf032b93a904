// The command line in Chinese: scan, analyze, rules and help, chosen by --lang or by the locale.
// JSON keeps its contract: rule ids and field names never change, `message` is translated.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { ReportDocument } from '../../src/report/finding.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CJK = /[\u4e00-\u9fff]/;

const RACY = `package p

import "sync"

func count(words []string) map[string]int {
	counts := make(map[string]int)
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			counts[w]++
		}(w)
	}
	wg.Wait()
	return counts
}
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gohazard-i18n-'));
  writeFileSync(join(dir, 'count.go'), RACY);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[], env: Record<string, string> = {}, cwd = dir): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    readStdin: async () => Buffer.alloc(0),
    cwd,
    env,
    stderrIsTTY: false,
    stdoutIsTTY: false,
  });
  return { code, out, err };
}

describe('gohazard in Chinese', () => {
  it('scan --lang zh-CN: Chinese message and help, rule ids untouched', async () => {
    const r = await cli(['scan', '.', '--format', 'json', '--workers', '0', '--lang', 'zh-CN']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as ReportDocument;
    expect(doc.findings[0]).toMatchObject({
      rule: 'map-concurrent-write',
      family: 'map-concurrency',
      message: 'concurrent map writes：counts 被多个同时运行的 goroutine 写入，且它们没有共同持有的锁',
    });
    expect(doc.findings[0]!.help).toMatch(/^对 counts 的每一次访问都用同一个 sync\.Mutex 保护/);
  });

  it('scan with LANG=zh_CN.UTF-8 and no flag: Chinese text output, summary and labels', async () => {
    const r = await cli(['scan', '.', '--workers', '0'], { LANG: 'zh_CN.UTF-8' });
    expect(r.out).toContain('错误: concurrent map writes：counts 被多个同时运行的 goroutine 写入');
    expect(r.out).toContain('  count.go:10:3: 说明: '); // the related location's label
    expect(r.out).toContain('  帮助: 对 counts 的每一次访问');
    expect(r.out).toMatch(/发现 1 个问题（1 个错误），共 1 个文件、17 行，耗时 \d+ ms\n$/);
  });

  it('--lang en wins over a Chinese locale', async () => {
    const r = await cli(['scan', '.', '--workers', '0', '--lang', 'en'], { LANG: 'zh_CN.UTF-8' });
    expect(r.out).toContain('error: concurrent map writes: counts is written by goroutines');
    expect(r.out).toMatch(/1 finding \(1 error\) in 1 file, 17 lines/);
    expect(CJK.test(r.out)).toBe(false);
  });

  it('the spawned CLI follows LANG from the real environment', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'dist', 'src', 'cli', 'main.js'), 'scan', '.', '--format', 'vet'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', LANG: 'zh_CN.UTF-8' },
      encoding: 'utf8',
    });
    expect(run.stdout).toContain('count.go:12:4: concurrent map writes：counts 被多个同时运行的 goroutine 写入');
  });

  it('rules --lang zh-CN lists Chinese titles; json carries Chinese title, why and fix', async () => {
    const text = await cli(['rules', '--lang', 'zh-CN']);
    expect(text.out).toContain('map-concurrent-write');
    expect(text.out).toContain('多个同时运行的 goroutine 写同一个 map');
    expect(text.out).toMatch(/共 \d+ 条规则/);
    const json = JSON.parse((await cli(['rules', '--format', 'json'], { LC_ALL: 'zh_CN.UTF-8' })).out) as { rules: { id: string; title: string; why: string }[] };
    expect(json.rules.every((r) => CJK.test(r.title) && CJK.test(r.why))).toBe(true);
  });

  it('analyze --lang zh-CN: the diagnosis leads with its Chinese title, help is the Chinese fix', async () => {
    const r = await cli(['analyze', 'testdata/artifacts/crash/concurrent-map-writes.txt', '--format', 'json', '--lang', 'zh-CN'], {}, ROOT);
    const doc = JSON.parse(r.out) as ReportDocument;
    expect(doc.findings[0]).toMatchObject({ rule: 'crash-concurrent-map-writes' });
    expect(doc.findings[0]!.message).toMatch(/^并发写 map 导致进程崩溃：concurrent map writes: /);
    expect(doc.findings[0]!.help).toMatch(/^对 map 的每一次访问都用同一个 sync\.Mutex/);
  });

  it('usage and every command help exist in Chinese and mention every flag of the English help', async () => {
    for (const args of [['--help'], ['scan', '--help'], ['analyze', '--help'], ['rules', '--help'], ['lsp', '--help']]) {
      const en = (await cli([...args, '--lang', 'en'])).out;
      const zh = (await cli([...args, '--lang', 'zh-CN'])).out;
      expect(CJK.test(zh), args.join(' ')).toBe(true);
      const flags = (text: string) => new Set(text.match(/--[a-z][a-z-]*/g) ?? []);
      const missing = [...flags(en)].filter((f) => !flags(zh).has(f));
      expect(missing, args.join(' ')).toEqual([]);
    }
  });

  it('rejects an unknown language with exit 2', async () => {
    const r = await cli(['scan', '.', '--lang', 'fr']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--lang must be one of en, zh-CN');
  });
});

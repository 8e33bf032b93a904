// `gohazard scan` and `gohazard rules` as a user runs them: the built CLI in a child process,
// on files in a temporary directory.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');

const RACE = `package shop

import "net/http"

var hits = map[string]int{}

func handle(w http.ResponseWriter, r *http.Request) {
	hits[r.URL.Path]++
}

func Routes() { http.HandleFunc("/", handle) }
`;

const CLEAN = `package shop

import "sync"

var (
	mu   sync.Mutex
	hits = map[string]int{}
)

func Hit(path string) {
	mu.Lock()
	defer mu.Unlock()
	hits[path]++
}
`;

function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function project(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gohazard-cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

beforeAll(() => {
  // npm test builds first (pretest); running this file alone needs `npm run build`
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build`);
});

describe('gohazard scan', () => {
  it('prints the JSON contract and exits 1 on findings', () => {
    const dir = project({ 'go.mod': 'module example.com/shop\n\ngo 1.21\n', 'shop/shop.go': RACE });
    const { code, stdout } = run(['scan', './...', '--format', 'json'], dir);
    expect(code).toBe(1);
    const doc = JSON.parse(stdout);
    expect(Object.keys(doc)).toEqual(['version', 'findings', 'errors', 'stats']);
    expect(doc.version).toBe(1);
    expect(doc.findings[0]).toMatchObject({ rule: 'map-concurrent-write', family: 'map-concurrency', severity: 'error', file: 'shop/shop.go', line: 8, column: 2 });
    expect(Object.keys(doc.findings[0]).slice(0, 12)).toEqual(['rule', 'family', 'severity', 'file', 'line', 'column', 'endLine', 'endColumn', 'message', 'related', 'fixes', 'help']);
    expect(doc.stats).toMatchObject({ files: 1, lines: 11 });
  });

  it('exits 0 on clean code and with --fail-on never', () => {
    expect(run(['scan', '.'], project({ 'shop.go': CLEAN })).code).toBe(0);
    expect(run(['scan', '.', '--fail-on', 'never'], project({ 'shop.go': RACE })).code).toBe(0);
  });

  it('exits 2 on usage errors', () => {
    const dir = project({ 'shop.go': CLEAN });
    expect(run(['scan', '--format', 'xml'], dir).code).toBe(2);
    expect(run(['scan', '--no-such-flag'], dir).code).toBe(2);
    expect(run(['bogus'], dir).code).toBe(2);
  });

  it('reports unparsable, binary and non-UTF-8 files in errors and scans the rest', () => {
    const dir = project({
      'shop/shop.go': RACE,
      'shop/broken.go': 'package shop\n\nfunc (\n',
      'shop/blob.go': Buffer.from([0x70, 0x00, 0x01, 0x02]),
      'shop/latin1.go': Buffer.from('package shop\n// caf\xe9\n', 'latin1'),
    });
    const { code, stdout } = run(['scan', './...', '--format', 'json'], dir);
    expect(code).toBe(1);
    const doc = JSON.parse(stdout);
    expect(doc.findings.map((f: { rule: string }) => f.rule)).toContain('map-concurrent-write');
    const errors = Object.fromEntries(doc.errors.map((e: { file: string; message: string }) => [e.file, e.message]));
    expect(errors['shop/broken.go']).toMatch(/^syntax error/);
    expect(errors['shop/blob.go']).toMatch(/binary/);
    expect(errors['shop/latin1.go']).toMatch(/UTF-8/);
  });

  it('follows go command path patterns', () => {
    const dir = project({ 'a/a.go': RACE, 'a/b/b.go': RACE, 'vendor/v/v.go': RACE, 'a/testdata/t.go': RACE });
    const files = (args: string[]) => new Set(JSON.parse(run(['scan', ...args, '--format', 'json'], dir).stdout).findings.map((f: { file: string }) => f.file));
    expect(files(['./a'])).toEqual(new Set(['a/a.go']));
    expect(files(['./a/...'])).toEqual(new Set(['a/a.go', 'a/b/b.go']));
    expect(files(['./...', '--include-vendor', '--include-testdata'])).toEqual(new Set(['a/a.go', 'a/b/b.go', 'vendor/v/v.go', 'a/testdata/t.go']));
    const none = run(['scan', '.', '--format', 'json'], dir);
    expect(JSON.parse(none.stdout).errors[0].message).toMatch(/no Go files in \. \(use \.\/\.\.\. /);
  });

  it('prints vet and SARIF formats', () => {
    const dir = project({ 'shop.go': RACE });
    expect(run(['scan', '.', '--format', 'vet'], dir).stdout).toMatch(/^shop\.go:8:2: concurrent map writes: /m);
    const sarif = JSON.parse(run(['scan', '.', '--format', 'sarif'], dir).stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results[0].ruleId).toBe('map-concurrent-write');
  });

  it('hides findings listed in a baseline, even after the code moved', () => {
    const dir = project({ 'shop.go': RACE });
    writeFileSync(join(dir, 'baseline.json'), run(['scan', '.', '--format', 'json'], dir).stdout);
    writeFileSync(join(dir, 'shop.go'), RACE.replace('package shop\n', 'package shop\n\n// Package shop sells things.\n'));
    const { code, stdout } = run(['scan', '.', '--format', 'json', '--baseline', 'baseline.json'], dir);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).findings).toEqual([]);
  });

  it('reads .gohazard.json and rejects invalid configs', () => {
    const dir = project({ 'shop.go': RACE, '.gohazard.json': JSON.stringify({ rules: { 'map-concurrency': 'off' } }) });
    expect(run(['scan', '.'], dir).code).toBe(0);
    const bad = project({ 'shop.go': RACE, '.gohazard.json': JSON.stringify({ rules: { 'no-such-rule': 'off' } }) });
    const r = run(['scan', '.'], bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown rule or family "no-such-rule"/);
  });

  it('applies safe fixes with --fix and reports what is left', () => {
    const src = `package shop

import (
	"os"
	"os/signal"
)

func WaitForInterrupt() {
	c := make(chan os.Signal)
	signal.Notify(c, os.Interrupt)
	<-c
}
`;
    const dir = project({ 'shop.go': src });
    const before = JSON.parse(run(['scan', '.', '--format', 'json'], dir).stdout);
    expect(before.findings.some((f: { fixes: { safe: boolean }[] }) => f.fixes.some((x) => x.safe))).toBe(true);
    const { stderr } = run(['scan', '.', '--fix', '--format', 'json'], dir);
    expect(stderr).toMatch(/applied 1 safe fix in 1 file/);
    expect(readFileSync(join(dir, 'shop.go'), 'utf8')).toContain('make(chan os.Signal, 1)');
  });
});

describe('gohazard rules', () => {
  it('lists every rule with its docs as JSON', () => {
    const { code, stdout } = run(['rules', '--format', 'json'], ROOT);
    expect(code).toBe(0);
    const catalog = JSON.parse(stdout);
    expect(catalog.rules.length).toBeGreaterThan(20);
    for (const r of catalog.rules) expect(r).toMatchObject({ id: expect.any(String), family: expect.any(String), title: expect.any(String), why: expect.any(String) });
  });
});

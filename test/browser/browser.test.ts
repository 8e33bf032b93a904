// Real-browser tests: Debian's chromium driven by playwright-core (no browser is ever downloaded).
// The playground is built here with Vite and served from dist/playground by a local HTTP server;
// the HTML report comes from the built CLI (pretest builds it). Without /usr/bin/chromium the
// suite fails, unless GOHAZARD_SKIP_BROWSER=1 says to skip it (local machines only; CI installs it).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = join(import.meta.dirname, '..', '..');
const OUT = join(ROOT, 'dist', 'playground');
const skip = process.env.GOHAZARD_SKIP_BROWSER === '1';
const XSS = `<img src=x onerror="window.__xss=1;alert(1)"><script>window.__xss=1</script>`;

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

let browser: Browser;
let server: Server;
let base = '';

describe.skipIf(skip)('in a real browser (chromium)', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), or set GOHAZARD_SKIP_BROWSER=1 to skip these tests locally`);
    const built = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'playground/vite.config.ts', '--logLevel', 'error'], { cwd: ROOT, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`playground build failed:\n${built.stdout}\n${built.stderr}`);
    server = createServer((req, res) => {
      const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
      const file = join(OUT, path.endsWith('/') ? 'index.html' : path);
      if (!file.startsWith(OUT) || !existsSync(file)) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
  });

  /** A page that records dialogs and external requests; both must stay empty. */
  async function open(url: string): Promise<{ page: Page; dialogs: string[]; external: string[] }> {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    const external: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('data:') && !r.url().startsWith('file:')) external.push(r.url());
    });
    await page.goto(url);
    return { page, dialogs, external };
  }

  /** Types the text as a paste would (the page starts with its map-race sample shown) and waits for the new result. */
  async function paste(page: Page, text: string): Promise<void> {
    await page.waitForFunction(() => document.querySelector('#output')?.childElementCount);
    await page.$eval('#output', (out) => out.replaceChildren());
    await page.fill('#source', text);
    await page.waitForFunction(() => document.querySelector('#output')?.childElementCount);
  }

  it('finds a map race in pasted Go code, with a code frame', async () => {
    const { page, dialogs, external } = await open(base);
    const go = `package main

import "sync"

type Cache struct{ items map[string]int }

func (c *Cache) Fill(keys []string) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func(k string) {
			defer wg.Done()
			c.items[k] = len(k)
		}(k)
	}
	wg.Wait()
}
`;
    await paste(page, go);
    expect(await page.getAttribute('#kind', 'data-kind')).toBe('go');
    const rules = await page.$$eval('article.finding .rule', (els) => els.map((e) => e.textContent));
    expect(rules.some((r) => /map/.test(r ?? ''))).toBe(true);
    expect(await page.locator('article.finding table, article.finding pre').count()).toBeGreaterThan(0);
    expect(dialogs).toEqual([]);
    expect(external).toEqual([]);
    await page.close();
  });

  it('diagnoses a pasted crash log', async () => {
    const { page, dialogs } = await open(base);
    await paste(page, readFileSync(join(ROOT, 'testdata/artifacts/crash/deadlock-lock-cycle.txt'), 'utf8'));
    expect(await page.getAttribute('#kind', 'data-kind')).not.toBe('go');
    expect(await page.locator('#output .artifact').count()).toBeGreaterThan(0);
    expect(await page.textContent('#output')).toMatch(/deadlock|lock/i);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('keeps XSS payloads in Go identifiers and artifact text inert', async () => {
    const { page, dialogs } = await open(base);
    await paste(page, `package main\n\n// ${XSS}\nvar m = map[string]int{}\n\nfunc Handle${'_'}x() { go func() { m["${XSS.replace(/"/g, "'")}"] = 1 }(); m["a"] = 2 }\n`);
    await paste(page, `panic: ${XSS}\n\ngoroutine 1 [running]:\nmain.${XSS}()\n\t/src/${XSS}.go:10 +0x1d\nexit status 2\n`);
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('#output img, #output script').count()).toBe(0);
    await page.close();
  });

  it('renders the HTML report charts, and payloads in file names and identifiers stay inert', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gohazard-browser-'));
    const cli = join(ROOT, 'dist', 'src', 'cli', 'main.js');
    const artifacts = ['schedtrace/backlog.txt', 'gctrace/growth.txt', 'crash/deadlock-lock-cycle.txt', 'goroutine-dump/leaks-debug2.txt'].map((a) => join(ROOT, 'testdata/artifacts', a));
    const report = spawnSync(process.execPath, [cli, 'analyze', ...artifacts, '--format', 'html'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(report.stdout).toContain('<svg');
    const reportFile = join(dir, 'report.html');
    writeFileSync(reportFile, report.stdout);
    const { page, dialogs } = await open(`file://${reportFile}`);
    const sizes = await page.$$eval('figure.chart svg', (svgs) => svgs.map((s) => ({ w: s.getBoundingClientRect().width, h: s.getBoundingClientRect().height, marks: s.querySelectorAll('rect, path, line, polygon').length })));
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    for (const s of sizes) {
      expect(s.w).toBeGreaterThan(0);
      expect(s.h).toBeGreaterThan(0);
      expect(s.marks).toBeGreaterThan(0);
    }
    expect(dialogs).toEqual([]);
    await page.close();

    const pkg = join(dir, 'mod');
    const evil = `x${XSS.replace(/[/"=]/g, '_')}.go`;
    spawnSync('mkdir', ['-p', pkg]);
    writeFileSync(join(pkg, 'go.mod'), 'module example.com/m\n\ngo 1.21\n');
    writeFileSync(join(pkg, evil), `package m\n\n// ${XSS}\nvar cache = map[string]int{}\n\nfunc Fill() {\n\tgo func() { cache["a"] = 1 }()\n\tcache["b"] = 2\n}\n`);
    const scan = spawnSync(process.execPath, [cli, 'scan', pkg, '--format', 'html'], { cwd: ROOT, encoding: 'utf8' });
    const scanFile = join(dir, 'scan.html');
    writeFileSync(scanFile, scan.stdout);
    const scanned = await open(`file://${scanFile}`);
    await scanned.page.waitForTimeout(200);
    expect(await scanned.page.textContent('body')).toContain('onerror');
    expect(scanned.dialogs).toEqual([]);
    expect(await scanned.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await scanned.page.locator('body img').count()).toBe(0);
    await scanned.page.close();
  });
});

// npm run bench: speed and memory on the Go standard library that the golang-go package
// installs (about 2 M lines). Prints figures; never asserts them.
//   node dist/tools/bench.js [GOROOT/src] [--workers N] [--skip-scan] [--skip-parse] [--skip-analyze] [--skip-lsp]

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { discover } from '../src/scan/discover.js';
import { scanPaths } from '../src/scan/api.js';
import { parseFile } from '../src/parse/parser.js';
import { benchLsp } from './bench-lsp.js';

function goRoot(): string {
  try {
    return execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
  } catch {
    for (const candidate of ['/usr/lib/go', '/usr/local/go']) if (existsSync(join(candidate, 'src'))) return candidate;
    throw new Error('no Go installation found: install golang-go or pass the source directory');
  }
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

function rssMB(): string {
  return (process.resourceUsage().maxRSS / 1024).toFixed(0);
}

/**
 * One scan of the standard library: `everything` includes vendor/ and testdata/ (the whole
 * 2 M lines); without it the scope is what `gohazard scan GOROOT/src/...` covers by default.
 */
async function benchScan(src: string, workers: number | undefined, everything: boolean): Promise<void> {
  const scope = { cwd: src, includeVendor: everything, includeTestdata: everything };
  const found = discover([join(src, '...')], scope);
  let bytes = 0;
  for (const files of found.dirs.values()) for (const f of files) bytes += f.size;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const doc = await scanPaths([join(src, '...')], { ...scope, workers });
  const s = (performance.now() - t0) / 1000;
  // every thread of the process, workers included: the work the scan took, next to how long it took
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const byRule = new Map<string, number>();
  for (const f of doc.findings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
  console.log(`scan ${src}${everything ? ' (vendor/ and testdata/ included)' : ' (default scope: vendor/ and testdata/ skipped)'}`);
  console.log(`  files ${doc.stats.files}, lines ${doc.stats.lines}, ${mb(bytes)} MB, workers ${workers ?? availableParallelism()}`);
  console.log(
    `  wall ${s.toFixed(2)} s, ${(bytes / 1e6 / s).toFixed(1)} MB/s, ${(doc.stats.lines / s / 1000).toFixed(0)} k lines/s, peak RSS so far ${rssMB()} MB`,
  );
  console.log(`  CPU ${cpuSeconds.toFixed(1)} s over all threads (${(cpuSeconds / s).toFixed(2)} cores busy on average)`);
  console.log(
    `  findings ${doc.findings.length}, errors ${doc.errors.length} (syntax errors in files go/parser rejects too: ${doc.errors.filter((e) => e.message.startsWith('syntax error')).length})`,
  );
  if (!everything) return;
  for (const [rule, n] of [...byRule].sort((a, b) => b[1] - a[1])) console.log(`    ${rule.padEnd(36)} ${n}`);
}

function benchParse(src: string): void {
  const found = discover([join(src, '...')], { cwd: src, includeVendor: true, includeTestdata: true });
  const texts: string[] = [];
  let bytes = 0;
  for (const files of found.dirs.values()) {
    for (const f of files) {
      texts.push(readFileSync(f.abs, 'utf8'));
      bytes += statSync(f.abs).size;
    }
  }
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    for (const t of texts) parseFile(t);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  console.log(
    `parse only, one thread: ${texts.length} files, ${mb(bytes)} MB in ${best.toFixed(2)} s = ${(bytes / 1e6 / best).toFixed(1)} MB/s (best of 3)`,
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const workersAt = args.indexOf('--workers');
  const workers = workersAt >= 0 ? Number(args[workersAt + 1]) : undefined;
  const src = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--workers') ?? join(goRoot(), 'src');
  console.log(`node ${process.version}, ${availableParallelism()} cores`);
  if (!args.includes('--skip-scan')) {
    await benchScan(src, workers, true);
    await benchScan(src, workers, false);
  }
  if (!args.includes('--skip-parse')) benchParse(src);
  if (!args.includes('--skip-analyze')) {
    const analyzeBench = new URL('./bench-analyze.js', import.meta.url);
    if (existsSync(analyzeBench)) {
      const mod = (await import(analyzeBench.href)) as { benchAnalyze?: () => Promise<Record<string, number | string>> };
      if (mod.benchAnalyze) {
        const figures = await mod.benchAnalyze();
        console.log('analyze (goroutine dumps):');
        for (const [k, v] of Object.entries(figures)) console.log(`  ${k}: ${v}`);
      }
    }
  }
  if (!args.includes('--skip-lsp')) {
    const figures = await benchLsp(src);
    console.log('lsp (re-check of a 5,000-line file after single-character edits):');
    for (const [k, v] of Object.entries(figures)) console.log(`  ${k}: ${v}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});

// gohazard scan: static analysis of Go source.

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Config, ConfigError } from '../../engine/config.js';
import { chooseLang } from '../../i18n/choose.js';
import { helpText } from '../../i18n/cli-help.js';
import { applyBaseline, loadBaseline } from '../baseline.js';
import { applySafeFixes } from '../fix.js';
import { OUTPUT_FORMATS, render } from '../../report/index.js';
import { exitCodeFor } from '../../report/exit.js';
import { type ReportDocument, SEVERITIES, type Severity } from '../../report/finding.js';
import { RULES } from '../../rules/index.js';
import { loadConfig, scanPaths } from '../../scan/api.js';
import { oneOf, parseArgs, UsageError } from '../args.js';
import { type CliIO, EXIT_USAGE } from '../io.js';
import { ruleSummaries } from '../rule-summaries.js';

const HELP = `usage: gohazard scan [paths... | ./...] [flags]

Finds Go concurrency hazards in source. A directory means its own package; dir/... includes
subdirectories (vendor/ and testdata/ are skipped unless asked for). No path means ./...

flags:
  --format text|json|sarif|html|vet   output format (default text)
  --config FILE           rule settings (default: .gohazard.json in the current directory, if any)
  --baseline FILE         hide findings already listed in FILE (a previous --format json output)
  --fail-on error|warning|info|never  lowest severity that makes the exit code 1 (default warning)
  --fix                   apply the safe fixes, then report what is left
  --go VERSION            language version to assume, e.g. 1.21 (default: each module's go.mod)
  --workers N             worker threads (default: one per core; 0 = single thread)
  --include-vendor        also scan vendor/ directories
  --include-testdata      also scan testdata/ directories
  --color / --no-color    ANSI colours in text output (default: when stdout is a terminal)
  --lang en|zh-CN         language of messages (default: from LC_ALL / LC_MESSAGES / LANG)
  --timing                print the time spent parsing, modelling and in each rule to stderr

exit status: 0 nothing at or above --fail-on, 1 findings, 2 usage or internal error.
`;

export async function run(args: string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(args, {
    values: ['format', 'config', 'baseline', 'fail-on', 'go', 'workers', 'lang'],
    switches: ['fix', 'include-vendor', 'include-testdata', 'color', 'no-color', 'timing', 'help', 'h'],
  });
  const flagLang = chooseLang(parsed.values.get('lang'), undefined, io.env);
  if (!flagLang.ok) throw new UsageError(flagLang.message);
  if (parsed.switches.has('help') || parsed.switches.has('h')) {
    io.stdout(helpText('scan', flagLang.lang, HELP));
    return 0;
  }
  const format = oneOf('format', parsed.values.get('format'), OUTPUT_FORMATS, 'text');
  let config: Config;
  try {
    config = readConfig(parsed.values.get('config'), io.cwd);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr(`gohazard scan: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
  // --lang beats the config file's "lang", which beats the locale
  const chosen = chooseLang(parsed.values.get('lang'), config.lang, io.env);
  if (!chosen.ok) throw new UsageError(chosen.message);
  const lang = chosen.lang;
  config = { ...config, lang };
  const goFlag = parsed.values.get('go');
  if (goFlag !== undefined) {
    if (!/^1\.\d+(\.\d+)?$/.test(goFlag)) throw new UsageError('--go must be a version such as 1.21');
    config = { ...config, go: goFlag };
  }
  const failOn = oneOf<Severity | 'never'>('fail-on', parsed.values.get('fail-on') ?? config.failOn, [...SEVERITIES, 'never'], 'warning');
  const workersFlag = parsed.values.get('workers');
  const workers = workersFlag === undefined ? undefined : Number(workersFlag);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 0)) throw new UsageError('--workers must be a whole number');

  const timings: Record<string, number> | undefined = parsed.switches.has('timing') ? {} : undefined;
  const scan = () =>
    scanPaths(parsed.positionals, {
      timings,
      cwd: io.cwd,
      config,
      workers,
      includeVendor: parsed.switches.has('include-vendor'),
      includeTestdata: parsed.switches.has('include-testdata'),
      onProgress: io.stderrIsTTY ? progress(io) : undefined,
    });
  let doc = await scan();
  if (io.stderrIsTTY) io.stderr('\r\x1b[K');
  if (parsed.switches.has('fix')) {
    const fixed = applySafeFixes(doc, io.cwd);
    if (fixed.edits > 0) {
      io.stderr(`applied ${fixed.edits} safe fix${fixed.edits === 1 ? '' : 'es'} in ${fixed.files} file${fixed.files === 1 ? '' : 's'}\n`);
      doc = await scan();
    }
    for (const e of fixed.errors) doc.errors.push(e);
  }
  if (timings) io.stderr(timingTable(timings));
  const baselinePath = parsed.values.get('baseline');
  if (baselinePath !== undefined) doc = applyBaseline(doc, loadBaseline(resolve(io.cwd, baselinePath)));

  const color = parsed.switches.has('color') || (!parsed.switches.has('no-color') && format === 'text' && io.stdoutIsTTY === true && !io.env.NO_COLOR);
  io.stdout(
    render(doc, format, {
      sourceOf: sourceReader(io.cwd),
      color,
      lang,
      rules: ruleSummaries(RULES, lang),
      toolVersion: toolVersion(),
      command: 'scan',
    }),
  );
  return exitCodeFor(doc, failOn);
}

function timingTable(timings: Record<string, number>): string {
  const rows = Object.entries(timings).sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((a, [, v]) => a + v, 0);
  const lines = rows.map(([k, v]) => `${k.padEnd(36)} ${v.toFixed(0).padStart(8)} ms ${((100 * v) / total).toFixed(1).padStart(5)}%`);
  return `time (summed over worker threads):\n${lines.join('\n')}\n`;
}

function readConfig(flag: string | undefined, cwd: string): Config {
  if (flag !== undefined) return loadConfig(resolve(cwd, flag));
  const implicit = resolve(cwd, '.gohazard.json');
  return existsSync(implicit) ? loadConfig(implicit) : {};
}

function progress(io: CliIO): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (now - last < 100 && done < total) return;
    last = now;
    io.stderr(`\r\x1b[Kscanning ${done}/${total} files`);
  };
}

/** Source text by reported path, for code frames; cached. */
export function sourceReader(cwd: string): (file: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (file) => {
    if (cache.has(file)) return cache.get(file);
    let text: string | undefined;
    try {
      text = readFileSync(resolve(cwd, file), 'utf8');
    } catch {
      text = undefined;
    }
    cache.set(file, text);
    return text;
  };
}

export function toolVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export type { ReportDocument };

// gohazard analyze: runtime artifacts (crash logs, goroutine dumps, pprof goroutine profiles, race
// reports, schedtrace, gctrace) → findings at the user's source lines.

import { createReadStream, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyzeArtifacts, type AnalyzeInput } from '../../artifacts/analyze.js';
import { SIMILARITIES, Similarity } from '../../artifacts/aggregate/buckets.js';
import type { Thresholds } from '../../artifacts/diagnose/context.js';
import { isDirectory } from '../../artifacts/link/source-tree.js';
import { localizeArtifactDocument } from '../../i18n/artifact-text.js';
import { chooseLang } from '../../i18n/choose.js';
import { helpText } from '../../i18n/cli-help.js';
import { OUTPUT_FORMATS, render } from '../../report/index.js';
import { type Finding, type ReportDocument, SEVERITIES, type Severity, severityRank } from '../../report/finding.js';
import { oneOf, parseArgs, UsageError } from '../args.js';
import { type CliIO, EXIT_FINDINGS, EXIT_OK } from '../io.js';
import { artifactRuleSummaries } from '../rule-summaries.js';

const HELP = `usage: gohazard analyze FILE... [flags]

Diagnoses Go runtime artifacts: panic / fatal error crash logs, goroutine dumps (SIGQUIT,
/debug/pprof/goroutine?debug=2 and debug=1), pprof goroutine and goroutineleak profiles (gzipped
protobuf), race detector reports, GODEBUG=schedtrace and gctrace output. The format is sniffed from
the content; one log may hold several artifacts among unrelated lines. FILE '-' reads stdin.
With two inputs holding goroutine dumps or profiles, growth from the first to the last is reported.

flags:
  --source DIR            link stack frames to the Go sources under DIR (code frames, and
                          "predicted by rule X" when the static scan flags the same line)
  --format text|json|sarif|html|vet   output format (default text)
  --fail-on error|warning|info|never  lowest severity that makes the exit code 1 (default warning)
  --similarity exact-flags|exact-lines|any-pointer|any-value
                          how alike goroutines must be to share a bucket (default any-pointer)
  --leak-threshold N      goroutines parked at one site that make a leak suspect (default 100)
  --leak-minutes N        wait minutes that make a leak suspect at any count (default 10)
  --convoy-threshold N    goroutines waiting on one lock site that make a convoy (default 10)
  --color / --no-color    ANSI colours in text output (default: when stdout is a terminal)
  --lang en|zh-CN         language of messages (default: from LC_ALL / LC_MESSAGES / LANG)

exit status: 0 nothing at or above --fail-on, 1 findings, 2 usage or internal error.
Unreadable or unrecognised inputs are listed under errors and do not change the exit status.
`;

export async function run(args: string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(args, {
    values: ['source', 'format', 'fail-on', 'similarity', 'leak-threshold', 'leak-minutes', 'convoy-threshold', 'lang'],
    switches: ['color', 'no-color', 'help', 'h'],
  });
  const chosen = chooseLang(parsed.values.get('lang'), undefined, io.env);
  if (!chosen.ok) throw new UsageError(chosen.message);
  const lang = chosen.lang;
  if (parsed.switches.has('help') || parsed.switches.has('h')) {
    io.stdout(helpText('analyze', lang, HELP));
    return EXIT_OK;
  }
  if (parsed.positionals.length === 0) throw new UsageError('no input: give one or more files, or - for stdin');
  const format = oneOf('format', parsed.values.get('format'), OUTPUT_FORMATS, 'text');
  const failOn = oneOf<Severity | 'never'>('fail-on', parsed.values.get('fail-on'), [...SEVERITIES, 'never'], 'warning');
  const similarity = oneOf<Similarity>('similarity', parsed.values.get('similarity'), SIMILARITIES, Similarity.AnyPointer);
  const thresholds: Partial<Thresholds> = {};
  const leak = count(parsed.values.get('leak-threshold'), 'leak-threshold');
  if (leak !== undefined) thresholds.leakCount = leak;
  const minutes = count(parsed.values.get('leak-minutes'), 'leak-minutes');
  if (minutes !== undefined) thresholds.leakMinutes = minutes;
  const convoy = count(parsed.values.get('convoy-threshold'), 'convoy-threshold');
  if (convoy !== undefined) thresholds.convoyCount = convoy;
  const source = parsed.values.get('source');
  if (source !== undefined && !isDirectory(resolve(io.cwd, source))) throw new UsageError(`--source ${source}: not a directory`);
  if (parsed.positionals.filter((p) => p === '-').length > 1) throw new UsageError("stdin ('-') can be read only once");

  const inputs: AnalyzeInput[] = parsed.positionals.map((name) => ({
    name,
    open: name === '-' ? () => once(io.readStdin()) : () => createReadStream(resolve(io.cwd, name), { highWaterMark: 1 << 20 }),
  }));
  const staticFindings = source !== undefined ? await loadStaticScanner(io.cwd) : undefined;
  const analyzed = await analyzeArtifacts(inputs, {
    cwd: io.cwd,
    ...(source !== undefined ? { source } : {}),
    similarity,
    thresholds,
    ...(staticFindings ? { staticFindings } : {}),
  });
  const doc = localizeArtifactDocument(analyzed, lang);

  const color = parsed.switches.has('color') || (!parsed.switches.has('no-color') && format === 'text' && io.stdoutIsTTY === true && !io.env.NO_COLOR);
  io.stdout(
    render(doc, format, {
      sourceOf: sourceReader(io.cwd),
      color,
      lang,
      rules: artifactRuleSummaries(lang),
      toolVersion: toolVersion(),
      command: 'analyze',
    }),
  );
  return exitCode(doc, failOn);
}

/**
 * The static scanner, when this build has one: `scanPaths` from src/scan/api.ts, called on the files
 * that artifact findings point at. Returns undefined when the module is absent or fails to load, and
 * analyze then simply reports no predictions.
 */
export async function loadStaticScanner(cwd: string): Promise<((files: string[]) => Promise<Finding[]>) | undefined> {
  try {
    const api = (await import('../../scan/api.js')) as { scanPaths?: (paths: string[], options?: { cwd?: string }) => Promise<ReportDocument> };
    const scanPaths = api.scanPaths;
    if (typeof scanPaths !== 'function') return undefined;
    return async (files) => (await scanPaths(files, { cwd })).findings;
  } catch {
    return undefined;
  }
}

function exitCode(doc: ReportDocument, failOn: Severity | 'never'): number {
  if (failOn === 'never') return EXIT_OK;
  const floor = severityRank(failOn);
  return doc.findings.some((f) => severityRank(f.severity) >= floor) ? EXIT_FINDINGS : EXIT_OK;
}

function count(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${flag} must be a positive whole number`);
  return n;
}

async function* once(data: Promise<Buffer>): AsyncGenerator<Uint8Array> {
  yield await data;
}

function sourceReader(cwd: string): (file: string) => string | undefined {
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

function toolVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

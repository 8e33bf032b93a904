// What the page does with an input, without the DOM: decide whether it is Go source or a runtime
// artifact, and run the same core as the CLI on it (scanSources or analyzeMemory). Imports only
// modules that need no file system and no Node API, so it runs in the page as it runs in tests.

import { analyzeMemory } from '../src/artifacts/memory.js';
import { cleanLine } from '../src/artifacts/lines.js';
import { textArtifactStart } from '../src/artifacts/sniff.js';
import { artifactRuleSummaries, ruleSummaries } from '../src/cli/rule-summaries.js';
import { localizeArtifactDocument } from '../src/i18n/artifact-text.js';
import type { Lang } from '../src/i18n/lang.js';
import type { GoVersion } from '../src/model/goversion.js';
import type { ReportDocument, RuleSummary } from '../src/report/finding.js';
import { RULES } from '../src/rules/index.js';
import { scanSources } from '../src/scan/memory.js';

export type InputKind = 'go' | 'artifact';

/** Lines that only Go's runtime prints: schedtrace and gctrace records (single-line artifacts). */
const TRACE_LINE = /^(?:SCHED \d+ms: gomaxprocs=|gc \d+ @[\d.]+s \d+%: )/;

/** A `package` clause as the first thing after comments and blank lines. */
const PACKAGE_FIRST = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*package\s+[\p{L}_][\p{L}\p{N}_]*/u;

/**
 * Go source or a runtime artifact. A file that starts with a package clause is Go; otherwise any line
 * where a Go runtime artifact starts (panic, fatal error, goroutine header, race report, pprof
 * profile, schedtrace, gctrace) makes it an artifact; anything else is treated as Go, and the
 * parser says what is wrong with it.
 */
export function sniffInput(text: string): InputKind {
  if (PACKAGE_FIRST.test(text)) return 'go';
  for (const raw of text.split('\n', 20_000)) {
    const line = cleanLine(raw);
    if (textArtifactStart(line) !== undefined || TRACE_LINE.test(line)) return 'artifact';
  }
  return 'go';
}

export interface CheckOptions {
  lang?: Lang;
  /** Go language version for version-dependent rules (default: the newest). */
  goVersion?: GoVersion;
  /** File name shown in the report. */
  name?: string;
}

export interface Checked {
  kind: InputKind;
  name: string;
  doc: ReportDocument;
  rules: RuleSummary[];
}

/** Runs the matching half of gohazard on the text (or on a file's bytes, which is always an artifact unless it is .go). */
export async function check(input: string | Uint8Array, options: CheckOptions = {}): Promise<Checked> {
  const lang = options.lang ?? 'en';
  const kind: InputKind = typeof input === 'string' ? sniffInput(input) : options.name?.endsWith('.go') ? 'go' : 'artifact';
  if (kind === 'go') {
    const name = options.name ?? 'main.go';
    const src = typeof input === 'string' ? input : new TextDecoder().decode(input);
    const doc = scanSources([{ path: name, src }], { config: { lang }, ...(options.goVersion ? { goVersion: options.goVersion } : {}) });
    if (!PACKAGE_FIRST.test(src)) doc.errors.push({ file: name, message: 'a Go file starts with a package clause: add `package main` as the first line' });
    return { kind, name, doc, rules: ruleSummaries(RULES, lang) };
  }
  const name = options.name ?? 'pasted.txt';
  const doc = localizeArtifactDocument(await analyzeMemory([{ name, data: input }]), lang);
  return { kind, name, doc, rules: artifactRuleSummaries(lang) };
}

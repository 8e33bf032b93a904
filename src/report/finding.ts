// The output contract shared by `scan` and `analyze` (see docs/json-format.md).
// Everything a reporter renders arrives in these shapes; nothing else crosses into report/.

export const FAMILIES = [
  'map-concurrency',
  'data-race',
  'goroutine-leak',
  'channel-misuse',
  'lock-misuse',
  'waitgroup',
  'context',
  'timer',
  'sync-pool-atomic',
  'cgo',
  'starvation',
] as const;
export type Family = (typeof FAMILIES)[number];

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Higher is more severe; used for sorting and for the failing-severity threshold. */
export function severityRank(s: Severity): number {
  return s === 'error' ? 3 : s === 'warning' ? 2 : 1;
}

/** A source range. Lines and columns are 1-based; columns count UTF-8 bytes, as go/token does. */
export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface RelatedLocation {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
}

export interface TextEdit extends Range {
  file: string;
  /** Byte offsets into the file, when known; used by --fix to apply edits exactly. */
  offset?: number;
  endOffset?: number;
  newText: string;
}

export interface Fix {
  /** A verb phrase: "buffer the result channel", "add defer cancel()". */
  title: string;
  /** True only when applying the edits cannot change the program's behaviour beyond removing the hazard. */
  safe: boolean;
  edits: TextEdit[];
}

export interface Finding extends Range {
  rule: string;
  family: Family;
  severity: Severity;
  file: string;
  message: string;
  related: RelatedLocation[];
  fixes: Fix[];
  /** What to do about it, when no fix can be offered as an edit. */
  help?: string;
  /** For `analyze`: what was parsed to produce this finding (artifact kind and its details). */
  artifact?: ArtifactDetails;
}

export interface ArtifactDetails {
  kind: string;
  [key: string]: unknown;
}

export interface InputError {
  file: string;
  message: string;
  line?: number;
  column?: number;
}

export interface Stats {
  files: number;
  lines: number;
  ms: number;
  [key: string]: number;
}

/** One run's result: what `--format json` prints, and what every reporter renders. */
export interface ReportDocument {
  version: 1;
  findings: Finding[];
  errors: InputError[];
  stats: Stats;
  /** For `analyze`: one summary per artifact recognised in the inputs. */
  artifacts?: ArtifactDetails[];
}

/** Deterministic order: file, line, column, rule, message. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    cmp(a.rule, b.rule) ||
    cmp(a.message, b.message)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What reporters need to know about a rule (SARIF rule descriptors, HTML docs, help links). */
export interface RuleSummary {
  id: string;
  family: Family;
  severity: Severity;
  title: string;
  /** Relative link to the rule's doc page, e.g. docs/rules/map-concurrent-write.md. */
  docPath?: string;
  /** What goes wrong at run time, and why (the rule docs' `why`), for reports that explain rules inline. */
  why?: string;
  /** How to fix it, in words (the rule docs' `fix`). */
  fix?: string;
}

// The rule contract. A rule is metadata (the single source of its docs) plus pure functions of
// the context the engine hands it: a per-node visitor for one file, and/or a check over the
// whole package (for hazards whose two halves live in different functions or files).

import type * as ast from '../parse/ast.js';
import type { FileModel, PackageModel } from '../model/package.js';
import type { GoVersion } from '../model/goversion.js';
import type { Family, Severity } from '../report/finding.js';

export type Category = 'correctness' | 'suspicious' | 'performance' | 'style';

export interface RuleDocs {
  /** What goes wrong at run time, and why. */
  why: string;
  /** Go code that the rule flags exactly once. */
  bad: string;
  /** Go code that the rule accepts. */
  good: string;
  /** How to fix it, in words. */
  fix: string;
  /** Related checks elsewhere (go vet, staticcheck, the race detector...). */
  seeAlso?: string[];
}

/** Translations of a rule's texts; English is the source. */
export interface RuleTranslation {
  title: string;
  why: string;
  fix: string;
  messages: Record<string, string>;
  help?: Record<string, string>;
}

export interface RuleMeta {
  /** kebab-case; also the fixture folder and the doc page name. */
  id: string;
  family: Family;
  severity: Severity;
  category: Category;
  /** One line, lowercase, no trailing period. */
  title: string;
  docs: RuleDocs;
  /** Message templates by id; `{name}` placeholders are filled from report data. */
  messages: Record<string, string>;
  /** Help templates by message id (what to do), optional. */
  help?: Record<string, string>;
  /** Whether the rule offers fixes: none, safe edits, or titled suggestions. */
  fix: 'none' | 'safe' | 'suggestion';
  /** Release that introduced the rule. */
  since: string;
  /** Only for modules with `go` directive at least / below this minor version. */
  minGo?: number;
  maxGo?: number;
  /**
   * Text the rule cannot do without: the engine runs it only on packages whose source contains
   * at least one of these strings (e.g. `Lock()` for rules about held mutexes). A cheap
   * precondition for speed; leave it out unless every finding needs it.
   */
  mentions?: readonly string[];
  /**
   * Off unless the configuration turns it on (by id, family or `all`): for rules whose findings on
   * mature code are not yet precise enough to be on by default.
   */
  optIn?: boolean;
  i18n?: { 'zh-CN'?: RuleTranslation };
}

export interface RelatedSpec {
  node: ast.Node;
  /** File of the node, when it is not the reporting file. */
  file?: FileModel;
  message: string;
}

export interface EditSpec {
  /** Replace [pos, end) of the file with text; pos === end inserts. */
  pos: number;
  end: number;
  text: string;
  file?: FileModel;
}

export interface FixSpec {
  title: string;
  safe: boolean;
  edits: EditSpec[];
}

export interface ReportSpec {
  /** The smallest meaningful node; or give pos/end. */
  node?: ast.Node;
  pos?: number;
  end?: number;
  /** The file the node is in (package rules); defaults to the visited file. */
  file?: FileModel;
  messageId: string;
  data?: Record<string, string | number>;
  related?: RelatedSpec[];
  fixes?: FixSpec[];
  /** Overrides the rule's default severity (e.g. lower on newer Go versions). */
  severity?: Severity;
}

export interface RuleContext {
  readonly pkg: PackageModel;
  readonly goVersion: GoVersion;
  readonly options: Readonly<Record<string, unknown>>;
  report(spec: ReportSpec): void;
}

export interface FileContext extends RuleContext {
  readonly file: FileModel;
}

export type Visitor = {
  [K in ast.NodeKind]?: (node: Extract<ast.Node, { kind: K }>) => void;
};

export interface Rule {
  readonly meta: RuleMeta;
  /** Per-file visitor, dispatched during the engine's single traversal. */
  create?(ctx: FileContext): Visitor;
  /** Whole-package check, run once after the traversal. */
  checkPackage?(ctx: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return Object.freeze(rule);
}

/** Fills `{name}` placeholders. */
export function formatMessage(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (data && name in data ? String(data[name]) : m));
}

// The static engine: parse → model → one traversal per file dispatching to rules → package
// checks → findings (positions resolved, suppressions applied, deterministic order).
// A rule that throws is reported in `errors`; the other rules' findings are kept.

import type * as ast from '../parse/ast.js';
import { LineIndex, utf8Length } from '../parse/lines.js';
import { parseFile } from '../parse/parser.js';
import { FlatIndex, kindSet } from '../parse/walk.js';
import type { GoVersion } from '../model/goversion.js';
import { type FileModel, PackageModel } from '../model/package.js';
import { compareFindings, type Finding, type Fix, type InputError, type RelatedLocation } from '../report/finding.js';
import type { ResolvedRule } from './config.js';
import { type EditSpec, type FileContext, formatMessage, type ReportSpec, type RuleContext, type Visitor } from './rule.js';
import { isSuppressed, parseSuppressions, type Suppression } from './suppress.js';

export interface SourceFile {
  /** Path as it appears in findings. */
  path: string;
  src: string;
}

export interface PackageInput {
  dir: string;
  files: SourceFile[];
  goVersion: GoVersion;
}

export interface PackageResult {
  findings: Finding[];
  errors: InputError[];
  files: number;
  lines: number;
}

export interface EngineOptions {
  /** Whether an id names a rule or family, for validating suppressions. */
  isKnownRule: (id: string) => boolean;
  /** When given, milliseconds spent per phase ("parse", "model") and per rule (which includes
   *  the shared analyses a rule is the first to ask for) are added to it. */
  timings?: Record<string, number>;
  /** Parse results by path, reused while a file's text is unchanged (the language server re-checks
   *  a package after each edit of one file); entries of the files analysed are added or replaced. */
  parseCache?: Map<string, ParsedSource>;
}

/** One file's parse: its tree (or the syntax error), kept for the next analysis of the same text. */
export interface ParsedSource {
  src: string;
  result: ReturnType<typeof parseSource>;
  errors: InputError[];
}

function addTime(timings: Record<string, number> | undefined, key: string, since: number): void {
  if (timings) timings[key] = (timings[key] ?? 0) + (performance.now() - since);
}

/** Analyses the .go files of one directory (one or more packages: `p` and `p_test`). */
export function analyzeDirectory(input: PackageInput, rules: readonly ResolvedRule[], options: EngineOptions): PackageResult {
  const errors: InputError[] = [];
  const findings: Finding[] = [];
  let lines = 0;
  // one package per package clause in the directory (p and the external test package p_test);
  // each tree is numbered for its package's node index right after parsing, while it is in cache
  const byName = new Map<string, FileModel[]>();
  const indexes = new Map<string, FlatIndex>();
  const parseStart = performance.now();
  for (const f of input.files) {
    const fm = options.parseCache ? cachedParse(f, options.parseCache, errors) : parseSource(f, errors);
    lines += fm.lines.lineCount;
    if (!fm.ok) continue;
    const name = fm.model.ast.name.name;
    const list = byName.get(name);
    if (list) list.push(fm.model);
    else byName.set(name, [fm.model]);
    let index = indexes.get(name);
    if (!index) indexes.set(name, (index = new FlatIndex()));
    index.add(fm.model.ast);
  }
  addTime(options.timings, 'parse', parseStart);
  for (const [name, files] of [...byName].sort(([a], [b]) => (a < b ? -1 : 1))) {
    let pkg: PackageModel;
    const modelStart = performance.now();
    try {
      pkg = new PackageModel(input.dir, name, files, input.goVersion, indexes.get(name));
      addTime(options.timings, 'model', modelStart);
    } catch (err) {
      for (const f of files) errors.push({ file: f.path, message: `could not analyse: ${describe(err)}` });
      continue;
    }
    runRules(pkg, rules, options, findings, errors);
  }
  findings.sort(compareFindings);
  return { findings, errors, files: input.files.length, lines };
}

function parseSource(
  f: SourceFile,
  errors: InputError[],
): { ok: true; model: FileModel; lines: LineIndex } | { ok: false; lines: LineIndex } {
  const lines = new LineIndex(f.src);
  const { file, errors: syntaxErrors } = parseFile(f.src);
  if (syntaxErrors.length > 0) {
    const first = syntaxErrors[0]!;
    const p = lines.position(first.offset);
    const more = syntaxErrors.length > 1 ? ` (and ${syntaxErrors.length - 1} more)` : '';
    errors.push({ file: f.path, line: p.line, column: p.column, message: `syntax error: ${first.message}${more}` });
    return { ok: false, lines };
  }
  const imports = new Map<string, string>();
  const model: FileModel = {
    path: f.path,
    src: f.src,
    ast: file,
    lines,
    imports,
    isTest: f.path.endsWith('_test.go'),
    isGenerated: isGenerated(file),
    usesCgo: file.imports.some((i) => i.path.value === '"C"'),
  };
  return { ok: true, model, lines };
}

function cachedParse(f: SourceFile, cache: Map<string, ParsedSource>, errors: InputError[]): ReturnType<typeof parseSource> {
  const hit = cache.get(f.path);
  if (hit && hit.src === f.src) {
    errors.push(...hit.errors);
    const r = hit.result;
    // the tree and line index are shared; the import table is filled again by the new package model
    return r.ok ? { ok: true, model: { ...r.model, imports: new Map() }, lines: r.lines } : r;
  }
  const own: InputError[] = [];
  const result = parseSource(f, own);
  cache.set(f.path, { src: f.src, result, errors: own });
  errors.push(...own);
  return result;
}

const GENERATED = /^\/\/ Code generated .* DO NOT EDIT\.$/;

function isGenerated(file: ast.File): boolean {
  for (const c of file.comments) {
    if (c.pos > file.package) break;
    if (GENERATED.test(c.text)) return true;
  }
  return false;
}

function runRules(
  pkg: PackageModel,
  rules: readonly ResolvedRule[],
  options: EngineOptions,
  findings: Finding[],
  errors: InputError[],
): void {
  const suppressionsByFile = new Map<FileModel, Suppression[]>();
  for (const f of pkg.files) {
    const { suppressions, malformed } = parseSuppressions(f.ast, f.src, f.lines, options.isKnownRule);
    suppressionsByFile.set(f, suppressions);
    for (const m of malformed) errors.push({ file: f.path, line: m.line, column: m.column, message: m.message });
  }
  const active = rules.filter((r) => {
    const { minGo, maxGo } = r.rule.meta;
    if (minGo !== undefined && pkg.goVersion.major === 1 && pkg.goVersion.minor < minGo) return false;
    if (maxGo !== undefined && pkg.goVersion.major === 1 && pkg.goVersion.minor >= maxGo) return false;
    return mentionsAny(pkg, r.rule.meta.mentions);
  });
  const crashed = new Set<ResolvedRule>();
  const crash = (r: ResolvedRule, file: FileModel | null, err: unknown): void => {
    crashed.add(r);
    errors.push({
      file: file?.path ?? pkg.dir,
      message: `rule ${r.rule.meta.id} crashed and was skipped for this package: ${describe(err)}`,
    });
  };

  // 1. one traversal per file, dispatching to the per-node visitors
  for (const file of pkg.files) {
    const handlers = new Map<string, { r: ResolvedRule; fn: (n: ast.Node) => void }[]>();
    for (const r of active) {
      if (!r.rule.create || crashed.has(r)) continue;
      let visitor: Visitor;
      const createStart = performance.now();
      try {
        visitor = r.rule.create(makeFileContext(pkg, file, r, findings, suppressionsByFile));
      } catch (err) {
        crash(r, file, err);
        continue;
      }
      addTime(options.timings, r.rule.meta.id, createStart);
      for (const [kind, fn] of Object.entries(visitor)) {
        if (typeof fn !== 'function') continue;
        const list = handlers.get(kind);
        const visit = fn as (n: ast.Node) => void;
        const timings = options.timings;
        const id = r.rule.meta.id;
        const timed = timings
          ? (n: ast.Node) => {
              const t = performance.now();
              try {
                visit(n);
              } finally {
                addTime(timings, id, t);
              }
            }
          : visit;
        const entry = { r, fn: timed };
        if (list) list.push(entry);
        else handlers.set(kind, [entry]);
      }
    }
    if (handlers.size === 0) continue;
    try {
      // the nodes visitors asked for, in source pre-order (one pass over the package's node index, not a walk)
      pkg.eachNodeOfKinds(
        kindSet([...handlers.keys()] as ast.Node['kind'][]),
        (node) => {
          for (const h of handlers.get(node.kind)!) {
            if (crashed.has(h.r)) continue;
            try {
              h.fn(node);
            } catch (err) {
              crash(h.r, file, err);
            }
          }
        },
        file.ast,
      );
    } catch (err) {
      errors.push({ file: file.path, message: `could not analyse: ${describe(err)}` });
    }
  }

  // 2. whole-package checks
  for (const r of active) {
    if (!r.rule.checkPackage || crashed.has(r)) continue;
    const start = performance.now();
    try {
      r.rule.checkPackage(makeContext(pkg, r, pkg.files[0]!, findings, suppressionsByFile));
    } catch (err) {
      crash(r, null, err);
    }
    addTime(options.timings, r.rule.meta.id, start);
  }
}

function makeFileContext(
  pkg: PackageModel,
  file: FileModel,
  r: ResolvedRule,
  findings: Finding[],
  suppressions: Map<FileModel, Suppression[]>,
): FileContext {
  return { ...makeContext(pkg, r, file, findings, suppressions), file };
}

function makeContext(
  pkg: PackageModel,
  r: ResolvedRule,
  defaultFile: FileModel,
  findings: Finding[],
  suppressions: Map<FileModel, Suppression[]>,
): RuleContext {
  const meta = r.rule.meta;
  const seen = new Set<string>();
  return {
    pkg,
    goVersion: pkg.goVersion,
    options: r.options,
    report(spec: ReportSpec) {
      const file = spec.file ?? (spec.node ? pkg.fileOfNode(spec.node) : undefined) ?? defaultFile;
      const pos = spec.node ? spec.node.pos : (spec.pos ?? 0);
      const end = spec.node ? spec.node.end : (spec.end ?? pos);
      const start = file.lines.position(pos);
      const stop = file.lines.position(Math.max(end, pos));
      const key = `${file.path}:${pos}:${spec.messageId}`;
      if (seen.has(key)) return; // the same hazard reached twice (e.g. through two goroutines)
      seen.add(key);
      if (isSuppressed(suppressions.get(file) ?? [], meta.id, meta.family, start.line)) return;
      // templates in the run's language (resolveRules picked them; English fills any gap)
      const template = r.messages[spec.messageId];
      if (template === undefined) throw new Error(`rule ${meta.id} reported unknown message id ${spec.messageId}`);
      const helpTemplate = r.help[spec.messageId];
      const finding: Finding = {
        rule: meta.id,
        family: meta.family,
        severity: spec.severity ?? r.severity,
        file: file.path,
        line: start.line,
        column: start.column,
        endLine: stop.line,
        endColumn: stop.column,
        message: formatMessage(template, spec.data),
        related: (spec.related ?? []).map((rel) => relatedLocation(pkg, rel.node, rel.file, rel.message, file)),
        fixes: (spec.fixes ?? []).map(
          (fx) => ({ title: fx.title, safe: fx.safe, edits: fx.edits.map((e) => textEdit(e, file)) }) satisfies Fix,
        ),
      };
      if (helpTemplate !== undefined) finding.help = formatMessage(helpTemplate, spec.data);
      findings.push(finding);
    },
  };
}

function relatedLocation(
  pkg: PackageModel,
  node: ast.Node,
  file: FileModel | undefined,
  message: string,
  fallback: FileModel,
): RelatedLocation {
  const f = file ?? pkg.fileOfNode(node) ?? fallback;
  const start = f.lines.position(node.pos);
  const stop = f.lines.position(node.end);
  return { file: f.path, line: start.line, column: start.column, endLine: stop.line, endColumn: stop.column, message };
}

function textEdit(e: EditSpec, fallback: FileModel) {
  const f = e.file ?? fallback;
  const start = f.lines.position(e.pos);
  const stop = f.lines.position(e.end);
  return {
    file: f.path,
    line: start.line,
    column: start.column,
    endLine: stop.line,
    endColumn: stop.column,
    offset: utf8Length(f.src, 0, e.pos),
    endOffset: utf8Length(f.src, 0, e.end),
    newText: e.text,
  };
}

function describe(err: unknown): string {
  if (err instanceof RangeError) return 'source nested too deeply';
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Whether some file of the package contains one of the texts (a rule's precondition); memoised per text. */
function mentionsAny(pkg: PackageModel, texts: readonly string[] | undefined): boolean {
  if (texts === undefined) return true;
  const seen = pkg.analysis('engine:mentions', () => new Map<string, boolean>());
  return texts.some((t) => {
    let found = seen.get(t);
    if (found === undefined) seen.set(t, (found = pkg.files.some((f) => f.src.includes(t))));
    return found;
  });
}

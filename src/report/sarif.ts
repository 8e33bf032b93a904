// `--format sarif`: SARIF 2.1.0, one run, for GitHub code scanning and other SARIF viewers.
//
// Columns: findings carry UTF-8 byte columns (go/token); SARIF has no byte column kind, so the
// run declares `columnKind: "unicodeCodePoints"` and every column is converted with the line's
// text. When the source cannot be read, a region carries lines only: guessing would be wrong
// on any line with non-ASCII text. Fix edits also carry exact `byteOffset`/`byteLength` when known.

import { artifactLocation, SRCROOT } from './artifact-uri.js';
import { sourceCache, type SourceText } from './codeframe.js';
import { codePointColumn } from './columns.js';
import { FINGERPRINT_KEY, fingerprints } from './fingerprint.js';
import type { Finding, Fix, InputError, ReportDocument, RuleSummary, Severity } from './finding.js';
import type { RenderOptions } from './options.js';
import type * as sarif from './sarif-types.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

export function renderSarif(doc: ReportDocument, options: RenderOptions = {}): string {
  return JSON.stringify(sarifLog(doc, options), null, 2) + '\n';
}

export function sarifLog(doc: ReportDocument, options: RenderOptions = {}): sarif.Log {
  const sources = sourceCache(options.sourceOf);
  const rules = ruleDescriptors(doc.findings, options);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const prints = fingerprints(doc.findings, (f) => sources(f.file)?.line(f.line));
  const results = doc.findings.map((f, i) => result(f, ruleIndex.get(f.rule)!, prints[i]!, sources));

  const driver: sarif.ToolComponent = { name: 'gohazard' };
  if (options.toolVersion !== undefined) {
    driver.version = options.toolVersion;
    if (/^\d+\.\d+\.\d+(?:[-+].*)?$/.test(options.toolVersion)) driver.semanticVersion = options.toolVersion;
  }
  if (options.informationUri !== undefined) driver.informationUri = options.informationUri;
  driver.rules = rules;

  const run: sarif.Run = {
    tool: { driver },
    invocations: [{ executionSuccessful: true, toolExecutionNotifications: doc.errors.map((e) => notification(e, sources)) }],
    originalUriBaseIds: {
      [SRCROOT]: { description: { text: 'The directory gohazard ran in: relative paths in the results are relative to it.' } },
    },
    columnKind: 'unicodeCodePoints',
    results,
    properties: {
      command: options.command ?? 'scan',
      stats: doc.stats,
      ...(doc.artifacts !== undefined ? { artifacts: doc.artifacts } : {}),
    },
  };
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

type Sources = (file: string) => SourceText | undefined;

const LEVEL: Record<Severity, sarif.Level> = { error: 'error', warning: 'warning', info: 'note' };

/** The rules given, then any rule a finding names that was not given (so every ruleIndex resolves). */
function ruleDescriptors(findings: readonly Finding[], options: RenderOptions): sarif.ReportingDescriptor[] {
  const known = new Map<string, RuleSummary>();
  for (const r of options.rules ?? []) if (!known.has(r.id)) known.set(r.id, r);
  for (const f of findings) if (!known.has(f.rule)) known.set(f.rule, { id: f.rule, family: f.family, severity: f.severity, title: '' });
  return [...known.values()].map((r) => descriptor(r, options.docsBaseUri));
}

function descriptor(r: RuleSummary, docsBaseUri: string | undefined): sarif.ReportingDescriptor {
  const d: sarif.ReportingDescriptor = { id: r.id, name: pascalCase(r.id) };
  if (r.title !== '') d.shortDescription = { text: r.title };
  if (r.docPath !== undefined && docsBaseUri !== undefined) d.helpUri = new URL(r.docPath, docsBaseUri).href;
  d.defaultConfiguration = { level: LEVEL[r.severity] };
  d.properties = { family: r.family, tags: ['concurrency', r.family], ...(r.docPath !== undefined ? { docPath: r.docPath } : {}) };
  return d;
}

/** SARIF's `name` is an identifier-like word: map-concurrent-write → MapConcurrentWrite. */
function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function result(f: Finding, ruleIndex: number, fingerprint: string, sources: Sources): sarif.Result {
  const r: sarif.Result = {
    ruleId: f.rule,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation: physicalLocation(f.file, f, sources) }],
  };
  if (f.related.length > 0) {
    r.relatedLocations = f.related.map((rel, id) => ({
      id,
      physicalLocation: physicalLocation(rel.file, rel, sources),
      message: { text: rel.message },
    }));
  }
  const fixes = f.fixes.map((fix) => sarifFix(fix, sources)).filter((x): x is sarif.Fix => x !== undefined);
  if (fixes.length > 0) r.fixes = fixes;
  r.partialFingerprints = { [FINGERPRINT_KEY]: fingerprint };
  r.properties = {
    family: f.family,
    ...(f.help !== undefined ? { help: f.help } : {}),
    ...(f.artifact !== undefined ? { artifact: f.artifact } : {}),
  };
  return r;
}

interface At {
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

function physicalLocation(file: string, at: At, sources: Sources): sarif.PhysicalLocation {
  const loc: sarif.PhysicalLocation = { artifactLocation: artifactLocation(file) };
  const reg = textRegion(at, sources(file));
  if (reg) loc.region = reg;
  return loc;
}

/** Lines as given; columns converted to code points when the lines can be read, else left out. */
function textRegion(at: At, source: SourceText | undefined): sarif.Region | undefined {
  if (!(at.line >= 1)) return undefined;
  const endLine = at.endLine !== undefined && at.endLine >= at.line ? at.endLine : undefined;
  const startText = source?.line(at.line);
  const startColumn =
    startText !== undefined && at.column !== undefined && at.column >= 1 ? codePointColumn(startText, at.column) : undefined;
  const endText = startColumn !== undefined && endLine !== undefined ? source!.line(endLine) : undefined;
  let endColumn =
    endText !== undefined && at.endColumn !== undefined && at.endColumn >= 1 ? codePointColumn(endText, at.endColumn) : undefined;
  if (endColumn !== undefined && endLine === at.line && endColumn < startColumn!) endColumn = startColumn;

  const region: sarif.Region = { startLine: at.line };
  if (startColumn !== undefined) region.startColumn = startColumn;
  if (endLine !== undefined) region.endLine = endLine;
  if (endColumn !== undefined) region.endColumn = endColumn;
  return region;
}

/** A fix as artifact changes; dropped when an edit's range cannot be stated exactly. */
function sarifFix(fix: Fix, sources: Sources): sarif.Fix | undefined {
  const byFile = new Map<string, sarif.Replacement[]>();
  for (const e of fix.edits) {
    let region = textRegion(e, sources(e.file));
    const exactText = region?.startColumn !== undefined && region.endColumn !== undefined;
    const exactBytes = e.offset !== undefined && e.endOffset !== undefined && e.endOffset >= e.offset;
    if (!region || !exactText) {
      // Lines alone would delete whole lines; then only bytes can say it.
      if (!exactBytes) return undefined;
      region = {};
    }
    if (exactBytes) {
      region.byteOffset = e.offset!;
      region.byteLength = e.endOffset! - e.offset!;
    }
    const list = byFile.get(e.file) ?? [];
    list.push({ deletedRegion: region, insertedContent: { text: e.newText } });
    byFile.set(e.file, list);
  }
  if (byFile.size === 0) return undefined;
  return {
    description: { text: fix.safe ? fix.title : `${fix.title} (suggestion: review before applying)` },
    artifactChanges: [...byFile].map(([file, replacements]) => ({ artifactLocation: artifactLocation(file), replacements })),
    properties: { safe: fix.safe },
  };
}

function notification(e: InputError, sources: Sources): sarif.Notification {
  const n: sarif.Notification = { level: 'error', message: { text: e.message } };
  const physical: sarif.PhysicalLocation = { artifactLocation: artifactLocation(e.file) };
  if (e.line !== undefined) {
    const region = textRegion({ line: e.line, ...(e.column !== undefined ? { column: e.column } : {}) }, sources(e.file));
    if (region) physical.region = region;
  }
  n.locations = [{ physicalLocation: physical }];
  return n;
}

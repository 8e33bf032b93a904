// SARIF output, validated against the SARIF 2.1.0 JSON schema (the OASIS 2.1.0 release schema,
// "rtm.5", as shipped by @microsoft/jest-sarif), with format checks (uri, uri-reference) enabled.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { artifactLocation } from '../../src/report/artifact-uri.js';
import { codePointColumn } from '../../src/report/columns.js';
import { FINGERPRINT_KEY, fnv1a64 } from '../../src/report/fingerprint.js';
import type { Finding, ReportDocument, RuleSummary } from '../../src/report/finding.js';
import { render, type RenderOptions } from '../../src/report/index.js';
import { scanSources } from '../../src/scan/memory.js';
import { doc, finding, MAIN_GO, sources } from './helpers.js';

const require = createRequire(import.meta.url);
const ROOT = join(import.meta.dirname, '..', '..');
const SCHEMA_PATH = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

// CommonJS modules whose export is also their `default`, however the loader interops.
const Ajv = ajvDraft04.default;
const addFormats = ajvFormats.default;

function sarifValidator() {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'));
  // The schema's `language` pattern is not a valid unicode-mode regexp; everything else is checked strictly.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}
const validate = sarifValidator();

function expectValid(log: unknown): void {
  const ok = validate(log);
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
  expect(ok).toBe(true);
}

// Minimal views of the parts the tests read.
interface Region {
  startLine?: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
  byteOffset?: number;
  byteLength?: number;
}
interface Loc {
  id?: number;
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: Region };
  message?: { text: string };
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Loc[];
  relatedLocations?: Loc[];
  fixes?: {
    description: { text: string };
    artifactChanges: { artifactLocation: { uri: string }; replacements: { deletedRegion: Region; insertedContent: { text: string } }[] }[];
  }[];
  partialFingerprints: Record<string, string>;
  properties: Record<string, unknown>;
}
interface SarifLog {
  version: string;
  runs: {
    tool: {
      driver: {
        name: string;
        version?: string;
        rules: {
          id: string;
          name: string;
          helpUri?: string;
          defaultConfiguration: { level: string };
          properties: Record<string, unknown>;
        }[];
      };
    };
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications: { level: string; message: { text: string }; locations: Loc[] }[];
    }[];
    columnKind: string;
    results: SarifResult[];
    properties: Record<string, unknown>;
  }[];
}

const sarif = (d: ReportDocument, options: RenderOptions = {}): SarifLog => JSON.parse(render(d, 'sarif', options)) as SarifLog;
const resultFor = (log: SarifLog, uri: string): SarifResult =>
  log.runs[0]!.results.find((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === uri)!;

const RULES: RuleSummary[] = [
  {
    id: 'map-concurrent-write',
    family: 'map-concurrency',
    severity: 'error',
    title: 'concurrent map writes',
    docPath: 'docs/rules/map-concurrent-write.md',
  },
  {
    id: 'ticker-not-stopped',
    family: 'timer',
    severity: 'warning',
    title: 'ticker never stopped',
    docPath: 'docs/rules/ticker-not-stopped.md',
  },
];

/** A document that exercises every SARIF feature: tabs, CJK, related in another file, fixes, errors, odd paths. */
function richDocument(): { d: ReportDocument; options: RenderOptions } {
  const helper = 'package main\n\nfunc f(m map[string]int) {\n\tm["键"] = 3\n}\n';
  const findings: Finding[] = [
    finding({
      line: 6,
      column: 3,
      endLine: 6,
      endColumn: 15,
      related: [{ file: 'lib/helper.go', line: 4, column: 2, endLine: 4, endColumn: 14, message: 'also written here' }],
      help: 'guard m with a sync.Mutex',
      fixes: [
        {
          title: 'add a mutex',
          safe: false,
          edits: [
            { file: 'main.go', line: 4, column: 2, endLine: 4, endColumn: 2, offset: 29, endOffset: 29, newText: 'var mu sync.Mutex\n\t' },
          ],
        },
      ],
    }),
    finding({
      rule: 'ticker-not-stopped',
      family: 'timer',
      severity: 'info',
      file: '/abs/dir with space/x#1.go',
      line: 3,
      column: 1,
      endLine: 3,
      endColumn: 4,
      message: 'ticker leaks',
    }),
    finding({
      rule: 'crash-concurrent-map-writes',
      file: 'C:\\src\\app\\main.go',
      line: 9,
      column: 2,
      endLine: 9,
      endColumn: 3,
      message: 'not in the rules list',
    }),
  ];
  const d = doc(findings, {
    errors: [
      { file: 'bad.go', message: 'expected declaration', line: 2, column: 1 },
      { file: 'unreadable.go', message: 'permission denied' },
    ],
    artifacts: [{ kind: 'goroutine-dump', input: 'dump.txt', goroutines: 3 }],
  });
  return {
    d,
    options: { sourceOf: sources({ 'main.go': MAIN_GO, 'lib/helper.go': helper }), rules: RULES, toolVersion: '0.1.0', command: 'analyze' },
  };
}

describe('sarif reporter', () => {
  it('is valid SARIF 2.1.0 for a document using every feature', () => {
    const { d, options } = richDocument();
    const log = sarif(d, options);
    expectValid(log);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0]!.columnKind).toBe('unicodeCodePoints');
    expect(log.runs[0]!.tool.driver).toMatchObject({ name: 'gohazard', version: '0.1.0' });
    expect(log.runs[0]!.properties.command).toBe('analyze');
  });

  it('is valid SARIF for a real scan with fixes, and for an empty run', () => {
    const files = ['testdata/ticker-not-stopped/handler.go', 'testdata/map-concurrent-write/wordcount.go'].map((p) => ({
      path: p,
      src: readFileSync(join(ROOT, p), 'utf8'),
    }));
    const scanned = scanSources(files);
    expect(scanned.findings.some((f) => f.fixes.length > 0)).toBe(true);
    const log = sarif(scanned, { sourceOf: (p) => files.find((f) => f.path === p)?.src, rules: RULES, toolVersion: '0.1.0' });
    expectValid(log);
    expect(log.runs[0]!.results.some((r) => r.fixes !== undefined)).toBe(true);
    expectValid(sarif(doc([])));
  });

  it('checks the schema for real: a wrong level or a missing message is rejected', () => {
    const { d, options } = richDocument();
    const log = sarif(d, options);
    (log.runs[0]!.results[0] as { level: string }).level = 'info';
    expect(validate(log)).toBe(false);
    const again = sarif(doc([finding()]));
    delete (again.runs[0]!.results[0] as Partial<SarifResult>).message;
    expect(validate(again)).toBe(false);
  });

  it('describes every rule a result names, and each ruleIndex points at its rule', () => {
    const { d, options } = richDocument();
    const run = sarif(d, options).runs[0]!;
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['map-concurrent-write', 'ticker-not-stopped', 'crash-concurrent-map-writes']);
    expect(run.tool.driver.rules[0]).toMatchObject({
      name: 'MapConcurrentWrite',
      defaultConfiguration: { level: 'error' },
      properties: { family: 'map-concurrency' },
    });
    // Results come in output order: file, line, column, rule.
    expect(run.results.map((r) => `${r.ruleId} ${r.level}`)).toEqual([
      'ticker-not-stopped note',
      'crash-concurrent-map-writes error',
      'map-concurrent-write error',
    ]);
  });

  it('resolves help links against docsBaseUri, and leaves them out rather than emit a relative URI', () => {
    const d = doc([finding()]);
    expect(sarif(d, { rules: RULES }).runs[0]!.tool.driver.rules[0]!.helpUri).toBeUndefined();
    const log = sarif(d, {
      rules: RULES,
      docsBaseUri: 'https://example.org/gohazard/blob/v0.1.0/',
      informationUri: 'https://example.org/gohazard',
    });
    expectValid(log);
    expect(log.runs[0]!.tool.driver.rules[0]!.helpUri).toBe('https://example.org/gohazard/blob/v0.1.0/docs/rules/map-concurrent-write.md');
  });

  it('converts byte columns to code point columns with the source, and gives lines only without it', () => {
    const { d, options } = richDocument();
    const log = sarif(d, options);
    const first = resultFor(log, 'main.go');
    const absolute = resultFor(log, 'file:///abs/dir%20with%20space/x%231.go');
    // m["键"] = 1: bytes 3..15 (exclusive) are code points 3..13.
    expect(first!.locations[0]!.physicalLocation.region).toEqual({ startLine: 6, startColumn: 3, endLine: 6, endColumn: 13 });
    expect(first!.relatedLocations![0]).toMatchObject({
      id: 0,
      message: { text: 'also written here' },
      physicalLocation: {
        artifactLocation: { uri: 'lib/helper.go', uriBaseId: '%SRCROOT%' },
        region: { startLine: 4, startColumn: 2, endLine: 4, endColumn: 12 },
      },
    });
    expect(absolute!.locations[0]!.physicalLocation.region).toEqual({ startLine: 3, endLine: 3 });
    expect(codePointColumn('\ts := "键键" + v', 18)).toBe(14);
    expect(codePointColumn('键', 2)).toBe(1);
    expect(codePointColumn('ab', 9)).toBe(3);
  });

  it('writes fixes as replacements with exact text and byte regions, and drops fixes it cannot state exactly', () => {
    const { d, options } = richDocument();
    const fix = resultFor(sarif(d, options), 'main.go').fixes![0]!;
    expect(fix.description.text).toBe('add a mutex (suggestion: review before applying)');
    expect(fix.artifactChanges).toEqual([
      {
        artifactLocation: { uri: 'main.go', uriBaseId: '%SRCROOT%' },
        replacements: [
          {
            deletedRegion: { startLine: 4, startColumn: 2, endLine: 4, endColumn: 2, byteOffset: 29, byteLength: 0 },
            insertedContent: { text: 'var mu sync.Mutex\n\t' },
          },
        ],
      },
    ]);
    expect(MAIN_GO.slice(0, 29).endsWith('\n\t')).toBe(true); // the offset really is line 4, column 2

    const edit = { file: 'gone.go', line: 2, column: 1, endLine: 2, endColumn: 1, newText: 'x' };
    const bytesOnly = sarif(doc([finding({ fixes: [{ title: 't', safe: true, edits: [{ ...edit, offset: 10, endOffset: 12 }] }] })]))
      .runs[0]!.results[0]!;
    expect(bytesOnly.fixes![0]!.artifactChanges[0]!.replacements[0]!.deletedRegion).toEqual({ byteOffset: 10, byteLength: 2 });
    const neither = sarif(doc([finding({ fixes: [{ title: 't', safe: true, edits: [edit] }] })])).runs[0]!.results[0]!;
    expect(neither.fixes).toBeUndefined();
  });

  it('reports input errors as tool execution notifications without failing the run', () => {
    const { d, options } = richDocument();
    const inv = sarif(d, options).runs[0]!.invocations[0]!;
    expect(inv.executionSuccessful).toBe(true);
    expect(inv.toolExecutionNotifications).toEqual([
      {
        level: 'error',
        message: { text: 'expected declaration' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'bad.go', uriBaseId: '%SRCROOT%' }, region: { startLine: 2 } } }],
      },
      {
        level: 'error',
        message: { text: 'permission denied' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'unreadable.go', uriBaseId: '%SRCROOT%' } } }],
      },
    ]);
  });

  it('turns paths into URIs: forward slashes, percent-encoding, %SRCROOT% only for relative paths', () => {
    expect(artifactLocation('pkg/a.go')).toEqual({ uri: 'pkg/a.go', uriBaseId: '%SRCROOT%' });
    expect(artifactLocation('./pkg/a.go')).toEqual({ uri: 'pkg/a.go', uriBaseId: '%SRCROOT%' });
    expect(artifactLocation('pkg\\win\\a.go')).toEqual({ uri: 'pkg/win/a.go', uriBaseId: '%SRCROOT%' });
    expect(artifactLocation('../up/a.go')).toEqual({ uri: '../up/a.go', uriBaseId: '%SRCROOT%' });
    expect(artifactLocation('a:b/键 #?.go')).toEqual({ uri: 'a%3Ab/%E9%94%AE%20%23%3F.go', uriBaseId: '%SRCROOT%' });
    expect(artifactLocation('/abs/dir with space/x#1.go')).toEqual({ uri: 'file:///abs/dir%20with%20space/x%231.go' });
    expect(artifactLocation('C:\\src\\app\\main.go')).toEqual({ uri: 'file:///C:/src/app/main.go' });
    expect(artifactLocation('\\\\server\\share\\a.go')).toEqual({ uri: 'file://server/share/a.go' });
  });
});

describe('sarif fingerprints', () => {
  const print = (d: ReportDocument, src: Record<string, string> = { 'main.go': MAIN_GO }) =>
    sarif(d, { sourceOf: sources(src) }).runs[0]!.results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]!);

  it('uses a correct FNV-1a 64 hash', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('is the same across runs and when code above the finding moves or is reindented', () => {
    const at = finding({ line: 6, column: 3, endLine: 6, endColumn: 15 });
    const first = print(doc([at]));
    expect(print(doc([at]))).toEqual(first);
    const moved = '// a new comment\n\n' + MAIN_GO.replace('\t\tm["键"] = 1', '        m["键"]  =  1');
    expect(print(doc([{ ...at, line: 8 }]), { 'main.go': moved })).toEqual(first);
    expect(first[0]).toMatch(/^[0-9a-f]{16}:1$/);
    expect(print(doc([{ ...at, file: './main.go' }]), { './main.go': MAIN_GO })).toEqual(first);
  });

  it('differs for different rules, files, lines and (without source) messages', () => {
    const base = finding({ line: 6, column: 3, endLine: 6, endColumn: 15 });
    const prints = [
      print(doc([base]))[0],
      print(doc([{ ...base, rule: 'map-concurrent-read-write' }]))[0],
      print(doc([{ ...base, file: 'other.go' }]), { 'main.go': MAIN_GO, 'other.go': MAIN_GO })[0],
      print(doc([{ ...base, line: 8 }]))[0],
      print(doc([base]), {})[0],
      print(doc([{ ...base, message: 'another message' }]), {})[0],
    ];
    expect(new Set(prints).size).toBe(prints.length);
  });

  it('tells apart identical findings on identical lines by occurrence, and ignores numbers in messages without source', () => {
    const src = { 'main.go': 'package main\nfunc f() {\n\tgo g()\n\tgo g()\n}\n' };
    const [a, b] = print(doc([finding({ line: 3 }), finding({ line: 4 })]), src);
    expect(a!.split(':')[0]).toBe(b!.split(':')[0]);
    expect([a!.split(':')[1], b!.split(':')[1]]).toEqual(['1', '2']);
    const noSource = (msg: string) => print(doc([finding({ message: msg })]), {})[0];
    expect(noSource('locked at line 12')).toBe(noSource('locked at line 40'));
  });
});

import { describe, expect, it } from 'vitest';
import { render } from '../../src/report/index.js';
import type { Finding } from '../../src/report/finding.js';
import { doc, finding } from './helpers.js';

const full = (): Finding =>
  // Built in a scrambled key order on purpose: the output order must not depend on it.
  ({
    fixes: [
      {
        edits: [
          { newText: 'defer t.Stop()\n\t', endOffset: 40, offset: 40, endColumn: 2, endLine: 5, column: 2, line: 5, file: 'main.go' },
        ],
        safe: true,
        title: 'add defer t.Stop()',
      },
    ],
    related: [{ message: 'returns here', column: 3, line: 9, file: 'main.go', endColumn: 9, endLine: 9 }],
    message: 't is not stopped',
    endColumn: 30,
    endLine: 4,
    column: 7,
    line: 4,
    file: 'main.go',
    severity: 'warning',
    family: 'timer',
    rule: 'ticker-not-stopped',
    help: 'defer t.Stop()',
    internalScratch: 'never printed',
  }) as Finding;

describe('json reporter', () => {
  it('prints exactly the contract, keys in contract order, 2-space indent, trailing newline', () => {
    const out = render(
      doc([full()], {
        errors: [{ line: 2, message: 'expected ;', file: 'bad.go', column: 5 }],
        stats: { ms: 7, bytes: 99, lines: 20, files: 2 },
      }),
      'json',
    );
    expect(out.endsWith('}\n')).toBe(true);
    expect(out.split('\n')[1]).toBe('  "version": 1,');
    const parsed = JSON.parse(out);
    expect(Object.keys(parsed)).toEqual(['version', 'findings', 'errors', 'stats']);
    const f = parsed.findings[0];
    expect(Object.keys(f)).toEqual([
      'rule',
      'family',
      'severity',
      'file',
      'line',
      'column',
      'endLine',
      'endColumn',
      'message',
      'related',
      'fixes',
      'help',
    ]);
    expect(Object.keys(f.related[0])).toEqual(['file', 'line', 'column', 'endLine', 'endColumn', 'message']);
    expect(Object.keys(f.fixes[0])).toEqual(['title', 'safe', 'edits']);
    expect(Object.keys(f.fixes[0].edits[0])).toEqual(['file', 'line', 'column', 'endLine', 'endColumn', 'offset', 'endOffset', 'newText']);
    expect(Object.keys(parsed.errors[0])).toEqual(['file', 'message', 'line', 'column']);
    expect(Object.keys(parsed.stats)).toEqual(['files', 'lines', 'ms', 'bytes']);
    const { internalScratch: _notContract, ...contract } = full() as Finding & { internalScratch: string };
    expect(f).toEqual(contract);
    expect(f).not.toHaveProperty('internalScratch');
  });

  it('prints the minimal finding of the design brief byte for byte', () => {
    const out = render(doc([finding({ related: [{ file: 'main.go', line: 3, column: 1, message: 'go here' }] })]), 'json');
    expect(out).toBe(`{
  "version": 1,
  "findings": [
    {
      "rule": "map-concurrent-write",
      "family": "map-concurrency",
      "severity": "error",
      "file": "main.go",
      "line": 1,
      "column": 1,
      "endLine": 1,
      "endColumn": 2,
      "message": "concurrent map writes: m is written by goroutines that run at the same time",
      "related": [
        {
          "file": "main.go",
          "line": 3,
          "column": 1,
          "message": "go here"
        }
      ],
      "fixes": []
    }
  ],
  "errors": [],
  "stats": {
    "files": 1,
    "lines": 10,
    "ms": 5
  }
}
`);
  });

  it('adds artifacts for analyze, and the artifact of a finding after its help', () => {
    const f = finding({ help: 'h', artifact: { kind: 'goroutine-dump', goroutines: 3 } });
    const parsed = JSON.parse(
      render(doc([f], { artifacts: [{ kind: 'goroutine-dump', input: 'dump.txt' }] }), 'json', { command: 'analyze' }),
    );
    expect(Object.keys(parsed)).toEqual(['version', 'findings', 'errors', 'stats', 'artifacts']);
    expect(Object.keys(parsed.findings[0]).slice(-2)).toEqual(['help', 'artifact']);
    expect(parsed.findings[0].artifact).toEqual({ kind: 'goroutine-dump', goroutines: 3 });
    expect(parsed.artifacts).toEqual([{ kind: 'goroutine-dump', input: 'dump.txt' }]);
  });

  it('orders findings and errors deterministically and keeps control characters escaped', () => {
    const d = doc(
      [
        finding({ file: 'b.go' }),
        finding({ file: 'a.go', line: 2, rule: 'z-rule' }),
        finding({ file: 'a.go', line: 2, rule: 'a-rule', message: '\x1b[2J' }),
      ],
      {
        errors: [
          { file: 'y.go', message: 'm' },
          { file: 'x.go', message: 'm' },
        ],
      },
    );
    const out = render(d, 'json');
    expect(out).not.toContain('\x1b');
    const parsed = JSON.parse(out);
    expect(parsed.findings.map((f: Finding) => `${f.file}:${f.line}:${f.rule}`)).toEqual([
      'a.go:2:a-rule',
      'a.go:2:z-rule',
      'b.go:1:map-concurrent-write',
    ]);
    expect(parsed.findings[0].message).toBe('\x1b[2J');
    expect(parsed.errors.map((e: { file: string }) => e.file)).toEqual(['x.go', 'y.go']);
    expect(render(d, 'json')).toBe(out);
  });
});

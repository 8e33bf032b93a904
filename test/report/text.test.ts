import { describe, expect, it } from 'vitest';
import { render } from '../../src/report/index.js';
import { summary } from '../../src/report/text.js';
import { doc, finding, MAIN_GO, sources } from './helpers.js';

const HELPER_GO = ['package main', '', 'func store(m map[string]int) {', '\tm["c"] = 3', '}', ''].join('\n');

describe('text reporter', () => {
  it('prints header, frame, related notes with one-line frames, help, fixes and the summary', () => {
    const f = finding({
      line: 6,
      column: 3,
      endLine: 6,
      endColumn: 15,
      related: [
        { file: 'main.go', line: 8, column: 2, endLine: 8, endColumn: 12, message: 'the other write, in main' },
        { file: 'helper.go', line: 4, column: 2, endLine: 4, endColumn: 12, message: 'and a write in another file' },
      ],
      help: 'guard m with a sync.Mutex',
      fixes: [
        { title: 'add a sync.Mutex', safe: false, edits: [] },
        { title: 'buffer the channel', safe: true, edits: [] },
      ],
    });
    const out = render(doc([f], { stats: { files: 2, lines: 15, ms: 3.4 } }), 'text', {
      sourceOf: sources({ 'main.go': MAIN_GO, 'helper.go': HELPER_GO }),
    });
    expect(out).toBe(
      [
        'main.go:6:3: error: concurrent map writes: m is written by goroutines that run at the same time [map-concurrent-write]',
        '  4 |     m := map[string]int{}',
        '  5 |     go func() {',
        '> 6 |         m["键"] = 1',
        '    |         ^^^^^^^^^^^',
        '  main.go:8:2: note: the other write, in main',
        '  > 8 |     m["b"] = 2',
        '      |     ^^^^^^^^^^',
        '  helper.go:4:2: note: and a write in another file',
        '  > 4 |     m["c"] = 3',
        '      |     ^^^^^^^^^^',
        '  help: guard m with a sync.Mutex',
        '  fix: add a sync.Mutex (suggestion)',
        '  fix: buffer the channel (safe)',
        '',
        '1 finding (1 error) in 2 files, 15 lines, 3 ms',
        '',
      ].join('\n'),
    );
  });

  it('prints the location lines alone when the source cannot be read', () => {
    const f = finding({
      file: 'gone.go',
      line: 3,
      column: 2,
      related: [{ file: 'other.go', line: 9, column: 1, message: 'started here' }],
    });
    expect(render(doc([f]), 'text', { sourceOf: () => undefined })).toBe(
      [
        'gone.go:3:2: error: concurrent map writes: m is written by goroutines that run at the same time [map-concurrent-write]',
        '  other.go:9:1: note: started here',
        '',
        '1 finding (1 error) in 1 file, 10 lines, 5 ms',
        '',
      ].join('\n'),
    );
    // No sourceOf at all behaves the same.
    expect(render(doc([f]), 'text')).toBe(render(doc([f]), 'text', { sourceOf: () => undefined }));
  });

  it('prints no frame when the file no longer has the line (it changed since the scan)', () => {
    const f = finding({ line: 99, column: 1, endLine: 99, endColumn: 2 });
    expect(render(doc([f]), 'text', { sourceOf: sources({ 'main.go': MAIN_GO }) }).split('\n')[1]).toBe('');
  });

  it('orders findings by file, line, column and rule whatever order they arrive in', () => {
    const a = finding({ file: 'b.go', line: 1, message: 'third' });
    const b = finding({ file: 'a.go', line: 7, message: 'second' });
    const c = finding({ file: 'a.go', line: 2, message: 'first' });
    const headers = render(doc([a, b, c]), 'text')
      .split('\n')
      .filter((l) => l.includes('[map-concurrent-write]'));
    expect(headers.map((h) => h.slice(0, 8))).toEqual(['a.go:2:1', 'a.go:7:1', 'b.go:1:1']);
  });

  it('lists input errors in their own section and counts them in the summary', () => {
    const out = render(
      doc([], {
        errors: [
          { file: 'z.go', message: 'expected declaration', line: 4, column: 1 },
          { file: 'a.go', message: 'permission denied' },
        ],
      }),
      'text',
    );
    expect(out).toBe(
      [
        'errors:',
        '  a.go: permission denied',
        '  z.go:4:1: expected declaration',
        '',
        'no findings in 1 file, 10 lines, 5 ms; 2 input errors',
        '',
      ].join('\n'),
    );
  });

  it('summarises severities with plurals, and says how many the baseline hid', () => {
    const d = doc(
      [
        finding(),
        finding({ line: 2 }),
        finding({ severity: 'warning', line: 3 }),
        finding({ severity: 'info', line: 4 }),
        finding({ severity: 'info', line: 5 }),
      ],
      { stats: { files: 12, lines: 3400, ms: 85, baselined: 4 } },
    );
    expect(summary(d)).toBe('5 findings (2 errors, 1 warning, 2 info) in 12 files, 3400 lines, 85 ms; 4 hidden by the baseline');
    expect(summary(doc([finding({ severity: 'warning' })]))).toBe('1 finding (1 warning) in 1 file, 10 lines, 5 ms');
  });

  it('lists analyzed artifacts with their scalar facts', () => {
    const out = render(
      doc([], { artifacts: [{ kind: 'goroutine-dump', input: 'crash.log', line: 3, goroutines: 120, goVersion: 'go1.21', buckets: [] }] }),
      'text',
      {
        command: 'analyze',
      },
    );
    expect(out.split('\n').slice(0, 2)).toEqual(['artifacts:', '  crash.log:3: goroutine-dump (goroutines 120, goVersion go1.21)']);
  });

  it('colours only when asked, and colours nothing that came from the input', () => {
    const f = finding({ line: 6, column: 3, endLine: 6, endColumn: 15 });
    const plain = render(doc([f]), 'text', { sourceOf: sources({ 'main.go': MAIN_GO }) });
    const coloured = render(doc([f]), 'text', { sourceOf: sources({ 'main.go': MAIN_GO }), color: true });
    expect(plain).not.toContain('\x1b');
    expect(coloured).toContain('\x1b[31m');
    expect(coloured.replace(/\x1b\[\d+m/g, '')).toBe(plain);
  });

  it('does not let a hostile file or message send escape sequences to the terminal', () => {
    const evil = 'package main\n\nvar s = "\x1b]52;c;ZWNobyBwd25lZA==\x07\x1b[2J"\n';
    const f = finding({
      file: 'evil\x1b[8m.go',
      line: 3,
      column: 9,
      endLine: 3,
      endColumn: 20,
      message: 'map key "\x1b[2J\x9b31m" written\nfake.go:1:1: error: injected',
      related: [{ file: 'evil\x1b[8m.go', line: 3, column: 5, message: 'note \u202eesrever' }],
      help: 'help \x07',
      fixes: [{ title: 'fix \x1b[0m', safe: true, edits: [] }],
    });
    for (const color of [false, true]) {
      const out = render(doc([f], { errors: [{ file: 'x\x1b.go', message: 'bad \x1b[1m' }] }), 'text', {
        sourceOf: sources({ 'evil\x1b[8m.go': evil }),
        color,
      });
      // The only ESC bytes left are the reporter's own colour codes.
      const withoutOwnColours = out.replace(/\x1b\[\d+m/g, '');
      expect(withoutOwnColours).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069]/);
      expect(withoutOwnColours).toContain('evil\\x1b[8m.go:3:9');
      expect(withoutOwnColours).toContain('var s = "\\x1b]52;c;ZWNobyBwd25lZA==\\a\\x1b[2J"');
      expect(withoutOwnColours).toContain('written\\nfake.go:1:1: error: injected');
      expect(withoutOwnColours).toContain('note \\u202eesrever');
      // One finding stays one header line.
      expect(withoutOwnColours.split('\n').filter((l) => l.includes('[map-concurrent-write]'))).toHaveLength(1);
    }
  });
});

// The HTML reporter: input text never becomes markup, findings are grouped by family and file,
// charts appear for the artifact details that carry their data (and only then), the page's CSP
// admits exactly its own style and script.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ArtifactDetails, Finding } from '../../src/report/finding.js';
import { renderHtml } from '../../src/report/html.js';
import { REPORT_SCRIPT } from '../../src/report/html/behaviour.js';
import { applyTextEdits, fixHunks } from '../../src/report/html/fix-preview.js';
import { escapeHtml, html } from '../../src/report/html/markup.js';
import { sha256 } from '../../src/report/html/sha256.js';
import { REPORT_CSS } from '../../src/report/html/style.js';
import { render } from '../../src/report/index.js';
import { doc, finding, MAIN_GO, sources } from './helpers.js';

const PAYLOAD = `"><script>alert(1)</script><img src=x onerror=alert(2)><svg onload=alert(3)>`;

const TAGS = new Set('html head meta title style body main h1 h2 h3 h4 p div span a input label section article header footer ul li table tbody tr td caption mark strong dl dt dd figure figcaption svg desc g rect text line path polygon script'.split(' '));

/**
 * Every tag of the page, parsed with quoted attribute values. Input text is escaped, so it holds
 * no `<` or `"`: any tag or attribute it managed to inject would show up here.
 */
function tags(page: string): { name: string; attributes: string[] }[] {
  const out: { name: string; attributes: string[] }[] = [];
  for (const m of page.matchAll(/<(?!!DOCTYPE|\/)/g)) {
    const tag = /^<([a-zA-Z0-9]+)((?:\s+[a-zA-Z-]+(?:="[^"]*")?)*)\s*\/?>/.exec(page.slice(m.index))?.slice(1);
    if (!tag) throw new Error(`unparsable markup at ${page.slice(m.index, m.index + 80)}`);
    out.push({ name: tag[0]!, attributes: [...tag[1]!.matchAll(/\s+([a-zA-Z-]+)(?:="[^"]*")?/g)].map((a) => a[1]!) });
  }
  return out;
}

function injected(page: string): string[] {
  return tags(page)
    .filter((t) => !TAGS.has(t.name) || t.attributes.some((a) => a.startsWith('on') || a === 'src' || a === 'style'))
    .map((t) => `<${t.name} ${t.attributes.join(' ')}>`);
}

/** The decoded value of the CSP meta tag. */
function csp(page: string): string {
  const value = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page)![1]!;
  return value.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

function bucketsArtifact(over: Partial<ArtifactDetails> = {}): ArtifactDetails {
  return {
    kind: 'goroutine-dump',
    input: 'dump.txt',
    line: 1,
    goroutines: 165,
    bucketCount: 14,
    buckets: [
      { count: 150, state: 'chan receive', minutes: { min: 12, max: 14 }, function: 'main.worker', location: 'example.com/m/w.go:18' },
      { count: 12, state: 'semacquire', function: 'main.locker', location: 'example.com/m/w.go:31' },
      { count: 3, state: 'running', function: 'main.main', location: 'example.com/m/main.go:9' },
    ],
    ...over,
  };
}

describe('escaping', () => {
  it('escapes text, attributes and quotes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    expect(html`<p title="${PAYLOAD}">${PAYLOAD}</p>`.value).not.toContain('<script>');
    expect(html`${[PAYLOAD, 1, null, false, undefined, NaN]}`.value).toBe(escapeHtml(PAYLOAD) + '1');
  });

  it('no payload in a file name, rule id, message, help, fix, related note, source line, artifact text or input error becomes markup', () => {
    const file = `${PAYLOAD}.go`;
    const source = `package main\n\nfunc main() {\n\ts := "${PAYLOAD}" // ${PAYLOAD}\n}\n`;
    const f: Finding = finding({
      file,
      rule: `rule-${PAYLOAD}`,
      message: `message ${PAYLOAD}`,
      help: `help ${PAYLOAD}`,
      line: 4,
      column: 2,
      endLine: 4,
      endColumn: 30,
      related: [{ file, line: 3, column: 1, message: `related ${PAYLOAD}` }],
      fixes: [{ title: `fix ${PAYLOAD}`, safe: true, edits: [{ file, line: 4, column: 2, endLine: 4, endColumn: 3, newText: `${PAYLOAD}` }] }],
      artifact: {
        kind: `crash${PAYLOAD}`,
        waiter: { goroutine: 1, wait: PAYLOAD, function: PAYLOAD, location: PAYLOAD },
        waitsFor: [{ goroutine: 2, wait: 'mutex', function: PAYLOAD, location: PAYLOAD, relation: 'holds-lock', name: PAYLOAD }],
      },
    });
    const page = renderHtml(
      doc([f], {
        errors: [{ file, message: `cannot parse ${PAYLOAD}` }],
        artifacts: [bucketsArtifact({ kind: PAYLOAD, input: PAYLOAD, fatal: PAYLOAD, buckets: [{ count: 5, state: PAYLOAD, function: PAYLOAD, location: PAYLOAD }, { count: 9, function: 'x' }] })],
      }),
      { sourceOf: sources({ [file]: source }), rules: [{ id: f.rule, family: 'map-concurrency', severity: 'error', title: PAYLOAD, why: PAYLOAD, fix: PAYLOAD }] },
    );
    expect(injected(page)).toEqual([]);
    expect(tags(page).filter((t) => t.name === 'script')).toHaveLength(1);
    // The payload is shown, as text.
    expect(page.split(escapeHtml(PAYLOAD)).length).toBeGreaterThan(15);
  });

  it('shows bidi and control characters of a file as visible escapes', () => {
    const source = 'package main\nvar s = "\u202eevil\u202c"\n';
    const page = renderHtml(doc([finding({ file: 'a.go', line: 2, column: 1, endLine: 2, endColumn: 4, message: 'x\u202ey' })]), { sourceOf: sources({ 'a.go': source }) });
    expect(page).not.toContain('\u202e');
    expect(page).toContain('\\u202e');
  });
});

describe('grouping and content', () => {
  const findings = [
    finding({ file: 'b.go', family: 'lock-misuse', rule: 'lock-double-lock', severity: 'warning', line: 3 }),
    finding({ file: 'a.go', line: 6 }),
    finding({ file: 'b.go', line: 2 }),
    finding({ file: 'a.go', family: 'lock-misuse', rule: 'lock-double-lock', severity: 'warning', line: 1 }),
  ];
  const page = renderHtml(doc(findings), {
    rules: [{ id: 'map-concurrent-write', family: 'map-concurrency', severity: 'error', title: 'map written by goroutines', why: 'maps are not safe', fix: 'add a mutex' }],
  });

  it('groups by family in the fixed family order, then by file', () => {
    const families = [...page.matchAll(/<section class="family fam-([a-z-]+)"/g)].map((m) => m[1]);
    expect(families).toEqual(['map-concurrency', 'lock-misuse']);
    const files = [...page.matchAll(/<h4 class="path">([^ ]+) <span class="count">(\d+)/g)].map((m) => `${m[1]}×${m[2]}`);
    expect(files).toEqual(['a.go×1', 'b.go×1', 'b.go×1', 'a.go×1']);
  });

  it('explains the rules that fired, inline, and links findings to them', () => {
    expect(page).toContain('id="rule-map-concurrent-write"');
    expect(page).toContain('maps are not safe');
    expect(page).toContain('add a mutex');
    expect(page).toContain('href="#rule-map-concurrent-write"');
    expect(page).toContain('id="rule-lock-double-lock"');
  });

  it('frames the span, measured in UTF-8 columns, and shows related locations and fixes as a diff', () => {
    const f = finding({
      file: 'main.go',
      line: 6,
      column: 3,
      endLine: 6,
      endColumn: 15,
      related: [{ file: 'main.go', line: 8, column: 2, endLine: 8, endColumn: 12, message: 'the other write' }],
      fixes: [{ title: 'guard m with a mutex', safe: false, edits: [{ file: 'main.go', line: 6, column: 3, endLine: 6, endColumn: 3, newText: 'mu.Lock(); ' }] }],
    });
    const out = renderHtml(doc([f]), { sourceOf: sources({ 'main.go': MAIN_GO }) });
    expect(out).toContain('<mark class="error">m[&quot;键&quot;] = 1</mark>');
    expect(out).toContain('<mark class="related">m[&quot;b&quot;] = 2</mark>');
    expect(out).toContain('the other write');
    expect(out).toMatch(/<tr class="removed"><td class="ln">6<\/td><td class="sign">-<\/td><td class="code">        m\[&quot;键&quot;\] = 1<\/td><\/tr>/);
    expect(out).toMatch(/<tr class="added"><td class="ln">6<\/td><td class="sign">\+<\/td><td class="code">        mu.Lock\(\); m\[&quot;键&quot;\] = 1<\/td><\/tr>/);
  });

  it('lists input errors and stats, and is what render(…, "html") returns', () => {
    const d = doc([], { errors: [{ file: 'bad.go', line: 3, column: 7, message: 'expected operand' }] });
    const out = render(d, 'html');
    expect(out).toContain('Input errors');
    expect(out).toContain('bad.go:3:7');
    expect(out).toContain('No findings.');
    expect(out).toMatch(/<dt>lines<\/dt><dd>10<\/dd>/);
  });
});

describe('charts from artifact details', () => {
  const charts = (page: string): string[] => [...page.matchAll(/<figure class="chart ([a-z-]+)"/g)].map((m) => m[1]!);

  it('draws goroutine buckets by count, coloured by wait time', () => {
    const page = renderHtml(doc([], { artifacts: [bucketsArtifact()] }));
    expect(charts(page)).toEqual(['buckets']);
    const bars = [...page.matchAll(/<rect class="bar (wait-\d+)" x="300" y="[\d.]+" width="([\d.]+)" height="18"/g)].map((m) => [m[1], Number(m[2])]);
    expect(bars.map((b) => b[0])).toEqual(['wait-10', 'wait-0', 'wait-0']);
    expect(bars[0]![1]).toBeGreaterThan(bars[1]![1] as number);
    expect(page).toContain('the 3 largest of 14 stacks');
  });

  it('draws the schedtrace run-queue timeline and the gctrace heap/pause timeline', () => {
    const sched: ArtifactDetails = {
      kind: 'schedtrace',
      timeline: [0, 100, 200, 300].map((t, i) => ({ timeMs: t, runqueue: i * 5, localQueued: i, idleprocs: i > 1 ? 0 : 1, threads: 5, gomaxprocs: 2 })),
    };
    const gc: ArtifactDetails = {
      kind: 'gctrace',
      timeline: [0.1, 0.2, 0.4].map((t, i) => ({ atSeconds: t, heapStartMB: 4, heapEndMB: 5 + i, liveMB: 3 + i, goalMB: 8, pauseMs: i + 0.5, cpuPercent: 1, forced: i === 2 })),
    };
    const page = renderHtml(doc([], { artifacts: [sched, gc] }));
    expect(charts(page)).toEqual(['schedtrace', 'gctrace']);
    expect(page.match(/<rect class="busy"/g)).toHaveLength(1);
    expect(page.match(/<rect class="pause/g)).toHaveLength(3);
    expect(page).toContain('<rect class="pause forced"');
    expect(page).not.toContain('NaN');
  });

  it('draws the wait cycle of a deadlock in the finding', () => {
    const node = (goroutine: number, wait: string, relation: string, name?: string) => ({ goroutine, wait, function: `main.f${goroutine}`, location: `m/a.go:${goroutine}`, relation, ...(name ? { name } : {}) });
    const f = finding({
      artifact: {
        kind: 'crash',
        waiter: node(7, 'mutex', 'holds-lock', 'mu'),
        waitsFor: [node(6, 'chan-send', 'holds-lock', 'mu')],
        waitCycle: [node(7, 'mutex', 'holds-lock', 'mu'), node(6, 'chan-send', 'would-receive', 'ch')],
      },
    });
    const page = renderHtml(doc([f]));
    expect(charts(page)).toEqual(['wait-graph']);
    expect(page).toContain('Wait cycle: goroutine 7 → goroutine 6 → goroutine 7');
    expect(page).toContain('lock mu held by');
    expect(page).toContain('ch receiver');
    expect(page.match(/<g class="node/g)).toHaveLength(2);
  });

  it('draws nothing from malformed or missing data', () => {
    const page = renderHtml(
      doc([finding({ artifact: { kind: 'crash', waiter: { goroutine: 'x' }, waitsFor: [] } })], {
        artifacts: [
          { kind: 'schedtrace', timeline: [{ timeMs: 'soon' }] },
          { kind: 'gctrace', timeline: 'none' },
          bucketsArtifact({ buckets: [{ count: Infinity }] }),
          { kind: 'crash', goroutines: 2, buckets: [{ count: 2, function: 'main.main' }] },
        ],
      }),
    );
    expect(charts(page)).toEqual([]);
    expect(page).not.toContain('NaN');
  });
});

describe('self-contained page', () => {
  const page = renderHtml(doc([finding()]));

  it('loads nothing from anywhere: no external URL in src/href, CSP default-src none', () => {
    expect(page).not.toMatch(/\s(?:src|href)="(?!#)/);
    expect(csp(page)).toMatch(/^default-src 'none';/);
  });

  it('admits exactly its own inline style and script by hash', () => {
    const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(csp(page)).toContain(`style-src ${hash(REPORT_CSS)};`);
    expect(csp(page)).toContain(`script-src ${hash(REPORT_SCRIPT)};`);
    expect(page).toContain(`<style>${REPORT_CSS}</style>`);
    expect(page).toContain(`<script>${REPORT_SCRIPT}</script>`);
  });

  it('computes SHA-256 like node:crypto', () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 1000, 100_000]) {
      const data = new Uint8Array(n).map((_, i) => (i * 31 + 7) & 255);
      expect(Buffer.from(sha256(data)).toString('hex')).toBe(createHash('sha256').update(data).digest('hex'));
    }
  });
});

describe('fix previews', () => {
  const src = 'package main\n\nfunc f() {\n\tctx, cancel := context.WithCancel(ctx)\n\tuse(ctx)\n}\n';

  it('shows an insertion after a line as context plus an added line, and applies it', () => {
    const edit = { file: 'f.go', line: 4, column: 41, endLine: 4, endColumn: 41, newText: '\n\tdefer cancel()' };
    const [hunk] = fixHunks([edit], sources({ 'f.go': src }));
    expect(hunk!.lines.map((l) => `${l.kind[0]}${l.line} ${l.text}`)).toEqual(['c3 func f() {', 'c4 \tctx, cancel := context.WithCancel(ctx)', 'a5 \tdefer cancel()', 'c5 \tuse(ctx)']);
    expect(applyTextEdits(src, [edit])).toBe(src.replace('(ctx)\n', '(ctx)\n\tdefer cancel()\n'));
  });

  it('applies several edits, multi-byte columns included, and skips overlapping ones', () => {
    const text = 'a := "键"; b := 1\nc := 2\n';
    const edits = [
      { file: 'x', line: 1, column: 13, endLine: 1, endColumn: 14, newText: 'B' },
      { file: 'x', line: 1, column: 1, endLine: 1, endColumn: 2, newText: 'A' },
      { file: 'x', line: 1, column: 1, endLine: 1, endColumn: 3, newText: 'overlap' },
      { file: 'x', line: 2, column: 6, endLine: 2, endColumn: 7, newText: '3' },
    ];
    expect(applyTextEdits(text, edits)).toBe('A := "键"; B := 1\nc := 3\n');
    expect(fixHunks(edits, () => undefined)).toEqual([]);
  });
});

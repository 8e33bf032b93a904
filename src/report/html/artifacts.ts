// The artifacts section of an `analyze` report: one card per runtime artifact recognised, with its
// facts and the chart that fits it — goroutine buckets for dumps and profiles, run queues for
// schedtrace, heap and pauses for gctrace.

import { printable } from '../display.js';
import type { ArtifactDetails } from '../finding.js';
import { bucketChart } from './charts/buckets.js';
import { gcChart, schedChart } from './charts/timelines.js';
import { bucketBars, gcPoints, schedPoints } from './details.js';
import { html, type Markup } from './markup.js';

const HIDDEN_FACTS = new Set(['kind', 'input', 'line', 'endLine', 'buckets', 'timeline', 'goVersionEvidence']);

export function artifactsSection(artifacts: readonly ArtifactDetails[] | undefined): Markup | null {
  if (!artifacts || artifacts.length === 0) return null;
  return html`<section class="artifacts"><h2>Runtime artifacts</h2>${artifacts.map(artifactCard)}</section>`;
}

function artifactCard(a: ArtifactDetails): Markup {
  const where = typeof a.input === 'string' ? `${a.input}${typeof a.line === 'number' ? `:${a.line}` : ''}${typeof a.endLine === 'number' ? `–${a.endLine}` : ''}` : '';
  return html`<article class="artifact kind-${kindClass(a.kind)}"><header><span class="kind">${printable(String(a.kind))}</span> <span class="loc">${printable(where)}</span></header>${facts(a)}${chartFor(a)}</article>`;
}

function kindClass(kind: unknown): string {
  return String(kind).replace(/[^a-z0-9-]/g, '');
}

function chartFor(a: ArtifactDetails): Markup | undefined {
  if (a.kind === 'schedtrace') {
    const points = schedPoints(a);
    return points && schedChart(points);
  }
  if (a.kind === 'gctrace') {
    const points = gcPoints(a);
    return points && gcChart(points);
  }
  const bars = bucketBars(a);
  const total = typeof a.goroutines === 'number' ? a.goroutines : undefined;
  // A crash with a handful of goroutines reads better as text than as a chart.
  if (!bars || bars.length === 0 || (bars.length < 2 && (total ?? 0) < 10)) return undefined;
  return bucketChart(bars, total, typeof a.bucketCount === 'number' ? a.bucketCount : undefined);
}

/** Scalar facts (and short lists of them) as a definition list. */
function facts(a: ArtifactDetails): Markup {
  const rows = Object.entries(a)
    .filter(([k]) => !HIDDEN_FACTS.has(k))
    .map(([k, v]) => [k, factText(v)] as const)
    .filter(([, v]) => v !== undefined);
  return html`<dl class="facts">${rows.map(([k, v]) => html`<div><dt>${printable(k)}</dt><dd>${printable(v!)}</dd></div>`)}</dl>`;
}

function factText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.length > 0 && v.length <= 12 && v.every((x) => typeof x !== 'object' || x === null)) return v.join(', ');
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'object' && x !== null)) {
    // panics, runningTests: one line each, from their scalar fields.
    return v
      .slice(0, 6)
      .map((x) =>
        Object.values(x as Record<string, unknown>)
          .filter((y) => typeof y !== 'object')
          .join(' '),
      )
      .join('; ');
  }
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, y]) => typeof y !== 'object');
    return entries.length > 0 ? entries.map(([k, y]) => `${k} ${String(y)}`).join(', ') : undefined;
  }
  return undefined;
}

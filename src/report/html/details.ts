// Reading the chart data out of artifact details. Details are open-ended JSON (ArtifactDetails), so
// every field is checked before a chart uses it: a missing or malformed field means no chart, never
// a broken one (NaN in an SVG path) or an exception.

import { printable } from '../display.js';
import type { ArtifactDetails } from '../finding.js';

export interface BucketBar {
  count: number;
  state?: string;
  /** Longest wait, in minutes, of the goroutines in the bucket. */
  maxMinutes?: number;
  minMinutes?: number;
  function?: string;
  location?: string;
}

export interface SchedPoint {
  timeMs: number;
  runqueue: number;
  localQueued: number;
  idleprocs: number;
  threads: number;
  gomaxprocs: number;
}

export interface GcPoint {
  atSeconds: number;
  heapEndMB: number;
  liveMB: number;
  goalMB: number;
  pauseMs: number;
  forced: boolean;
}

export interface WaitNode {
  goroutine: number;
  wait: string;
  function: string;
  location: string;
  relation?: string;
  name?: string;
}

export interface WaitGraph {
  waiter: WaitNode;
  waitsFor: WaitNode[];
  cycle?: WaitNode[];
}

type Fields = Record<string, unknown>;

function isObject(v: unknown): v is Fields {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Strings as shown: control and bidi characters made visible (display.ts), like every input text. */
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? printable(v) : undefined;
}

/** Each element read by `read`; undefined if the value is not an array or any element is malformed. */
function list<T>(v: unknown, read: (item: Fields) => T | undefined): T[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: T[] = [];
  for (const item of v) {
    const r = isObject(item) ? read(item) : undefined;
    if (r === undefined) return undefined;
    out.push(r);
  }
  return out;
}

function defined<T extends Fields>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

export function bucketBars(a: ArtifactDetails): BucketBar[] | undefined {
  return list(a.buckets, (b) => {
    const count = num(b.count);
    if (count === undefined) return undefined;
    const minutes = isObject(b.minutes) ? b.minutes : {};
    return defined({ count, state: str(b.state), maxMinutes: num(minutes.max), minMinutes: num(minutes.min), function: str(b.function), location: str(b.location) });
  });
}

export function schedPoints(a: ArtifactDetails): SchedPoint[] | undefined {
  return list(a.timeline, (p) => {
    const values = [p.timeMs, p.runqueue, p.localQueued, p.idleprocs, p.threads, p.gomaxprocs].map(num);
    if (values.some((v) => v === undefined)) return undefined;
    const [timeMs, runqueue, localQueued, idleprocs, threads, gomaxprocs] = values as number[];
    return { timeMs: timeMs!, runqueue: runqueue!, localQueued: localQueued!, idleprocs: idleprocs!, threads: threads!, gomaxprocs: gomaxprocs! };
  });
}

export function gcPoints(a: ArtifactDetails): GcPoint[] | undefined {
  return list(a.timeline, (p) => {
    const values = [p.atSeconds, p.heapEndMB, p.liveMB, p.goalMB, p.pauseMs].map(num);
    if (values.some((v) => v === undefined)) return undefined;
    const [atSeconds, heapEndMB, liveMB, goalMB, pauseMs] = values as number[];
    return { atSeconds: atSeconds!, heapEndMB: heapEndMB!, liveMB: liveMB!, goalMB: goalMB!, pauseMs: pauseMs!, forced: p.forced === true };
  });
}

function waitNode(n: Fields): WaitNode | undefined {
  const goroutine = num(n.goroutine);
  const wait = str(n.wait);
  if (goroutine === undefined || wait === undefined) return undefined;
  return defined({ goroutine, wait, function: str(n.function) ?? '', location: str(n.location) ?? '', relation: str(n.relation), name: str(n.name) });
}

export function waitGraph(a: ArtifactDetails | undefined): WaitGraph | undefined {
  if (!a || !isObject(a.waiter)) return undefined;
  const waiter = waitNode(a.waiter);
  const waitsFor = list(a.waitsFor, waitNode);
  if (!waiter || !waitsFor || waitsFor.length === 0) return undefined;
  const cycle = list(a.waitCycle, waitNode);
  return cycle && cycle.length >= 2 ? { waiter, waitsFor, cycle } : { waiter, waitsFor };
}

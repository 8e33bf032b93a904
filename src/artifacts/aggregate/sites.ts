// Sites: stack identities that survive the differences between dump formats (debug=2 text shows
// states and runtime frames; debug=1 and protobuf profiles show neither the same way), so a
// "before" profile can be compared with an "after" dump.

import { type Frame, isRuntimeFrame } from '../frames.js';

/** The stack without runtime-internal frames, arguments and state: `func@file:line` innermost first. */
export function siteKey(frames: readonly Frame[]): string {
  let key = '';
  for (const f of frames) {
    if (isRuntimeFrame(f)) continue;
    key += `${f.func}@${f.file}:${f.line};`;
  }
  return key;
}

/** A count of goroutines per site, with one representative stack. */
export interface SiteCount {
  key: string;
  count: number;
  frames: Frame[];
  /** States seen at this site (text dumps only). */
  states: string[];
}

export class SiteCounter {
  private readonly sites = new Map<string, SiteCount>();
  total = 0;

  add(frames: Frame[], count: number, state?: string): void {
    const key = siteKey(frames);
    let s = this.sites.get(key);
    if (!s) {
      s = { key, count: 0, frames, states: [] };
      this.sites.set(key, s);
    }
    s.count += count;
    this.total += count;
    if (state !== undefined && !s.states.includes(state) && s.states.length < 8) s.states.push(state);
  }

  get(key: string): SiteCount | undefined {
    return this.sites.get(key);
  }

  all(): SiteCount[] {
    return [...this.sites.values()];
  }
}

/** Sites of a dump from its buckets (a bucket's frames determine its site). */
export function sitesOfBuckets(buckets: readonly { frames: Frame[]; count: number; state: string }[]): SiteCounter {
  const s = new SiteCounter();
  for (const b of buckets) s.add(b.frames, b.count, b.state);
  return s;
}

export interface SiteGrowth {
  key: string;
  before: number;
  after: number;
  frames: Frame[];
  states: string[];
}

/** Sites whose goroutine count grew from `before` to `after`, largest growth first. */
export function growth(before: SiteCounter, after: SiteCounter): SiteGrowth[] {
  const out: SiteGrowth[] = [];
  for (const s of after.all()) {
    const b = before.get(s.key)?.count ?? 0;
    if (s.count > b) out.push({ key: s.key, before: b, after: s.count, frames: s.frames, states: s.states });
  }
  return out.sort((x, y) => y.after - y.before - (x.after - x.before));
}

// Buckets of similar goroutines (panicparse's idea): a 40,000-goroutine dump usually holds a few
// dozen distinct stacks. Buckets are built while the dump streams by, so memory grows with the
// number of distinct stacks, not with the number of goroutines.

import type { Frame } from '../frames.js';
import type { CreatedBy, Goroutine } from '../goroutines/model.js';

/** How alike two goroutines must be to share a bucket. */
export enum Similarity {
  /** Same state, wait minutes and locked flag; same frames with identical argument words. */
  ExactFlags = 'exact-flags',
  /** Same state and locked flag; same frames with identical argument words; minutes become a range. */
  ExactLines = 'exact-lines',
  /** As ExactLines, but pointer-looking and `?`-marked (unreliable) argument words may differ. The default. */
  AnyPointer = 'any-pointer',
  /** Same state and frames (function, file, line); arguments ignored. */
  AnyValue = 'any-value',
}

export const SIMILARITIES: readonly Similarity[] = Object.values(Similarity);

export interface Bucket {
  /** Identity of the bucket at the chosen similarity. */
  key: string;
  state: string;
  locked: boolean;
  /** Goroutines in the bucket. */
  count: number;
  /** The first ids seen (at most MAX_IDS), in dump order. */
  ids: number[];
  /** Range of `N minutes` over the members that printed one; absent when none did. */
  minutes?: { min: number; max: number; members: number };
  /** Frames of the first member, innermost first. */
  frames: Frame[];
  createdBy?: CreatedBy;
  /** Input line of the first member's header. */
  line: number;
}

export const MAX_IDS = 20;
const MAX_FRAME_IDS = 2_000_000;

export interface BucketOptions {
  similarity: Similarity;
  /**
   * Distinct buckets kept before new stacks are keyed at AnyValue similarity (arguments ignored), so a
   * dump whose goroutines all differ by an argument cannot exhaust memory.
   */
  maxBuckets: number;
}

interface RecentStack {
  frames: Frame[];
  state: string;
  locked: boolean;
  minutes: number | undefined;
  createdBy: CreatedBy | undefined;
  bucket: Bucket;
}

const NO_FRAMES = {};

export class BucketBuilder {
  private readonly buckets = new Map<string, Bucket>();
  private readonly ids = new FrameIds();
  goroutines = 0;

  constructor(private readonly options: BucketOptions = { similarity: Similarity.AnyPointer, maxBuckets: 50_000 }) {}

  add(g: Goroutine): void {
    this.goroutines++;
    // Fast path: scanners share frame objects, so a goroutine whose stack is the very same frame
    // objects as an earlier one's (same state, creator…) joins that bucket without building a key.
    const head: object = g.frames[0] ?? NO_FRAMES;
    const seen = this.recent.get(head);
    if (seen !== undefined) {
      for (const e of seen) {
        if (this.sameStack(e, g)) {
          this.count(e.bucket, g);
          return;
        }
      }
    }
    const b = this.slowBucket(g);
    this.count(b, g);
    // Only stacks made of shared frames can match by identity later.
    if (g.frames.some((f) => hasPointerWord(f.args))) return;
    const entry: RecentStack = { frames: g.frames, state: g.state, locked: g.locked, minutes: g.waitMinutes, createdBy: g.createdBy, bucket: b };
    if (seen === undefined) {
      // Bounded: frames unique to one goroutine would otherwise pile up here.
      if (this.recent.size >= 20_000) this.recent.clear();
      this.recent.set(head, [entry]);
    } else if (seen.length < 16) seen.push(entry);
  }

  private readonly recent = new Map<object, RecentStack[]>();

  private sameStack(e: RecentStack, g: Goroutine): boolean {
    if (e.state !== g.state || e.locked !== g.locked || e.createdBy !== g.createdBy || e.frames.length !== g.frames.length) return false;
    if (this.options.similarity === Similarity.ExactFlags && e.minutes !== g.waitMinutes) return false;
    for (let i = 0; i < e.frames.length; i++) if (e.frames[i] !== g.frames[i]) return false;
    return true;
  }

  private slowBucket(g: Goroutine): Bucket {
    let similarity = this.options.similarity;
    let b = this.find(g, similarity);
    if (!b && this.buckets.size >= this.options.maxBuckets && similarity !== Similarity.AnyValue) {
      similarity = Similarity.AnyValue;
      b = this.find(g, similarity);
    }
    if (!b) {
      const sig = this.sig.slice(0, this.sigLength);
      const key = sig.join(',');
      b = { key, state: g.state, locked: g.locked, count: 0, ids: [], frames: g.frames, line: g.line };
      if (g.createdBy) b.createdBy = g.createdBy;
      this.buckets.set(key, b);
      const list = this.byHash.get(this.sigHash);
      if (list) list.push({ sig, bucket: b });
      else this.byHash.set(this.sigHash, [{ sig, bucket: b }]);
    }
    return b;
  }

  /** Fills this.sig with the goroutine's signature (numbers) and finds its bucket by hash, comparing signatures. */
  private find(g: Goroutine, similarity: Similarity): Bucket | undefined {
    this.sigLength = this.ids.signature(g, similarity, this.sig);
    let h = 0;
    for (let i = 0; i < this.sigLength; i++) h = (Math.imul(h, 31) + this.sig[i]!) | 0;
    this.sigHash = h;
    const list = this.byHash.get(h);
    if (!list) return undefined;
    outer: for (const e of list) {
      if (e.sig.length !== this.sigLength) continue;
      for (let i = 0; i < this.sigLength; i++) if (e.sig[i] !== this.sig[i]) continue outer;
      return e.bucket;
    }
    return undefined;
  }

  private readonly byHash = new Map<number, { sig: number[]; bucket: Bucket }[]>();
  private readonly sig: number[] = [];
  private sigLength = 0;
  private sigHash = 0;

  private count(b: Bucket, g: Goroutine): void {
    b.count++;
    if (b.ids.length < MAX_IDS) b.ids.push(g.id);
    if (g.waitMinutes !== undefined) {
      if (!b.minutes) b.minutes = { min: g.waitMinutes, max: g.waitMinutes, members: 1 };
      else {
        b.minutes.min = Math.min(b.minutes.min, g.waitMinutes);
        b.minutes.max = Math.max(b.minutes.max, g.waitMinutes);
        b.minutes.members++;
      }
    }
  }

  /** Largest first; ties in dump order. */
  result(): Bucket[] {
    return [...this.buckets.values()].sort((a, b) => b.count - a.count || a.line - b.line);
  }
}

/**
 * Short bucket keys: each distinct frame (at a similarity) gets a number, so a goroutine's key is
 * its state plus a few numbers instead of its whole stack text. Scanners share frame objects
 * between goroutines with the same stack, which makes the lookups identity hits.
 */
class FrameIds {
  /** file → line → the functions seen there, each with its ids by argument text. */
  private readonly sites = new Map<string, Map<number, SiteIds[]>>();
  private readonly byFrame: Map<object, number>[] = SIMILARITIES.map(() => new Map());
  private next = 0;

  /**
   * Writes the goroutine's identity at this similarity into `out` as numbers (state, flags, one id per
   * frame, creator) and returns how many. Equal signatures ⇔ same bucket.
   */
  signature(g: Goroutine, similarity: Similarity, out: number[]): number {
    const cache = this.byFrame[SIMILARITIES.indexOf(similarity)]!;
    if (cache.size > 50_000) cache.clear();
    let n = 0;
    out[n++] = this.word(g.state);
    out[n++] = (g.locked ? 1 : 0) + (similarity === Similarity.ExactFlags ? 2 + 4 * (g.waitMinutes ?? -1) : 0);
    for (const f of g.frames) out[n++] = this.id(f, cache, similarity);
    out[n++] = g.createdBy ? this.id(g.createdBy, cache, Similarity.AnyValue) : -1;
    return n;
  }

  private readonly words = new Map<string, number>();

  private word(text: string): number {
    let id = this.words.get(text);
    if (id === undefined) {
      id = this.next++;
      this.words.set(text, id);
    }
    return id;
  }

  /**
   * A number per distinct frame at this similarity. Lookups go by file (scanners share the file
   * strings of repeated file lines, so their hashes are cached) and line, then compare the function,
   * then the argument text — no concatenated key text is built.
   */
  private id(f: { func: string; file: string; line: number; args?: string }, cache: Map<object, number>, similarity: Similarity): number {
    let id = cache.get(f);
    if (id !== undefined) return id;
    let byLine = this.sites.get(f.file);
    if (byLine === undefined) {
      byLine = new Map();
      this.sites.set(f.file, byLine);
    }
    let list = byLine.get(f.line);
    if (list === undefined) {
      list = [];
      byLine.set(f.line, list);
    }
    let site = list.find((x) => x.func === f.func);
    if (site === undefined) {
      site = { func: f.func, all: this.next++ };
      list.push(site);
    }
    if (similarity === Similarity.AnyValue || f.args === undefined) {
      id = site.all;
    } else {
      // Past MAX_IDS distinct frames, exact argument lists are no longer told apart (memory bound).
      const args = similarity === Similarity.AnyPointer || this.next > MAX_FRAME_IDS ? argsModuloPointers(f.args) : f.args;
      site.byArgs ??= new Map();
      id = site.byArgs.get(args);
      if (id === undefined) {
        id = this.next++;
        site.byArgs.set(args, id);
      }
    }
    // Only frames that other goroutines share are worth remembering by identity.
    if (f.args === undefined || !hasPointerWord(f.args)) cache.set(f, id);
    return id;
  }
}

interface SiteIds {
  func: string;
  /** Id at AnyValue similarity. */
  all: number;
  byArgs?: Map<string, number>;
}

/** An argument word that looks like a live pointer (8+ hex digits, not marked `?`): it differs between goroutines. */
export function hasPointerWord(args: string): boolean {
  for (let i = args.indexOf('0x'); i >= 0; i = args.indexOf('0x', i + 2)) {
    let j = i + 2;
    while (j < args.length) {
      const c = args.charCodeAt(j);
      if ((c >= 48 && c <= 57) || (c >= 97 && c <= 102)) j++;
      else break;
    }
    if (j - i - 2 >= 8 && args.charCodeAt(j) !== 63 /* ? */) return true;
  }
  return false;
}

/** Pointer-looking words (≥ 1 MiB, where heaps and binaries live) and `?` words become `*`. */
export function argsModuloPointers(args: string): string {
  if (args.length === 0 || args === '...') return args;
  if (args.indexOf('?') < 0 && args.indexOf('0x') < 0) return args;
  let out = '';
  let last = 0;
  for (let i = args.indexOf('0x'); i >= 0; i = args.indexOf('0x', i)) {
    let j = i + 2;
    while (j < args.length) {
      const c = args.charCodeAt(j);
      if ((c >= 48 && c <= 57) || (c >= 97 && c <= 102)) j++;
      else break;
    }
    const unreliable = args.charCodeAt(j) === 63; /* ? */
    if (unreliable || j - i >= 8) {
      out += args.slice(last, i) + '*';
      last = unreliable ? j + 1 : j;
    }
    i = j;
  }
  return last === 0 ? args : out + args.slice(last);
}

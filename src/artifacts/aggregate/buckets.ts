// Buckets of similar goroutines (panicparse's idea): a 40,000-goroutine dump usually holds a few
// dozen distinct stacks. Buckets are built while the dump streams by, so memory grows with the
// number of distinct stacks, not with the number of goroutines.

import { type Frame, hasPointerWord } from '../frames.js';
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

/** A stack seen before, and its bucket: later goroutines that match it skip the signature. */
interface RecentStack {
  frames: Frame[];
  state: string;
  locked: boolean;
  minutes: number | undefined;
  createdBy: CreatedBy | undefined;
  bucket: Bucket;
  /** argsModuloPointers of the frames' arguments, computed when first needed. */
  keys: (string | undefined)[];
}

/** Recent stacks kept per creator (or innermost frame): move-to-front keeps the frequent ones first. */
const RECENT_PER_KEY = 16;

const NO_FRAMES = {};

export class BucketBuilder {
  private readonly buckets = new Map<string, Bucket>();
  private readonly ids = new FrameIds();
  goroutines = 0;

  constructor(private readonly options: BucketOptions = { similarity: Similarity.AnyPointer, maxBuckets: 50_000 }) {}

  add(g: Goroutine): void {
    this.goroutines++;
    // Fast path: most goroutines repeat a stack seen shortly before, from the same creator. Scanners
    // share frame objects between goroutines, so most frames compare by identity; frames whose
    // arguments differ compare at the bucket similarity (pointers apart, by default).
    const key: object = g.createdBy ?? g.frames[0] ?? NO_FRAMES;
    const seen = this.recent.get(key);
    if (seen !== undefined) {
      for (let i = 0; i < seen.length; i++) {
        const e = seen[i]!;
        if (this.sameStack(e, g)) {
          if (i > 0) {
            seen[i] = seen[i - 1]!;
            seen[i - 1] = e;
          }
          this.count(e.bucket, g);
          return;
        }
      }
    }
    const b = this.slowBucket(g);
    this.count(b, g);
    const entry: RecentStack = { frames: g.frames, state: g.state, locked: g.locked, minutes: g.waitMinutes, createdBy: g.createdBy, bucket: b, keys: [] };
    if (seen === undefined) {
      // Bounded: keys unique to one goroutine would otherwise pile up here.
      if (this.recent.size >= 20_000) this.recent.clear();
      this.recent.set(key, [entry]);
    } else if (seen.length < RECENT_PER_KEY) seen.push(entry);
    else seen[seen.length - 1] = entry;
  }

  private readonly recent = new Map<object, RecentStack[]>();

  /** True when g is sure to share e's bucket: identical frames, or equal at the bucket similarity. */
  private sameStack(e: RecentStack, g: Goroutine): boolean {
    if (e.state !== g.state || e.locked !== g.locked || e.createdBy !== g.createdBy || e.frames.length !== g.frames.length) return false;
    const similarity = this.options.similarity;
    if (similarity === Similarity.ExactFlags && e.minutes !== g.waitMinutes) return false;
    const n = e.frames.length;
    // Cheap checks on every frame (line numbers first: they tell most sites apart) before any
    // argument text is compared. Frames that are not the same object usually differ in arguments.
    let distinct = 0;
    for (let i = 0; i < n; i++) {
      const a = e.frames[i]!;
      const b = g.frames[i]!;
      if (a === b) continue;
      if (a.line !== b.line || a.func !== b.func || a.file !== b.file) return false;
      distinct++;
    }
    if (distinct === 0 || similarity === Similarity.AnyValue) return true;
    for (let i = 0; i < n; i++) {
      const a = e.frames[i]!;
      const b = g.frames[i]!;
      if (a === b) continue;
      if (similarity !== Similarity.AnyPointer) {
        if (a.args !== b.args) return false;
        continue;
      }
      let key = e.keys[i];
      if (key === undefined) key = e.keys[i] = argsModuloPointers(a.args);
      if (argsModuloPointers(b.args) !== key) return false;
    }
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
    this.shared = true;
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
    let site: SiteIds | undefined;
    for (const x of list) {
      if (x.func === f.func) {
        site = x;
        break;
      }
    }
    if (site === undefined) {
      site = { func: f.func, all: this.next++, lastArgs: undefined, lastFrame: undefined, lastId: 0, lastNormalized: false, lastShared: true };
      list.push(site);
    }
    const args = f.args;
    if (similarity === Similarity.AnyValue || args === undefined) {
      id = site.all;
      this.shared = args === undefined || !hasPointerWord(args);
    } else {
      // Past MAX_IDS distinct frames, exact argument lists are no longer told apart (memory bound).
      const normalize = similarity === Similarity.AnyPointer || this.next > MAX_FRAME_IDS;
      // The same argument text as last time here (a pointer that does not vary, often the very same
      // string the scanner shared): no need to normalize and hash it again.
      if (args === site.lastArgs && normalize === site.lastNormalized) {
        // The very frame object again: the scanner shares it, so it is worth remembering by identity.
        this.shared = site.lastShared || f === site.lastFrame;
        if (this.shared) cache.set(f, site.lastId);
        site.lastFrame = f;
        return site.lastId;
      }
      const key = normalize ? argsModuloPointers(args) : args;
      const shared = normalize ? !sawLivePointer : !hasPointerWord(args);
      site.byArgs ??= new Map();
      id = site.byArgs.get(key);
      if (id === undefined) {
        id = this.next++;
        site.byArgs.set(key, id);
      }
      site.lastArgs = args;
      site.lastFrame = f;
      site.lastId = id;
      site.lastNormalized = normalize;
      site.lastShared = shared;
      this.shared = shared;
    }
    // Only frames that other goroutines share are worth remembering by identity.
    if (this.shared) cache.set(f, id);
    return id;
  }

  /** After id(): the frame held no live pointer word. */
  private shared = true;
}

interface SiteIds {
  func: string;
  /** Id at AnyValue similarity. */
  all: number;
  byArgs?: Map<string, number>;
  /** The argument text last looked up here, its id, whether it was normalized, and whether it held no live pointer. */
  lastArgs: string | undefined;
  lastFrame: object | undefined;
  lastId: number;
  lastNormalized: boolean;
  lastShared: boolean;
}

/** Pointer-looking words (≥ 1 MiB, where heaps and binaries live) and `?` words become `*`. */
export function argsModuloPointers(args: string): string {
  let out = '';
  let last = 0;
  sawLivePointer = false;
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
      // The same test as hasPointerWord, made here so the words are scanned once.
      if (!unreliable && j - i >= 10) sawLivePointer = true;
    }
    i = j;
  }
  return last === 0 ? args : out + args.slice(last);
}

/** Set by argsModuloPointers: the text held a live pointer word (see hasPointerWord). */
let sawLivePointer = false;

// Goroutine dumps and goroutine profiles: sites where many goroutines park (leak suspects), lock
// convoys, goroutines stuck on nil channels, and the runtime's own goroutineleak profile. A site is
// the innermost user frame plus what the goroutines wait on; buckets with different callers or
// creators but the same site are added up.

import type { Finding, RelatedLocation } from '../../report/finding.js';
import type { Bucket } from '../aggregate/buckets.js';
import { type Frame, frameLocation, shortFunc } from '../frames.js';
import type { GoroutineDump } from '../goroutines/model.js';
import { channelOp, heldLocks, lockAcquired } from '../link/source-facts.js';
import type { GoroutineProfile } from '../pprof/model.js';
import { describeVersion } from '../version.js';
import { type DiagnoseContext, plural } from './context.js';
import { type WaitKind, describeWait, isBlockingWait, waitKindFromFrames, waitKindOf } from './waits.js';

export interface Site {
  kind: WaitKind;
  frame: Frame;
  count: number;
  ids: number[];
  states: string[];
  minutes?: { min: number; max: number };
  /** Where the goroutines were started (first creator seen). */
  createdBy?: Frame;
  /** Label sets of the profile records, with counts. */
  labels: { labels: Record<string, string>; count: number }[];
}

/** Sites of a text dump, from its buckets. */
export function dumpSites(buckets: readonly Bucket[], ctx: DiagnoseContext): Site[] {
  const sites = new Map<string, Site>();
  for (const b of buckets) {
    if (b.frames.some((f) => f.func === 'runtime/pprof.writeGoroutineStacks')) continue;
    const frame = ctx.userFrame(b.frames);
    if (!frame) continue;
    const kind = waitKindOf(b.state, b.frames);
    const key = `${kind}|${frameLocation(frame)}`;
    let s = sites.get(key);
    if (!s) {
      s = { kind, frame, count: 0, ids: [], states: [], labels: [] };
      if (b.createdBy) s.createdBy = { func: b.createdBy.func, args: '', file: b.createdBy.file, line: b.createdBy.line };
      sites.set(key, s);
    }
    s.count += b.count;
    for (const id of b.ids) if (s.ids.length < 20) s.ids.push(id);
    if (!s.states.includes(b.state)) s.states.push(b.state);
    if (b.minutes) {
      s.minutes = s.minutes
        ? { min: Math.min(s.minutes.min, b.minutes.min), max: Math.max(s.minutes.max, b.minutes.max) }
        : { min: b.minutes.min, max: b.minutes.max };
    }
  }
  return [...sites.values()].sort((a, b) => b.count - a.count);
}

/** Sites of a profile: no states, so the wait comes from frames, or from the source line. */
export function profileSites(profile: GoroutineProfile, ctx: DiagnoseContext): Site[] {
  const sites = new Map<string, Site>();
  for (const r of profile.records) {
    const frame = ctx.userFrame(r.frames);
    if (!frame) continue;
    const kind = waitKindFromFrames(r.frames) ?? kindFromSource(frame, ctx) ?? (r.frames[0] === frame ? 'unknown' : 'running');
    const key = `${kind}|${frameLocation(frame)}`;
    let s = sites.get(key);
    if (!s) {
      s = { kind, frame, count: 0, ids: [], states: [], labels: [] };
      sites.set(key, s);
    }
    s.count += r.count;
    if (Object.keys(r.labels).length > 0) s.labels.push({ labels: r.labels, count: r.count });
  }
  return [...sites.values()].sort((a, b) => b.count - a.count);
}

function kindFromSource(frame: Frame, ctx: DiagnoseContext): WaitKind | undefined {
  const text = ctx.lineText(frame);
  if (text === undefined) return undefined;
  const op = channelOp(text);
  if (!op) return undefined;
  if (op.op === 'send') return 'chan-send';
  if (op.op === 'receive' || op.op === 'range') return 'chan-receive';
  if (op.op === 'select') return 'select';
  return undefined;
}

export function diagnoseDumpSites(dump: GoroutineDump, sites: readonly Site[], ctx: DiagnoseContext): Finding[] {
  const v = describeVersion(dump.goVersion);
  const base = { kind: dump.kind, input: dump.input, inputLine: dump.startLine, goroutines: dump.goroutineCount, ...(v ? { goVersion: v } : {}) };
  return diagnoseSites(sites, ctx, base, false);
}

export function diagnoseProfile(profile: GoroutineProfile, ctx: DiagnoseContext): Finding[] {
  const sites = profileSites(profile, ctx);
  const base = {
    kind: profile.profile === 'goroutine' ? 'pprof-goroutine' : `pprof-${profile.profile}`,
    input: profile.input,
    encoding: profile.encoding,
    total: profile.total,
  };
  if (profile.profile === 'goroutineleak') {
    return sites.map((s) =>
      ctx.finding({
        rule: 'profile-goroutine-leak',
        at: s.frame,
        message: `the runtime reports ${plural(s.count, 'leaked goroutine')} in ${shortFunc(s.frame.func)}${s.kind !== 'unknown' && s.kind !== 'running' ? `, ${describeWait(s.kind)}` : ''}: nothing reachable can ever wake ${s.count === 1 ? 'it' : 'them'}${labelText(s)}`,
        related: [],
        artifact: { ...base, count: s.count, wait: s.kind, labels: s.labels },
      }),
    );
  }
  return diagnoseSites(sites, ctx, base, true);
}

function diagnoseSites(sites: readonly Site[], ctx: DiagnoseContext, base: { kind: string; [k: string]: unknown }, fromProfile: boolean): Finding[] {
  const t = ctx.thresholds;
  const findings: Finding[] = [];
  for (const s of sites) {
    const detail = { ...base, count: s.count, wait: s.kind, ...(s.states.length ? { states: s.states } : {}), ...(s.ids.length ? { goroutineIds: s.ids } : {}), ...(s.minutes ? { waitMinutes: s.minutes } : {}), ...(s.labels.length ? { labels: s.labels } : {}) };
    const related: RelatedLocation[] = s.createdBy ? [ctx.related(s.createdBy, 'these goroutines were started here')] : [];
    const where = `in ${shortFunc(s.frame.func)}`;
    const minutes = s.minutes ? `, blocked for ${s.minutes.min === s.minutes.max ? s.minutes.max : `${s.minutes.min}–${s.minutes.max}`}+ minutes` : '';
    if (s.kind === 'nil-chan') {
      findings.push(ctx.finding({ rule: 'dump-nil-channel', at: s.frame, message: `${plural(s.count, 'goroutine')} ${s.count === 1 ? 'is' : 'are'} blocked forever on a nil channel ${where}${minutes}`, related, artifact: detail }));
      continue;
    }
    if (s.kind === 'mutex' && s.count >= t.convoyCount) {
      related.push(...lockHolders(s, sites, ctx));
      findings.push(ctx.finding({ rule: 'dump-lock-convoy', at: s.frame, message: `${plural(s.count, 'goroutine')} are waiting for the same lock ${where}${minutes}: lock convoy`, related, artifact: detail }));
      continue;
    }
    const candidate = isBlockingWait(s.kind) || (fromProfile && s.kind === 'unknown');
    if (!candidate) continue;
    const many = s.count >= t.leakCount;
    const long = (s.minutes?.max ?? 0) >= t.leakMinutes;
    if (s.kind === 'select-forever' && !many) continue;
    if (!many && !long) continue;
    const what = s.kind === 'unknown' ? 'parked on a channel operation or select (debug=1 does not say which)' : describeWait(s.kind);
    const reason = many && long ? `${s.count} at one site, up to ${s.minutes!.max} minutes` : many ? `${s.count} at one site` : `blocked ${s.minutes!.max}+ minutes`;
    findings.push(
      ctx.finding({
        rule: 'dump-leak-suspect',
        at: s.frame,
        message: `${plural(s.count, 'goroutine')} ${what} ${where}${minutes}${labelText(s)}: goroutine leak suspect (${reason})`,
        related,
        artifact: detail,
      }),
    );
  }
  return findings;
}

/** With source: goroutines at other sites that hold the lock the convoy waits for. */
function lockHolders(convoy: Site, sites: readonly Site[], ctx: DiagnoseContext): RelatedLocation[] {
  const text = ctx.lineText(convoy.frame);
  const lock = text !== undefined ? lockAcquired(text) : undefined;
  if (!lock) return [];
  const out: RelatedLocation[] = [];
  for (const s of sites) {
    if (s === convoy) continue;
    const lines = ctx.lines(s.frame);
    if (!lines) continue;
    const held = heldLocks(lines, s.frame.line).find((h) => h.name === lock);
    if (held) out.push(ctx.related(s.frame, `${plural(s.count, 'goroutine')} here ${s.count === 1 ? 'holds' : 'hold'} ${lock} (locked at line ${held.line}) while ${describeWait(s.kind)}`));
  }
  return out.slice(0, 3);
}

function labelText(s: Site): string {
  if (s.labels.length === 0) return '';
  const parts = s.labels.slice(0, 3).map((l) => `${Object.entries(l.labels).map(([k, v]) => `${k}=${v}`).join(' ')} (${l.count})`);
  return `; labels: ${parts.join(', ')}${s.labels.length > 3 ? ', …' : ''}`;
}

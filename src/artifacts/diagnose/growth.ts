// `analyze before.txt after.txt`: goroutine counts per site in the first and the last snapshot
// (goroutine dump or goroutine profile, in any mix of formats); sites that grew are reported.

import type { Finding } from '../../report/finding.js';
import { type SiteCounter, growth } from '../aggregate/sites.js';
import { shortFunc } from '../frames.js';
import { type DiagnoseContext, plural } from './context.js';

export interface Snapshot {
  input: string;
  inputLine: number;
  sites: SiteCounter;
}

export function diagnoseGrowth(before: Snapshot, after: Snapshot, ctx: DiagnoseContext): Finding[] {
  const t = ctx.thresholds;
  const findings: Finding[] = [];
  for (const g of growth(before.sites, after.sites)) {
    const delta = g.after - g.before;
    if (delta < t.growthMin || g.after < g.before * t.growthFactor) continue;
    const frame = ctx.userFrame(g.frames);
    if (!frame) continue;
    const states = g.states.length > 0 ? ` [${g.states.join(', ')}]` : '';
    findings.push(
      ctx.finding({
        rule: 'dump-goroutine-growth',
        at: frame,
        message: `goroutines in ${shortFunc(frame.func)}${states} grew from ${g.before} to ${g.after} (+${plural(delta, 'goroutine')}) between ${before.input} and ${after.input}`,
        artifact: {
          kind: 'goroutine-growth',
          before: { input: before.input, line: before.inputLine, goroutines: before.sites.total, atSite: g.before },
          after: { input: after.input, line: after.inputLine, goroutines: after.sites.total, atSite: g.after },
        },
      }),
    );
  }
  return findings;
}

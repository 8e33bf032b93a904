// Race reports deduplicated by access pair: the same two source lines racing again (another
// goroutine pair, another address) is one problem. TSan already suppresses exact repeats within a
// process; this merges across goroutines, runs and concatenated logs.

import { type Frame, innermostUserFrame, frameLocation } from '../frames.js';
import type { RaceReport } from '../race/model.js';

export interface RaceGroup {
  key: string;
  /** The first report of the group; the others differ only in goroutines or addresses. */
  report: RaceReport;
  count: number;
  /** Input lines of every report in the group. */
  lines: number[];
}

/** Unordered pair of the two accesses' innermost user frames (falling back to the top frame). */
export function racePairKey(r: RaceReport, prefer?: (f: Frame) => boolean): string {
  const side = (frames: Frame[] | undefined): string => {
    if (!frames || frames.length === 0) return '?';
    const f = innermostUserFrame(frames, prefer) ?? frames[0]!;
    return `${f.func}@${frameLocation(f)}`;
  };
  const a = `${r.current.kind}:${side(r.current.frames)}`;
  const b = r.previous ? `${r.previous.kind}:${side(r.previous.frames)}` : '?';
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

export function dedupeRaces(reports: readonly RaceReport[], prefer?: (f: Frame) => boolean): RaceGroup[] {
  const groups = new Map<string, RaceGroup>();
  for (const r of reports) {
    const key = racePairKey(r, prefer);
    const g = groups.get(key);
    if (g) {
      g.count++;
      g.lines.push(r.line);
    } else groups.set(key, { key, report: r, count: 1, lines: [r.line] });
  }
  return [...groups.values()];
}

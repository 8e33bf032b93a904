// Race detector reports → deduplicated access pairs, classified: map (runtime map frames), atomic
// mixed with plain (sync/atomic on one side only), slice, struct field, captured variable, or a
// plain data race. Both accesses and both goroutine creation sites become locations.

import type { Finding, RelatedLocation } from '../../report/finding.js';
import { dedupeRaces } from '../aggregate/races.js';
import { type Frame, enclosingFunction, isClosure, shortFunc } from '../frames.js';
import { assignedExpression } from '../link/source-facts.js';
import type { RaceAccess, RaceLog, RaceReport } from '../race/model.js';
import { type DiagnoseContext, plural } from './context.js';

const MAP_FRAME = /^(?:runtime\.map(?:access|assign|delete|iter|clear)|runtime\.mapiter|internal\/runtime\/maps\.)/;

export type RaceClass = 'map' | 'atomic-mixed' | 'slice' | 'struct-field' | 'captured-variable' | 'data';

export function diagnoseRaces(log: RaceLog, ctx: DiagnoseContext): Finding[] {
  const findings: Finding[] = [];
  const groups = dedupeRaces(log.reports, ctx.linker.sourceRoot !== undefined ? ctx.linker.isSourceFrame : undefined);
  for (const group of groups) {
    const f = raceFinding(group.report, group.count, group.lines, log, ctx);
    if (f) findings.push(f);
  }
  if (log.goroutineLimitExceeded) {
    findings.push(
      ctx.finding({
        rule: 'crash-race-goroutine-limit',
        at: { file: log.input, line: log.endLine || 1 },
        message: 'the race detector died: more than 8128 goroutines were alive at once',
        artifact: { kind: 'race-report', input: log.input },
      }),
    );
  }
  return findings;
}

function isAtomic(a: RaceAccess): boolean {
  return a.kind.startsWith('atomic') || a.frames.some((f) => f.func.startsWith('sync/atomic.') || f.func.startsWith('internal/runtime/atomic.'));
}

export function classifyRace(r: RaceReport, ctx: DiagnoseContext): RaceClass {
  const sides = r.previous ? [r.current, r.previous] : [r.current];
  if (sides.some((s) => s.frames.slice(0, 2).some((f) => MAP_FRAME.test(f.func)))) return 'map';
  if (r.previous && isAtomic(r.current) !== isAtomic(r.previous)) return 'atomic-mixed';
  if (sides.some((s) => s.frames.slice(0, 2).some((f) => f.func === 'runtime.growslice' || f.func === 'runtime.slicecopy'))) return 'slice';
  const frames = sides.map((s) => ctx.userFrame(s.frames)).filter((f): f is Frame => f !== undefined);
  const texts = frames.map((f) => ctx.lineText(f));
  if (texts.some((t) => t !== undefined && /\bappend\(/.test(t))) return 'slice';
  const exprs = texts.map((t) => (t !== undefined ? assignedExpression(t) : undefined)).filter((e): e is string => e !== undefined);
  if (exprs.some((e) => /\[[^\]]*\]$/.test(e))) return 'slice';
  if (exprs.some((e) => e.includes('.'))) return 'struct-field';
  // A closure racing with its enclosing function (or with a sibling closure) shares a captured variable.
  const closures = frames.filter((f) => isClosure(f.func));
  if (closures.length > 0 && frames.length === 2) {
    const [a, b] = frames as [Frame, Frame];
    if (enclosingFunction(a.func) === enclosingFunction(b.func) && (exprs.length === 0 || exprs.every((e) => !e.includes('.')))) return 'captured-variable';
  }
  if (exprs.length === 0 && frames.some((f) => /\.\(\*?[A-Za-z_]\w*\)\./.test(f.func)) && closures.length === 0) return 'struct-field';
  return 'data';
}

const RULES: Record<RaceClass, string> = {
  map: 'race-map',
  'atomic-mixed': 'race-atomic-mixed',
  slice: 'race-slice',
  'struct-field': 'race-struct-field',
  'captured-variable': 'race-captured-variable',
  data: 'race-data',
};

const WHAT: Record<RaceClass, string> = {
  map: 'data race on a map',
  'atomic-mixed': 'atomic and plain accesses mixed',
  slice: 'data race on a slice',
  'struct-field': 'data race on a struct field',
  'captured-variable': 'data race on a variable captured by a goroutine closure',
  data: 'data race',
};

function raceFinding(r: RaceReport, count: number, lines: number[], log: RaceLog, ctx: DiagnoseContext): Finding | undefined {
  const cls = classifyRace(r, ctx);
  // Report at the plain side of an atomic/plain mix (that is the access to fix), else at the current access.
  let primary = r.current;
  let other = r.previous;
  if (cls === 'atomic-mixed' && r.previous && isAtomic(r.current)) {
    primary = r.previous;
    other = r.current;
  }
  const pf = ctx.userFrame(primary.frames);
  const of = other ? ctx.userFrame(other.frames) : undefined;
  const at = pf ?? of;
  if (!at) return undefined;
  const related: RelatedLocation[] = [];
  if (of && other) related.push(ctx.related(of, `${other === r.previous ? 'previous ' : ''}${other.kind} by ${who(other)} in ${shortFunc(of.func)}${isAtomic(other) ? ' (atomic)' : ''}`));
  else if (other?.stackLost) related.push({ file: log.input, line: r.line, column: 1, message: 'the other access\'s stack was lost (raise GORACE=history_size)' });
  for (const g of r.goroutines) {
    const cf = ctx.userFrame(g.createdAt) ?? g.createdAt[0];
    if (cf) related.push(ctx.related(cf, `goroutine ${g.id} (${g.status}) was started here`));
  }
  const desc = pf
    ? `${primary.kind} by ${who(primary)} in ${shortFunc(pf.func)}${isAtomic(primary) ? ' (atomic)' : ''}`
    : `${primary.kind} by ${who(primary)}`;
  const versus = other ? ` races with ${other === r.previous ? 'an earlier ' : ''}${other.kind} by ${who(other)}${of ? ` at ${short(of)}` : ''}${isAtomic(other) ? ' (atomic)' : ''}` : '';
  const repeats = count > 1 ? ` (${plural(count, 'report')} for this pair)` : '';
  const mapNote = cls === 'map' ? '; without -race this crashes with a fatal "concurrent map" error that recover() cannot catch' : '';
  return ctx.finding({
    rule: RULES[cls],
    at,
    message: `${WHAT[cls]}: ${desc}${versus}${repeats}${mapNote}`,
    related,
    artifact: {
      kind: 'race-report',
      input: log.input,
      inputLine: r.line,
      class: cls,
      reports: count,
      reportLines: lines.slice(0, 20),
      accesses: [r.current, ...(r.previous ? [r.previous] : [])].map((a) => ({ kind: a.kind, goroutine: a.goroutine, address: a.address })),
      ...(log.failedTests.length > 0 ? { failedTests: log.failedTests } : {}),
    },
  });
}

function who(a: RaceAccess): string {
  return a.goroutine === 'main' ? 'the main goroutine' : `goroutine ${a.goroutine}`;
}

function short(f: Frame): string {
  const slash = f.file.lastIndexOf('/');
  return `${slash < 0 ? f.file : f.file.slice(slash + 1)}:${f.line}`;
}

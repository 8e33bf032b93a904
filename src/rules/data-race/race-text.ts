// Shared wording for the data-race rules: the other accesses and the goroutines involved.

import type * as ast from '../../parse/ast.js';
import type { RelatedSpec, RuleContext } from '../../engine/rule.js';
import type { MemAccess } from '../../model/memref.js';
import type { VarRace } from '../../model/varraces.js';
import { where } from '../map-concurrency/race-report.js';

const MAX_RELATED_CONFLICTS = 3;

export function accessWord(a: MemAccess): string {
  if (a.implicit === 'return') return a.kind === 'read' ? 'returned' : 'set by the return';
  if (a.append) return 'appended to';
  return a.kind === 'write' ? 'written' : 'read';
}

/** The access on the other side of the race's first conflict. */
export function otherAccess(race: VarRace): MemAccess {
  const c = race.conflicts[0]!;
  return c.a.access === race.access ? c.b.access : c.a.access;
}

/** Related locations: the other accesses, then the goroutines that make them overlap. */
export function raceRelated(race: VarRace): RelatedSpec[] {
  const related: RelatedSpec[] = [];
  const seen = new Set<ast.Node>([race.node]);
  for (const c of race.conflicts.slice(0, MAX_RELATED_CONFLICTS)) {
    const other = c.a.access === race.access ? c.b : c.a;
    if (!seen.has(other.access.node)) {
      seen.add(other.access.node);
      const locks = other.locks.length > 0 ? ` (holding ${other.locks.map((l) => l.display).join(', ')}, which this access does not share)` : '';
      related.push({ node: other.access.node, message: `${race.name} is ${accessWord(other.access)} here${locks}` });
    }
    for (const b of c.because) {
      if (seen.has(b.node) || related.some((r) => r.node.pos === b.node.pos)) continue;
      seen.add(b.node);
      related.push({ node: b.node, message: b.message });
    }
  }
  const mine = race.conflicts[0]!.a.access === race.access ? race.conflicts[0]!.a : race.conflicts[0]!.b;
  for (const l of mine.locks) {
    if (l.at && !seen.has(l.at)) {
      seen.add(l.at);
      related.push({ node: l.at, message: `${l.display} is locked here, but not around the other access` });
    }
  }
  return related;
}

/** "line 12" of the goroutine start. */
export function goWhere(ctx: RuleContext, from: ast.Node, race: VarRace): string {
  const c = race.conflicts[0]!;
  const root = race.root ?? c.a.frame?.root ?? c.b.frame?.root;
  return root ? where(ctx, from, root.site) : 'elsewhere';
}

export const RACE_FIX_HELP =
  'guard every access to {name} with one sync.Mutex, make it an atomic type (atomic.Int64, atomic.Pointer), or give each goroutine its own copy and combine the results after wg.Wait()';

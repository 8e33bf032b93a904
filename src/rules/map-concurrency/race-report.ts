// Shared wording for the map race rules: how to name the map, the other access and the
// goroutines involved.

import type * as ast from '../../parse/ast.js';
import type { RelatedSpec, RuleContext } from '../../engine/rule.js';
import type { MapAccessRecord, MapRace } from '../../model/mapraces.js';
import type { Conflict } from '../../model/races.js';

const MAX_RELATED_CONFLICTS = 3;

/** The map operand as written in the source, shortened for messages. */
export function sourceText(ctx: RuleContext, node: ast.Node): string {
  const file = ctx.pkg.fileOfNode(node);
  if (!file) return '?';
  const text = file.src.slice(node.pos, node.end).replace(/\s+/g, ' ');
  return text.length > 40 ? text.slice(0, 37) + '...' : text;
}

/** "line 12" in the same file, "cache.go:12" elsewhere. */
export function where(ctx: RuleContext, from: ast.Node, to: ast.Node): string {
  const a = ctx.pkg.fileOfNode(from);
  const b = ctx.pkg.fileOfNode(to);
  if (!b) return 'elsewhere';
  const line = b.lines.line(to.pos);
  if (a === b) return `line ${line}`;
  return `${b.path.slice(b.path.lastIndexOf('/') + 1)}:${line}`;
}

const ACCESS_WORD: Record<MapAccessRecord['kind'], string> = { write: 'written', read: 'read', iterate: 'iterated' };

/** Related locations: the other accesses, then the goroutines that make them overlap. */
export function raceRelated(ctx: RuleContext, race: MapRace, conflicts: Conflict<MapAccessRecord>[]): RelatedSpec[] {
  const related: RelatedSpec[] = [];
  const seen = new Set<ast.Node>();
  for (const c of conflicts.slice(0, MAX_RELATED_CONFLICTS)) {
    const other = c.b.access;
    if (other.node !== race.write && !seen.has(other.node)) {
      seen.add(other.node);
      const locks = c.b.locks.length > 0 ? ` (holding ${c.b.locks.map((l) => l.display).join(', ')}, which the write does not share)` : '';
      related.push({ node: other.node, message: `${sourceText(ctx, other.target)} is ${ACCESS_WORD[other.kind]} here${locks}` });
    }
    for (const b of c.because) {
      if (seen.has(b.node) || related.some((r) => r.node.pos === b.node.pos)) continue;
      seen.add(b.node);
      related.push({ node: b.node, message: b.message });
    }
  }
  const held = conflicts[0]?.a.locks ?? [];
  for (const l of held) {
    if (l.at && !seen.has(l.at)) {
      seen.add(l.at);
      related.push({ node: l.at, message: `${l.display} is locked here, but not around the other access` });
    }
  }
  return related;
}

export const MAP_FIX_HELP =
  'guard every access to {map} with one sync.Mutex (or a sync.RWMutex: RLock for reads, Lock for writes); ' +
  'or use sync.Map (write-once/read-many or disjoint keys), a sharded map with a lock per shard, or confine the map ' +
  'to one goroutine that owns it and serves the others over a channel. The runtime aborts with a fatal error that recover cannot catch';

/** MAP_FIX_HELP in Chinese, for the map rules' zh-CN translations. */
export const MAP_FIX_HELP_ZH =
  '对 {map} 的每一次访问都用同一个 sync.Mutex 保护（或用 sync.RWMutex：读用 RLock，写用 Lock）；也可以用 sync.Map（写一次读多次，或各 goroutine 的 key 互不相交）、每个分片一把锁的分片 map，或者让一个 goroutine 独占这个 map，其他 goroutine 通过 channel 请求它。运行时发现后会以 fatal error 中止进程，recover 捕获不到';

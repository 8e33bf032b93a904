// Done and Add on each path of a function: how many more Dones than Adds the function has run
// on a WaitGroup (at least, on every path), and whether a Done is deferred. Shared by
// waitgroup-done-missing (a return with neither) and waitgroup-negative-counter (a second Done).

import type * as ast from '../../parse/ast.js';
import { isNoReturnStmt } from '../../model/calls.js';
import { runFlow } from '../../model/flow.js';
import { callsIn } from '../../model/locks.js';
import type { PackageModel } from '../../model/package.js';
import type { FuncNode } from '../../model/scope.js';
import { unparenExpr } from '../../model/typeinfo.js';
import { isWaitGroupCall, waitGroupOf } from '../../model/waitgroups.js';
import { Tok } from '../../parse/token.js';
import { inspect } from '../../parse/walk.js';

/** Per WaitGroup (by source text): Dones minus Adds run on every path (NaN: unknown), Done deferred. */
export interface Count {
  net: number;
  deferred: ast.Node | null;
  /** The last Done that made net positive, for related locations. */
  last: ast.CallExpr | null;
}
export type Counts = ReadonlyMap<string, Count>;

export interface DoneEvents {
  /** A Done (or Add(-n)) run when the counter of this function is already positive or a Done is deferred. */
  extra: { call: ast.CallExpr; wg: string; before: Count }[];
  /** Ways out of the function with their counts. */
  exits: { at: ast.ReturnStmt | ast.ExprStmt | ast.BlockStmt; kind: 'return' | 'panic' | 'end'; counts: Counts }[];
}

function srcText(pkg: PackageModel, e: ast.Node): string {
  const f = pkg.fileOfNode(e);
  return f ? f.src.slice(e.pos, e.end).replace(/\s+/g, '') : '?';
}

/** The delta of `wg.Done()` (+1 Done), `wg.Add(n)` (-n Dones) on a WaitGroup, or null. */
export function doneDelta(pkg: PackageModel, call: ast.CallExpr): { wg: string; delta: number } | null {
  if (isWaitGroupCall(pkg, call, 'Done')) return { wg: srcText(pkg, waitGroupOf(call)!), delta: 1 };
  if (!isWaitGroupCall(pkg, call, 'Add')) return null;
  const wg = srcText(pkg, waitGroupOf(call)!);
  const arg = call.args[0] ? unparenExpr(call.args[0]) : null;
  if (arg?.kind === 'BasicLit' && arg.litKind === Tok.INT) return { wg, delta: -Number(arg.value) };
  if (arg?.kind === 'UnaryExpr' && arg.op === Tok.SUB) {
    const x = unparenExpr(arg.x);
    if (x.kind === 'BasicLit' && x.litKind === Tok.INT) return { wg, delta: Number(x.value) };
  }
  return { wg, delta: NaN };
}

/** WaitGroups that a deferred statement calls Done on (`defer wg.Done()`, `defer func() { ...; wg.Done() }()`). */
function deferredDones(pkg: PackageModel, stmt: ast.DeferStmt): string[] {
  const out: string[] = [];
  inspect(stmt.call, (n) => {
    if (n.kind === 'CallExpr') {
      const d = doneDelta(pkg, n);
      if (d && d.delta === 1) out.push(d.wg);
    }
    return true;
  });
  return out;
}

export function doneEvents(pkg: PackageModel, fn: FuncNode): DoneEvents {
  return pkg.analysis(`rule:wg-dones:${fn.pos}:${pkg.fileOfNode(fn)?.path ?? ''}`, () => compute(pkg, fn));
}

function compute(pkg: PackageModel, fn: FuncNode): DoneEvents {
  const out: DoneEvents = { extra: [], exits: [] };
  if (!fn.body) return out;
  const seen = new Set<ast.CallExpr>();
  runFlow<Counts>(
    fn.body,
    new Map(),
    {
      simple(node, s) {
        if (node.kind === 'DeferStmt') {
          const wgs = deferredDones(pkg, node);
          if (wgs.length === 0) return s;
          const next = new Map(s);
          for (const wg of wgs) {
            const c = next.get(wg) ?? { net: 0, deferred: null, last: null };
            next.set(wg, { ...c, deferred: node });
          }
          return next;
        }
        if (node.kind === 'GoStmt') return s;
        let next: Map<string, Count> | null = null;
        for (const call of callsIn(node)) {
          const d = doneDelta(pkg, call);
          if (!d) continue;
          next ??= new Map(s);
          const c = next.get(d.wg) ?? { net: 0, deferred: null, last: null };
          if (d.delta > 0 && (c.net >= 1 || c.deferred) && !seen.has(call)) {
            seen.add(call);
            out.extra.push({ call, wg: d.wg, before: c });
          }
          next.set(d.wg, { net: c.net + d.delta, deferred: c.deferred, last: d.delta > 0 ? call : c.last });
        }
        return next ?? s;
      },
      join(a, b) {
        if (a === b) return a;
        const out = new Map<string, Count>();
        for (const k of new Set([...a.keys(), ...b.keys()])) {
          const x = a.get(k) ?? { net: 0, deferred: null, last: null };
          const y = b.get(k) ?? { net: 0, deferred: null, last: null };
          const net = Number.isNaN(x.net) || Number.isNaN(y.net) ? NaN : Math.min(x.net, y.net);
          out.set(k, { net, deferred: x.deferred && y.deferred ? x.deferred : null, last: x.last ?? y.last });
        }
        return out;
      },
      equal(a, b) {
        if (a.size !== b.size) return false;
        for (const [k, v] of a) {
          const o = b.get(k);
          if (!o || !Object.is(o.net, v.net) || !o.deferred !== !v.deferred) return false;
        }
        return true;
      },
      noReturn: (stmt) => isNoReturnStmt(pkg, stmt),
    },
    {
      exit(at, counts, kind) {
        out.exits.push({ at, kind, counts });
      },
    },
  );
  return out;
}

/** Done/Add calls on a WaitGroup in a function body that sit inside a loop of that body (per-item counting). */
export function countsInLoop(pkg: PackageModel, fn: FuncNode, wg: string): boolean {
  let found = false;
  const walk = (n: ast.Node, loop: boolean): void => {
    if (found) return;
    inspect(n, (m) => {
      if (found || m === n) return !found;
      if (m.kind === 'FuncLit') return false;
      if (m.kind === 'ForStmt' || m.kind === 'RangeStmt') {
        walk(m.body, true);
        return false;
      }
      if (loop && m.kind === 'CallExpr') {
        const d = doneDelta(pkg, m);
        if (d && d.wg === wg) found = true;
      }
      return true;
    });
  };
  if (fn.body) walk(fn.body, false);
  return found;
}

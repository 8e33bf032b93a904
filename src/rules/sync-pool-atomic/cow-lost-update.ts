import { callsNamed } from '../../model/calls.js';
import type * as ast from '../../parse/ast.js';
import { defineRule } from '../../engine/rule.js';
import { Concurrency } from '../../model/concurrency.js';
import { exprText } from '../../model/facts.js';
import { LockAnalysis } from '../../model/locks.js';
import { ownSynchronisation, samePath } from '../../model/memref.js';
import type { PackageModel } from '../../model/package.js';
import type { Binding, FuncNode } from '../../model/scope.js';
import { TypeInfo, unparenExpr } from '../../model/typeinfo.js';
import { deref } from '../../model/types.js';
import { inspect } from '../../parse/walk.js';
import { where } from '../map-concurrency/race-report.js';

export default defineRule({
  meta: {
    id: 'cow-lost-update',
    family: 'sync-pool-atomic',
    severity: 'warning',
    category: 'correctness',
    title: 'copy-on-write update without CompareAndSwap or a writer lock',
    docs: {
      why:
        'Copy-on-write behind atomic.Value or atomic.Pointer gives readers a lock-free snapshot, but the update ' +
        '(Load the current snapshot, copy it, change the copy, Store it) is three steps. Two writers can Load the ' +
        'same snapshot; each stores its own copy, and the later Store silently discards the other\'s change. ' +
        'Writers must be serialised by a mutex (readers stay lock-free), or retry with CompareAndSwap until no other ' +
        'writer got in between.\n\nNothing is reported when the writer holds a lock (including ...Locked helpers only called ' +
        'with it held), when the same value is also updated with CompareAndSwap/Swap, when the stored value is not built ' +
        'from the loaded snapshot, or in init functions.',
      bad: `package p

import "sync/atomic"

type Routes struct{ table atomic.Pointer[map[string]string] }

func (r *Routes) Lookup(host string) string { return (*r.table.Load())[host] }

func (r *Routes) Set(host, backend string) {
	cur := r.table.Load()
	next := make(map[string]string, len(*cur)+1)
	for k, v := range *cur {
		next[k] = v
	}
	next[host] = backend
	r.table.Store(&next)
}
`,
      good: `package p

import (
	"sync"
	"sync/atomic"
)

type Routes struct {
	mu    sync.Mutex // serialises writers; readers never take it
	table atomic.Pointer[map[string]string]
}

func (r *Routes) Lookup(host string) string { return (*r.table.Load())[host] }

func (r *Routes) Set(host, backend string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	cur := r.table.Load()
	next := make(map[string]string, len(*cur)+1)
	for k, v := range *cur {
		next[k] = v
	}
	next[host] = backend
	r.table.Store(&next)
}
`,
      fix: 'Take a mutex around Load → copy → Store (only writers take it), or loop: Load, copy, and CompareAndSwap(old, new) until it succeeds.',
      seeAlso: ['seed 004 §4.3: copy-on-write map', 'https://pkg.go.dev/sync/atomic#Value (the copy-on-write example holds a mutex for writers)'],
    },
    messages: {
      lost: 'copy-on-write update of {v} without CompareAndSwap or a writer lock: two writers can Load the same snapshot (at {load}) and the later Store discards the other\'s change',
    },
    help: { lost: 'hold a mutex from the Load to the Store (readers stay lock-free), or retry with {v}.CompareAndSwap(old, new) until it succeeds' },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '没有 CAS 或写者锁的写时复制更新会丢失更新',
        why: '基于 atomic.Value 或 atomic.Pointer 的写时复制（copy-on-write）让读者无锁地拿到快照，但更新（Load 当前快照、复制、修改副本、Store）是三个步骤。两个写者可能 Load 到同一个快照，各自存入自己的副本，后 Store 的一方会悄悄丢弃另一方的修改。写者之间必须用 mutex 串行化（读者仍然无锁），或者用 CompareAndSwap 重试，直到中间没有其他写者插入。\n\n以下情况不报告：写者持有锁（包括只在持锁时被调用的 ...Locked 辅助函数）；同一个值上使用了 CompareAndSwap/Swap；Store 的新值并不是从 Load 到的快照构造出来的；init 函数。',
        fix: '在 Load 到 Store 之间持有一把 mutex（只有写者需要拿，读者仍然无锁），或者循环执行：Load、复制、CompareAndSwap(old, new)，直到成功。',
        messages: {
          lost: '对 {v} 的写时复制更新既没有 CompareAndSwap 也没有写者锁：两个写者可能 Load 到同一个快照（在 {load}），后一次 Store 会丢弃另一方的修改',
        },
        help: {
          lost: '从 Load 到 Store 持有一把 mutex（读者仍然无锁），或者用 {v}.CompareAndSwap(old, new) 重试直到成功',
        },
      },
    },
    since: '0.1.0',
    mentions: ['.Store('],
  },
  checkPackage(ctx) {
    const pkg = ctx.pkg;
    // the runtime and package sync lock with their own primitives, which the lock model does not see
    if (ownSynchronisation(pkg)) return;
    const ti = TypeInfo.of(pkg);
    const locks = LockAnalysis.of(pkg);
    const conc = Concurrency.of(pkg);
    const cells = (call: ast.CallExpr, name: string): ast.Expr | null => {
      const fun = unparenExpr(call.fun);
      if (fun.kind !== 'SelectorExpr' || fun.sel.name !== name) return null;
      const t = deref(ti.typeOf(fun.x));
      return t.k === 'named' && t.pkg === 'sync/atomic' && (t.name === 'Value' || t.name === 'Pointer') ? fun.x : null;
    };
    const byFn = new Map<FuncNode, { loads: { call: ast.CallExpr; cell: ast.Expr }[]; stores: { call: ast.CallExpr; cell: ast.Expr }[]; cas: ast.Expr[] }>();
    for (const call of callsNamed(pkg, { selector: ['Load', 'Store', 'CompareAndSwap', 'Swap'] })) {
      const load = cells(call, 'Load');
      const store = load ? null : cells(call, 'Store');
      const cas = load || store ? null : cells(call, 'CompareAndSwap') ?? cells(call, 'Swap');
      if (!load && !store && !cas) continue;
      const fn = outerFunc(call);
      if (!fn) continue;
      let e = byFn.get(fn);
      if (!e) byFn.set(fn, (e = { loads: [], stores: [], cas: [] }));
      if (load) e.loads.push({ call, cell: load });
      if (store) e.stores.push({ call, cell: store });
      if (cas) e.cas.push(cas);
    }
    for (const [fn, { loads, stores, cas }] of byFn) {
      if (fn.kind === 'FuncDecl' && fn.recv === null && fn.name.name === 'init') continue;
      for (const store of stores) {
        if (cas.some((c) => samePath(pkg, c, store.cell))) continue;
        const load = loads.find((l) => l.call.pos < store.call.pos && samePath(pkg, l.cell, store.cell));
        if (!load || !copiesFrom(pkg, fn, load.call, store.call)) continue;
        const storeFn = innerFunc(store.call);
        if (storeFn && locks.at(storeFn, store.call).length > 0) continue;
        if (fn.kind === 'FuncDecl' && calledUnderLock(pkg, conc, locks, fn)) continue;
        const v = exprText(unparenExpr(store.cell));
        ctx.report({
          node: store.call,
          messageId: 'lost',
          data: { v, load: where(ctx, store.call, load.call) },
          related: [{ node: load.call, message: `the snapshot is loaded here; another writer may store between this Load and the Store` }],
        });
      }
    }
  },
});

function innerFunc(node: ast.Node): FuncNode | null {
  for (let n = node.parent; n !== undefined; n = n.parent) if (n.kind === 'FuncLit' || n.kind === 'FuncDecl') return n;
  return null;
}

/** The declared function (a Load/Store pair may sit in a closure of it). */
function outerFunc(node: ast.Node): FuncNode | null {
  let f: FuncNode | null = null;
  for (let n = node.parent; n !== undefined; n = n.parent) if (n.kind === 'FuncLit' || n.kind === 'FuncDecl') f = n;
  return f;
}

/**
 * The stored value is built from the loaded snapshot: the Store's argument mentions the loaded
 * variable or a variable assigned, ranged, appended or copied from it between the Load and the
 * Store. A check of the old value followed by a fresh replacement loses nothing.
 */
function copiesFrom(pkg: PackageModel, fn: FuncNode, load: ast.CallExpr, store: ast.CallExpr): boolean {
  const held = loadedInto(pkg, load);
  if (held === null) {
    // used inline: `for k, v := range *r.table.Load()`
    for (let n = load.parent; n !== undefined && n !== fn; n = n.parent) if (n.kind === 'RangeStmt' || n.kind === 'CallExpr') return true;
    return false;
  }
  // the bindings whose value is built from the snapshot, in source order between Load and Store
  const derived = new Set<Binding>([held]);
  const mentions = (e: ast.Node | null | undefined): boolean => {
    if (!e) return false;
    let hit = false;
    inspect(e, (n) => {
      if (hit) return false;
      if (n.kind === 'Ident') {
        const b = pkg.bindingOf(n);
        if (b && derived.has(b) && n !== b.ident) hit = true;
      }
      return true;
    });
    return hit;
  };
  const taint = (l: ast.Expr): void => {
    let x = unparenExpr(l);
    while (x.kind === 'SelectorExpr' || x.kind === 'IndexExpr' || x.kind === 'StarExpr') x = unparenExpr(x.x);
    const b = x.kind === 'Ident' ? pkg.bindingOf(x) : undefined;
    if (b?.kind === 'var') derived.add(b);
  };
  inspect(fn, (n) => {
    if (n.end <= load.end || n.pos >= store.pos) return n.pos < store.pos && n.end > load.end;
    if (n.kind === 'AssignStmt' && n.rhs.some((r) => mentions(r))) n.lhs.forEach(taint);
    if (n.kind === 'ValueSpec' && n.values.some((r) => mentions(r))) n.names.forEach(taint);
    if (n.kind === 'RangeStmt' && mentions(n.x)) {
      if (n.key) taint(n.key);
      if (n.value) taint(n.value);
    }
    // next.add(old...), copy(next, old)
    if (n.kind === 'CallExpr' && n.args.some((a) => mentions(a))) {
      const fun = unparenExpr(n.fun);
      if (fun.kind === 'SelectorExpr') taint(fun.x);
      else if (n.args[0] && fun.kind === 'Ident' && fun.name === 'copy') taint(n.args[0]);
    }
    return true;
  });
  return store.args.some((a) => mentions(a));
}

function loadedInto(pkg: PackageModel, load: ast.CallExpr): Binding | null {
  let node: ast.Node = load;
  let p = node.parent;
  while (p && (p.kind === 'ParenExpr' || p.kind === 'TypeAssertExpr' || p.kind === 'StarExpr')) {
    node = p;
    p = p.parent;
  }
  if (p?.kind !== 'AssignStmt') return null;
  const i = p.rhs.indexOf(node as ast.Expr);
  const l = i >= 0 ? p.lhs[i] : undefined;
  const b = l?.kind === 'Ident' ? pkg.bindingOf(l) : undefined;
  return b?.kind === 'var' ? b : null;
}

/** Every call of the function in this package holds a lock (a helper of a locked writer). */
function calledUnderLock(pkg: PackageModel, conc: Concurrency, locks: LockAnalysis, fn: ast.FuncDecl): boolean {
  if (/[a-z]Locked$|^locked/.test(fn.name.name)) return true;
  const name = fn.name.name;
  const sites = callsNamed(pkg, { selector: [name], plain: [name], other: true }).filter((c) => TypeInfo.of(pkg).callee(c) === fn);
  if (sites.length === 0) return false;
  return sites.every((s) => {
    const caller = conc.enclosingFunc(s);
    return caller !== null && locks.at(caller, s).length > 0;
  });
}

// Per-function facts usable across the files of a package, computed once and shared: which
// parameters a function (transitively) closes, sends on, receives from or calls Done on, and
// whether it may block (with the operation that blocks, for messages). Lock effects live in
// locks.ts (LockAnalysis.effectOf).

import type * as ast from '../parse/ast.js';
import { Tok } from '../parse/token.js';
import { inspect } from '../parse/walk.js';
import { BLOCKING_FUNCS, BLOCKING_METHODS, type BlockingKind } from '../knowledge/blocking.js';
import { builtinName } from './calls.js';
import { chanOpsIn } from './channels.js';
import type { PackageModel } from './package.js';
import type { Binding, FuncNode } from './scope.js';
import { TypeInfo, unparenExpr } from './typeinfo.js';
import { deref } from './types.js';

export interface BlockingOp {
  node: ast.Node;
  kind: BlockingKind | 'send' | 'recv' | 'select';
  /** Short description: "time.Sleep", "send on ch", "wg.Wait()". */
  what: string;
}

export interface FuncFacts {
  /** Parameter index (receiver is -1) → what the function does with that channel/WaitGroup. */
  closes: Set<number>;
  sends: Set<number>;
  receives: Set<number>;
  callsDone: Set<number>;
  /** The first operation that may block the caller, directly or through a call; null if none. */
  blocks: BlockingOp | null;
}

const EMPTY: FuncFacts = Object.freeze({ closes: new Set(), sends: new Set(), receives: new Set(), callsDone: new Set(), blocks: null }) as FuncFacts;

export class Facts {
  private readonly memo = new Map<FuncNode, FuncFacts>();
  private readonly computing = new Set<FuncNode>();

  private constructor(private readonly pkg: PackageModel) {}

  static of(pkg: PackageModel): Facts {
    return pkg.analysis('facts', (p) => new Facts(p));
  }

  of(fn: FuncNode): FuncFacts {
    const cached = this.memo.get(fn);
    if (cached) return cached;
    if (this.computing.has(fn)) return EMPTY; // recursion: assume nothing more
    this.computing.add(fn);
    try {
      const facts = this.compute(fn);
      this.memo.set(fn, facts);
      return facts;
    } finally {
      this.computing.delete(fn);
    }
  }

  /** The operation by which a call may block, looking into package functions. */
  blockingCall(call: ast.CallExpr): BlockingOp | null {
    const pkg = this.pkg;
    const ti = TypeInfo.of(pkg);
    const q = ti.qualifiedCallee(call);
    if (q !== null) {
      const kind = BLOCKING_FUNCS.get(q);
      return kind ? { node: call, kind, what: q.slice(q.lastIndexOf('/') + 1) } : null;
    }
    const fun = unparenExpr(call.fun);
    if (fun.kind === 'SelectorExpr') {
      const recv = deref(ti.typeOf(fun.x));
      if (recv.k === 'named' && recv.pkg !== '') {
        const kind = BLOCKING_METHODS.get(`${recv.pkg}.${recv.name}.${fun.sel.name}`);
        if (kind) return { node: call, kind, what: `${exprText(fun.x)}.${fun.sel.name}()` };
      }
    }
    const callee = ti.callee(call);
    if (callee) {
      const inner = this.of(callee).blocks;
      if (inner) return { node: call, kind: inner.kind, what: `${callee.name.name}() (${inner.what})` };
    }
    return null;
  }

  private compute(fn: FuncNode): FuncFacts {
    const pkg = this.pkg;
    const facts: FuncFacts = { closes: new Set(), sends: new Set(), receives: new Set(), callsDone: new Set(), blocks: null };
    if (!fn.body) return facts;
    const params = paramIndex(pkg, fn);
    const indexOf = (e: ast.Expr): number | undefined => {
      const x = unparenExpr(e);
      const base = x.kind === 'UnaryExpr' || x.kind === 'StarExpr' ? unparenExpr(x.x) : x;
      if (base.kind !== 'Ident') return undefined;
      const b = pkg.bindingOf(base);
      return b ? params.get(b) : undefined;
    };
    for (const op of chanOpsIn(pkg, fn)) {
      const i = indexOf(op.chan);
      if (i !== undefined) {
        if (op.kind === 'close') facts.closes.add(i);
        else if (op.kind === 'send') facts.sends.add(i);
        else facts.receives.add(i);
      }
      if (!facts.blocks && !op.nonBlocking && op.kind !== 'close') {
        facts.blocks = { node: op.node, kind: op.kind === 'send' ? 'send' : 'recv', what: `${op.kind === 'send' ? 'send on' : 'receive from'} ${exprText(op.chan)}` };
      }
    }
    const ti = TypeInfo.of(pkg);
    inspect(fn.body, (n) => {
      if (n.kind === 'FuncLit' || n.kind === 'GoStmt') return false;
      if (n.kind === 'SelectStmt' && !facts.blocks && !n.body.list.some((c) => c.kind === 'CommClause' && c.comm === null)) {
        facts.blocks = { node: n, kind: 'select', what: 'select' };
      }
      if (n.kind !== 'CallExpr') return true;
      const fun = unparenExpr(n.fun);
      if (fun.kind === 'SelectorExpr' && fun.sel.name === 'Done' && n.args.length === 0) {
        const i = indexOf(fun.x);
        if (i !== undefined) facts.callsDone.add(i);
      }
      if (!facts.blocks) facts.blocks = this.blockingCall(n);
      // facts of callees flow back through the arguments they were given
      const callee = ti.callee(n);
      if (callee && builtinName(pkg, n) === null) {
        const inner = this.of(callee);
        n.args.forEach((arg, j) => {
          const i = indexOf(arg);
          if (i === undefined) return;
          if (inner.closes.has(j)) facts.closes.add(i);
          if (inner.sends.has(j)) facts.sends.add(i);
          if (inner.receives.has(j)) facts.receives.add(i);
          if (inner.callsDone.has(j)) facts.callsDone.add(i);
        });
      }
      return true;
    });
    return facts;
  }
}

/** Parameter bindings of a function by index; the receiver is -1. */
export function paramIndex(pkg: PackageModel, fn: FuncNode): Map<Binding, number> {
  const out = new Map<Binding, number>();
  let i = 0;
  for (const f of fn.type.params.list) {
    if (f.names.length === 0) i++;
    for (const n of f.names) {
      const b = pkg.bindingOf(n);
      if (b) out.set(b, i);
      i++;
    }
  }
  if (fn.kind === 'FuncDecl' && fn.recv) {
    const r = fn.recv.list[0]?.names[0];
    const b = r ? pkg.bindingOf(r) : undefined;
    if (b) out.set(b, -1);
  }
  return out;
}

/** Short source-like text of a simple expression, for messages. */
export function exprText(e: ast.Expr): string {
  const x = unparenExpr(e);
  switch (x.kind) {
    case 'Ident':
      return x.name;
    case 'SelectorExpr':
      return `${exprText(x.x)}.${x.sel.name}`;
    case 'StarExpr':
      return `*${exprText(x.x)}`;
    case 'IndexExpr':
      return `${exprText(x.x)}[...]`;
    case 'CallExpr':
      return `${exprText(x.fun)}(...)`;
    case 'UnaryExpr':
      return x.op === Tok.ARROW ? `<-${exprText(x.x)}` : exprText(x.x);
    default:
      return '...';
  }
}

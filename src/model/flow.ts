// A forward dataflow interpreter over a function body's statement structure. Rules and
// analyses supply a domain (state, join, effect of a simple statement); the interpreter handles
// sequencing, branches, loops to a fixpoint, switch/select, break/continue/goto/labels, return,
// and calls that never return. Hooks see each statement with its entry state and each exit of
// the function with the state there (reported once, after loops have converged).

import type * as ast from '../parse/ast.js';
import { Tok } from '../parse/token.js';

export interface FlowDomain<S> {
  /** Effect of a statement that has no sub-statements (or of a condition/header expression). */
  simple(node: ast.Stmt | ast.Expr, state: S): S;
  join(a: S, b: S): S;
  equal(a: S, b: S): boolean;
  /** True when evaluating this expression statement never returns (panic, os.Exit, t.Fatal...). */
  noReturn?(stmt: ast.ExprStmt): boolean;
  /** Entry of a select/switch case body, e.g. to record what a comm clause received. */
  enterClause?(clause: ast.CaseClause | ast.CommClause, state: S): S;
  /** True for a loop that only ends through break/return (besides `for {}`), e.g. a range over a ticker's channel. */
  endless?(loop: ast.ForStmt | ast.RangeStmt): boolean;
  /** Start of each iteration of a loop body (after its condition), e.g. a range receiving one more value. */
  iterate?(loop: ast.ForStmt | ast.RangeStmt, state: S): S;
  /** A loop that ends by its own condition (not by break), e.g. a range over a channel that was closed. */
  loopDone?(loop: ast.ForStmt | ast.RangeStmt, state: S): S;
  /** The value the domain takes an `if` condition to have (only that branch runs), or null for both. */
  assume?(cond: ast.Expr, then: ast.BlockStmt): boolean | null;
}

export interface FlowHooks<S> {
  /** Each statement with the state on entry (after convergence). */
  before?(stmt: ast.Stmt, state: S): void;
  /** Each way out of the function: a return statement, a no-return call, or the end of the body. */
  exit?(at: ast.ReturnStmt | ast.ExprStmt | ast.BlockStmt, state: S, kind: 'return' | 'panic' | 'end'): void;
}

/** Marks "control does not reach here". */
const UNREACHABLE = Symbol('unreachable');
type Flow<S> = S | typeof UNREACHABLE;

interface JumpTargets<S> {
  label: string | null;
  breaks: S[];
  continues: S[];
  isLoop: boolean;
}

const MAX_LOOP_ITERATIONS = 4;

export function runFlow<S>(body: ast.BlockStmt, entry: S, domain: FlowDomain<S>, hooks: FlowHooks<S> = {}): void {
  new Interpreter(domain, hooks).run(body, entry);
}

class Interpreter<S> {
  private quiet = 0;
  private readonly targets: JumpTargets<S>[] = [];
  private pendingLabel: string | null = null;

  constructor(
    private readonly d: FlowDomain<S>,
    private readonly hooks: FlowHooks<S>,
  ) {}

  run(body: ast.BlockStmt, entry: S): void {
    const end = this.block(body.list, entry);
    if (end !== UNREACHABLE && this.hooks.exit && this.quiet === 0) this.hooks.exit(body, end, 'end');
  }

  private join(a: Flow<S>, b: Flow<S>): Flow<S> {
    if (a === UNREACHABLE) return b;
    if (b === UNREACHABLE) return a;
    return this.d.join(a, b);
  }

  private joinAll(states: Flow<S>[]): Flow<S> {
    let acc: Flow<S> = UNREACHABLE;
    for (const s of states) acc = this.join(acc, s);
    return acc;
  }

  private block(list: readonly ast.Stmt[], s: Flow<S>): Flow<S> {
    for (const stmt of list) {
      if (s === UNREACHABLE) {
        // code after a return is unreachable, but a label makes it a jump target again
        if (stmt.kind !== 'LabeledStmt') continue;
      }
      s = this.stmt(stmt, s);
    }
    return s;
  }

  private stmt(stmt: ast.Stmt, s: Flow<S>): Flow<S> {
    if (s !== UNREACHABLE && this.hooks.before && this.quiet === 0) this.hooks.before(stmt, s);
    switch (stmt.kind) {
      case 'BlockStmt':
        return this.block(stmt.list, s);
      case 'LabeledStmt': {
        this.pendingLabel = stmt.label.name;
        return this.stmt(stmt.stmt, s);
      }
      case 'ReturnStmt': {
        if (s === UNREACHABLE) return s;
        const after = this.d.simple(stmt, s);
        if (this.hooks.exit && this.quiet === 0) this.hooks.exit(stmt, after, 'return');
        return UNREACHABLE;
      }
      case 'BranchStmt':
        return this.branch(stmt, s);
      case 'IfStmt':
        return this.ifStmt(stmt, s);
      case 'ForStmt':
      case 'RangeStmt':
        return this.loop(stmt, s);
      case 'SwitchStmt':
      case 'TypeSwitchStmt':
        return this.switchStmt(stmt, s);
      case 'SelectStmt':
        return this.selectStmt(stmt, s);
      case 'ExprStmt': {
        if (s === UNREACHABLE) return s;
        const after = this.d.simple(stmt, s);
        if (this.d.noReturn?.(stmt)) {
          if (this.hooks.exit && this.quiet === 0) this.hooks.exit(stmt, after, 'panic');
          return UNREACHABLE;
        }
        return after;
      }
      case 'CaseClause':
      case 'CommClause':
        return s; // visited through their parent
      default:
        return s === UNREACHABLE ? s : this.d.simple(stmt, s);
    }
  }

  private takeLabel(): string | null {
    const l = this.pendingLabel;
    this.pendingLabel = null;
    return l;
  }

  private branch(stmt: ast.BranchStmt, s: Flow<S>): Flow<S> {
    if (s === UNREACHABLE) return s;
    if (stmt.tok === Tok.FALLTHROUGH) return s; // handled by switchStmt
    if (stmt.tok === Tok.GOTO) return UNREACHABLE; // target unknown to this structured walk
    const label = stmt.label?.name ?? null;
    for (let i = this.targets.length - 1; i >= 0; i--) {
      const t = this.targets[i]!;
      if (label !== null ? t.label === label : stmt.tok === Tok.BREAK || t.isLoop) {
        if (stmt.tok === Tok.CONTINUE) {
          if (!t.isLoop) continue;
          t.continues.push(s);
        } else {
          t.breaks.push(s);
        }
        return UNREACHABLE;
      }
    }
    return UNREACHABLE;
  }

  private ifStmt(stmt: ast.IfStmt, s: Flow<S>): Flow<S> {
    this.takeLabel();
    if (s === UNREACHABLE) return s;
    if (stmt.init) s = this.stmt(stmt.init, s);
    if (s === UNREACHABLE) return s;
    const afterCond = this.d.simple(stmt.cond, s);
    const assumed = this.d.assume?.(stmt.cond, stmt.body) ?? null;
    if (assumed === true) return this.block(stmt.body.list, afterCond);
    if (assumed === false) return stmt.else ? this.stmt(stmt.else, afterCond) : afterCond;
    const thenEnd = this.block(stmt.body.list, afterCond);
    const elseEnd = stmt.else ? this.stmt(stmt.else, afterCond) : afterCond;
    return this.join(thenEnd, elseEnd);
  }

  private loop(stmt: ast.ForStmt | ast.RangeStmt, s: Flow<S>): Flow<S> {
    const label = this.takeLabel();
    if (s === UNREACHABLE) return s;
    let entry: Flow<S> = s;
    if (stmt.kind === 'ForStmt' && stmt.init) entry = this.stmt(stmt.init, entry);
    if (entry === UNREACHABLE) return entry;
    if (stmt.kind === 'RangeStmt') entry = this.d.simple(stmt.x, entry);
    const infinite = (stmt.kind === 'ForStmt' && stmt.cond === null) || (this.d.endless?.(stmt) ?? false);

    // Iterate quietly to a fixpoint of the loop head, then once more with hooks on.
    let head: S = entry;
    this.quiet++;
    for (let i = 0; i < MAX_LOOP_ITERATIONS; i++) {
      const back = this.loopBody(stmt, head, label).back;
      const next = back === UNREACHABLE ? entry : this.d.join(entry, back);
      if (this.d.equal(next, head)) break;
      head = next;
    }
    this.quiet--;
    const { breaks } = this.loopBody(stmt, head, label);
    let condFalse: Flow<S> = infinite ? UNREACHABLE : stmt.kind === 'ForStmt' && stmt.cond ? this.d.simple(stmt.cond, head) : head;
    if (condFalse !== UNREACHABLE && this.d.loopDone) condFalse = this.d.loopDone(stmt, condFalse);
    return this.joinAll([condFalse, ...breaks]);
  }

  private loopBody(stmt: ast.ForStmt | ast.RangeStmt, head: S, label: string | null): { back: Flow<S>; breaks: S[] } {
    const target: JumpTargets<S> = { label, breaks: [], continues: [], isLoop: true };
    this.targets.push(target);
    let s: Flow<S> = head;
    if (stmt.kind === 'ForStmt' && stmt.cond) s = this.d.simple(stmt.cond, s);
    if (this.d.iterate && s !== UNREACHABLE) s = this.d.iterate(stmt, s);
    let end = this.block(stmt.body.list, s);
    this.targets.pop();
    end = this.joinAll([end, ...target.continues]);
    if (end !== UNREACHABLE && stmt.kind === 'ForStmt' && stmt.post) end = this.stmt(stmt.post, end);
    return { back: end, breaks: target.breaks };
  }

  private switchStmt(stmt: ast.SwitchStmt | ast.TypeSwitchStmt, s: Flow<S>): Flow<S> {
    const label = this.takeLabel();
    if (s === UNREACHABLE) return s;
    if (stmt.init) s = this.stmt(stmt.init, s);
    if (s === UNREACHABLE) return s;
    if (stmt.kind === 'SwitchStmt' && stmt.tag) s = this.d.simple(stmt.tag, s);
    if (stmt.kind === 'TypeSwitchStmt') s = this.d.simple(stmt.assign, s);
    const target: JumpTargets<S> = { label, breaks: [], continues: [], isLoop: false };
    this.targets.push(target);
    const ends: Flow<S>[] = [];
    let hasDefault = false;
    let fallIn: Flow<S> = UNREACHABLE;
    for (const c of stmt.body.list) {
      if (c.kind !== 'CaseClause') continue;
      if (c.isDefault) hasDefault = true;
      let cs: Flow<S> = s;
      for (const e of c.list) cs = cs === UNREACHABLE ? cs : this.d.simple(e, cs);
      cs = this.join(cs, fallIn);
      if (cs !== UNREACHABLE && this.d.enterClause) cs = this.d.enterClause(c, cs);
      const end = this.block(c.body, cs);
      const last = c.body[c.body.length - 1];
      if (last?.kind === 'BranchStmt' && last.tok === Tok.FALLTHROUGH) {
        fallIn = end;
      } else {
        fallIn = UNREACHABLE;
        ends.push(end);
      }
    }
    this.targets.pop();
    if (!hasDefault) ends.push(s);
    return this.joinAll([...ends, ...target.breaks]);
  }

  private selectStmt(stmt: ast.SelectStmt, s: Flow<S>): Flow<S> {
    const label = this.takeLabel();
    if (s === UNREACHABLE) return s;
    const target: JumpTargets<S> = { label, breaks: [], continues: [], isLoop: false };
    this.targets.push(target);
    const ends: Flow<S>[] = [];
    for (const c of stmt.body.list) {
      if (c.kind !== 'CommClause') continue;
      let cs: Flow<S> = s;
      if (c.comm) cs = this.stmt(c.comm, cs);
      if (cs !== UNREACHABLE && this.d.enterClause) cs = this.d.enterClause(c, cs);
      ends.push(this.block(c.body, cs));
    }
    this.targets.pop();
    // `select {}` blocks forever: nothing flows past it
    return this.joinAll([...ends, ...target.breaks]);
  }
}

// Memory accesses per function: reads, writes and iterations of maps and variables, each with
// a symbolic location (a variable, a struct field of a named type, or what a parameter was
// bound to at a call) so that accesses in different functions and goroutines can be compared.

import type * as ast from '../parse/ast.js';
import { Tok } from '../parse/token.js';
import { inspect } from '../parse/walk.js';
import { builtinName } from './calls.js';
import type { PackageModel } from './package.js';
import type { Binding, FuncNode } from './scope.js';
import { TypeInfo, unparenExpr } from './typeinfo.js';
import { deref, type LType } from './types.js';

/** A place in memory, named independently of the function that touches it. */
export type Location =
  | { k: 'var'; binding: Binding }
  /** Field `field` of any value of the named type `owner` (this package). */
  | { k: 'field'; owner: string; field: string; rw?: never }
  /** The address of a location (`&x`), as passed to a pointer parameter. */
  | { k: 'addr'; of: Location };

export function locationKey(l: Location): string {
  switch (l.k) {
    case 'var':
      return `var:${l.binding.id}`;
    case 'field':
      return `field:${l.owner}.${l.field}`;
    case 'addr':
      return `addr:${locationKey(l.of)}`;
  }
}

export function locationName(l: Location): string {
  switch (l.k) {
    case 'var':
      return l.binding.name;
    case 'field':
      return `${l.owner}.${l.field}`;
    case 'addr':
      return `&${locationName(l.of)}`;
  }
}

export type MapAccessKind = 'write' | 'read' | 'iterate';
export type MapOp = 'assign' | 'incdec' | 'delete' | 'clear' | 'index' | 'len' | 'range';

export interface MapAccess {
  kind: MapAccessKind;
  op: MapOp;
  /** The smallest node that performs the access: `m[k]`, `delete(...)`, the range header. */
  node: ast.Node;
  /** The map operand. */
  map: ast.Expr;
  fn: FuncNode;
}

/** Map operations in a function body, not entering nested function literals. */
export function mapAccessesIn(pkg: PackageModel, fn: FuncNode): MapAccess[] {
  const ti = TypeInfo.of(pkg);
  const out: MapAccess[] = [];
  if (!fn.body) return out;
  const isMapExpr = (e: ast.Expr): boolean => isMapType(ti, ti.typeOf(e));
  const writes = new Set<ast.Node>();
  inspect(fn.body, (n) => {
    switch (n.kind) {
      case 'FuncLit':
        return false;
      case 'AssignStmt':
        for (const l of n.lhs) {
          const x = unparenExpr(l);
          if (x.kind === 'IndexExpr' && isMapExpr(x.x)) {
            out.push({ kind: 'write', op: 'assign', node: x, map: x.x, fn });
            writes.add(x);
            // m[k] op= v also reads, but the write is what matters
          }
        }
        return true;
      case 'IncDecStmt': {
        const x = unparenExpr(n.x);
        if (x.kind === 'IndexExpr' && isMapExpr(x.x)) {
          out.push({ kind: 'write', op: 'incdec', node: x, map: x.x, fn });
          writes.add(x);
        }
        return true;
      }
      case 'CallExpr': {
        const b = builtinName(pkg, n);
        if ((b === 'delete' || b === 'clear') && n.args[0] && isMapExpr(n.args[0])) {
          out.push({ kind: 'write', op: b, node: n, map: n.args[0], fn });
        } else if (b === 'len' && n.args[0] && isMapExpr(n.args[0])) {
          out.push({ kind: 'read', op: 'len', node: n, map: n.args[0], fn });
        }
        return true;
      }
      case 'RangeStmt':
        if (isMapExpr(n.x)) out.push({ kind: 'iterate', op: 'range', node: n, map: n.x, fn });
        return true;
      case 'IndexExpr':
        if (!writes.has(n) && isMapExpr(n.x)) out.push({ kind: 'read', op: 'index', node: n, map: n.x, fn });
        return true;
      default:
        return true;
    }
  });
  return out;
}

export function isMapType(ti: TypeInfo, t: LType): boolean {
  return ti.underlying(t).k === 'map';
}

/**
 * Symbolic location of an expression. `subst` maps parameter bindings to what the caller
 * passed. Local aliases (`m := s.items`) are followed.
 */
export function locate(pkg: PackageModel, e: ast.Expr, subst?: ReadonlyMap<number, Location>, depth = 0): Location | null {
  if (depth > 6) return null;
  const x = unparenExpr(e);
  const ti = TypeInfo.of(pkg);
  switch (x.kind) {
    case 'Ident': {
      const b = pkg.bindingOf(x);
      if (!b || b.kind !== 'var') return null;
      const bound = subst?.get(b.id);
      if (bound) return bound;
      // follow a local alias of another location: m := s.items
      if (b.role === 'local' && b.source.k === 'init' && !b.source.ofTuple) {
        const init = unparenExpr(b.source.expr);
        if (init.kind === 'SelectorExpr' || (init.kind === 'Ident' && init !== x)) {
          const aliased = locate(pkg, init, subst, depth + 1);
          if (aliased && aliased.k !== 'var') return aliased;
          if (aliased && aliased.binding.role !== 'local') return aliased;
        }
      }
      return { k: 'var', binding: b };
    }
    case 'SelectorExpr': {
      if (x.x.kind === 'Ident' && pkg.bindingOf(x.x)?.kind === 'import') return null;
      const owner = deref(ti.typeOf(x.x));
      const f = ti.field(owner, x.sel.name);
      if (f?.owner) return { k: 'field', owner: f.owner, field: x.sel.name };
      return null;
    }
    case 'StarExpr': {
      const inner = locate(pkg, x.x, subst, depth + 1);
      return inner?.k === 'addr' ? inner.of : inner;
    }
    case 'UnaryExpr': {
      if (x.op !== Tok.AND) return null;
      const inner = locate(pkg, x.x, subst, depth + 1);
      return inner ? { k: 'addr', of: inner } : null;
    }
    default:
      return null;
  }
}

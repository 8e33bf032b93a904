// Light types: just enough of Go's type system for concurrency rules (is this a map, a channel
// and its buffer, a sync.Mutex, a context.CancelFunc, a *time.Ticker, a C value...), inferred
// without a type checker. Unknown is always a valid answer; rules treat it as "don't know".

import type * as ast from '../parse/ast.js';
import { ChanDir } from '../parse/ast.js';

export type LType =
  | { k: 'unknown' }
  | { k: 'basic'; name: string }
  | { k: 'map'; key: LType; elem: LType }
  | { k: 'chan'; dir: ChanDir; elem: LType }
  | { k: 'slice'; elem: LType }
  | { k: 'array'; elem: LType; len: number | null }
  | { k: 'ptr'; elem: LType }
  | { k: 'func'; params: LType[]; results: LType[]; variadic: boolean }
  | { k: 'struct'; node: ast.StructType | null }
  | { k: 'iface'; node: ast.InterfaceType | null }
  /** A named type: `pkg` is an import path ('' for this package, 'C' for cgo). */
  | { k: 'named'; pkg: string; name: string }
  /** Several values, as returned by a call. */
  | { k: 'tuple'; items: LType[] };

export const UNKNOWN: LType = Object.freeze({ k: 'unknown' });

export function named(pkg: string, name: string): LType {
  return { k: 'named', pkg, name };
}

export function ptr(elem: LType): LType {
  return { k: 'ptr', elem };
}

export function tuple(...items: LType[]): LType {
  return { k: 'tuple', items };
}

export function isNamed(t: LType, pkg: string, name: string): boolean {
  return t.k === 'named' && t.pkg === pkg && t.name === name;
}

/** Strips one level of pointer, as selectors do automatically. */
export function deref(t: LType): LType {
  return t.k === 'ptr' ? t.elem : t;
}

/** The n-th value of a tuple, or the type itself for n = 0. */
export function tupleItem(t: LType, n: number): LType {
  if (t.k === 'tuple') return t.items[n] ?? UNKNOWN;
  return n === 0 ? t : UNKNOWN;
}

const SYNC_LOCKS = new Set(['Mutex', 'RWMutex']);

/** sync.Mutex or sync.RWMutex (value, not pointer). */
export function isMutex(t: LType): boolean {
  return t.k === 'named' && t.pkg === 'sync' && SYNC_LOCKS.has(t.name);
}

export function isRWMutex(t: LType): boolean {
  return isNamed(t, 'sync', 'RWMutex');
}

/** Types that must not be copied after first use (vet's copylocks set, plus atomics). */
export function isNoCopy(t: LType): boolean {
  if (t.k !== 'named') return false;
  if (t.pkg === 'sync') return ['Mutex', 'RWMutex', 'WaitGroup', 'Once', 'Cond', 'Map', 'Pool'].includes(t.name);
  if (t.pkg === 'sync/atomic') return ['Bool', 'Int32', 'Int64', 'Uint32', 'Uint64', 'Uintptr', 'Pointer', 'Value'].includes(t.name);
  return false;
}

export function isMap(t: LType): boolean {
  return t.k === 'map';
}

export function isChan(t: LType): boolean {
  return t.k === 'chan';
}

export function typeString(t: LType): string {
  switch (t.k) {
    case 'unknown':
      return '?';
    case 'basic':
      return t.name;
    case 'map':
      return `map[${typeString(t.key)}]${typeString(t.elem)}`;
    case 'chan':
      return (t.dir === ChanDir.RECV ? '<-chan ' : t.dir === ChanDir.SEND ? 'chan<- ' : 'chan ') + typeString(t.elem);
    case 'slice':
      return `[]${typeString(t.elem)}`;
    case 'array':
      return `[${t.len ?? '?'}]${typeString(t.elem)}`;
    case 'ptr':
      return `*${typeString(t.elem)}`;
    case 'func':
      return `func(${t.params.map(typeString).join(', ')})${t.results.length ? ' ' + t.results.map(typeString).join(', ') : ''}`;
    case 'struct':
      return 'struct{...}';
    case 'iface':
      return 'interface{...}';
    case 'named':
      return t.pkg ? `${t.pkg.slice(t.pkg.lastIndexOf('/') + 1)}.${t.name}` : t.name;
    case 'tuple':
      return `(${t.items.map(typeString).join(', ')})`;
  }
}

const BASIC_NAMES = new Set([
  'bool', 'string', 'int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64',
  'uintptr', 'float32', 'float64', 'complex64', 'complex128', 'byte', 'rune', 'error', 'any',
]);

export function isBasicName(name: string): boolean {
  return BASIC_NAMES.has(name);
}

// Small, line-based readings of Go source around a stack frame's line. They refine diagnoses when
// --source is given (which lock a goroutine holds, which channel a line sends on); every caller must
// work without them. Heuristics only: they read text, they do not parse Go.

/** Lines of the function enclosing `line` (1-based), from its `func` line up to `line` inclusive. */
export function enclosingFunction(lines: readonly string[], line: number): { start: number; lines: string[] } | undefined {
  const target = lines[line - 1];
  if (target === undefined) return undefined;
  const indent = indentation(target);
  for (let i = line - 2; i >= 0; i--) {
    const text = lines[i]!;
    if (/\bfunc\b.*\{\s*(?:\/\/.*)?$/.test(text) && indentation(text) < indent) {
      return { start: i + 1, lines: lines.slice(i, line) };
    }
    if (/^func\b/.test(text)) return { start: i + 1, lines: lines.slice(i, line) };
  }
  return undefined;
}

function indentation(text: string): number {
  let n = 0;
  while (n < text.length && (text[n] === '\t' || text[n] === ' ')) n++;
  return n;
}

const LOCK_CALL = /([A-Za-z_][\w.]*)\.(RLock|Lock|RUnlock|Unlock)\(\)/g;

/** Locks acquired and not released between the function start and `line` (exclusive); defer Unlock keeps them held. */
export function heldLocks(lines: readonly string[], line: number): { name: string; line: number }[] {
  const fn = enclosingFunction(lines, line);
  if (!fn) return [];
  const held = new Map<string, number>();
  for (let i = 0; i < fn.lines.length - 1; i++) {
    const text = stripComment(fn.lines[i]!);
    const deferred = /^\s*defer\b/.test(text);
    for (const m of text.matchAll(LOCK_CALL)) {
      const name = m[1]!;
      if (m[2] === 'Lock' || m[2] === 'RLock') held.set(name, fn.start + i);
      else if (!deferred) held.delete(name);
    }
  }
  return [...held].map(([name, l]) => ({ name, line: l }));
}

/** The lock a line acquires (`mu.Lock()` → `mu`). */
export function lockAcquired(text: string): string | undefined {
  const m = /([A-Za-z_][\w.]*)\.R?Lock\(\)/.exec(stripComment(text));
  return m?.[1];
}

export type ChannelOp = { op: 'send' | 'receive' | 'range' | 'select' | 'close'; channel?: string };

/** What channel operation a line performs, if any. */
export function channelOp(text: string): ChannelOp | undefined {
  const t = stripComment(text).trim();
  if (/^select\s*\{/.test(t)) return { op: 'select' };
  let m = /^close\(\s*([\w.[\]]+)\s*\)/.exec(t);
  if (m) return { op: 'close', channel: m[1]! };
  m = /\brange\s+([\w.[\]]+)\s*\{?$/.exec(t);
  if (m) return { op: 'range', channel: m[1]! };
  m = /^(?:case\s+)?([\w.[\]]+)\s*<-/.exec(t);
  if (m) return { op: 'send', channel: m[1]! };
  m = /<-\s*([\w.[\]]+)/.exec(t);
  if (m) return { op: 'receive', channel: m[1]! };
  return undefined;
}

/** Lines (1-based) after `line` in the same function that use channel `name` in the given direction. */
export function laterChannelUses(lines: readonly string[], line: number, name: string, op: 'send' | 'receive'): number[] {
  const out: number[] = [];
  const startIndent = indentation(lines[line - 1] ?? '');
  for (let i = line; i < lines.length && out.length < 3; i++) {
    const text = lines[i]!;
    if (/^func\b/.test(text) || (text.trim() === '}' && indentation(text) < startIndent - 1)) break;
    const c = channelOp(text);
    if (!c || c.channel !== name) continue;
    if (op === 'receive' && (c.op === 'receive' || c.op === 'range')) out.push(i + 1);
    if (op === 'send' && c.op === 'send') out.push(i + 1);
  }
  return out;
}

/** Every line of the file (1-based) that closes channel `name`. */
export function closeSites(lines: readonly string[], name: string): number[] {
  const out: number[] = [];
  const re = new RegExp(`\\bclose\\(\\s*${escape(name)}\\s*\\)`);
  for (let i = 0; i < lines.length; i++) if (re.test(stripComment(lines[i]!))) out.push(i + 1);
  return out;
}

/** The expression a line writes (`c.n++` → `c.n`, `x = 1` → `x`, `s[i] = v` → `s[i]`), if it is an assignment. */
export function assignedExpression(text: string): string | undefined {
  const t = stripComment(text).trim();
  const m = /^([A-Za-z_][\w.]*(?:\[[^\]]*\])?(?:\.[A-Za-z_]\w*)*)\s*(?:\+\+|--|[-+*/%&|^]?=(?!=)|<<=|>>=)/.exec(t);
  return m?.[1];
}

function stripComment(text: string): string {
  const i = text.indexOf('//');
  return i < 0 ? text : text.slice(0, i);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Minimal, strict argument parsing shared by the subcommands: unknown flags are usage errors.

export interface FlagSpec {
  /** Flags that take a value: `--format json` or `--format=json`. */
  values?: readonly string[];
  /** Flags that may repeat and collect values. */
  lists?: readonly string[];
  /** Boolean switches. */
  switches?: readonly string[];
}

export interface ParsedArgs {
  positionals: string[];
  values: Map<string, string>;
  lists: Map<string, string[]>;
  switches: Set<string>;
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[], spec: FlagSpec): ParsedArgs {
  const values = new Set(spec.values ?? []);
  const lists = new Set(spec.lists ?? []);
  const switches = new Set(spec.switches ?? []);
  const out: ParsedArgs = { positionals: [], values: new Map(), lists: new Map(), switches: new Set() };
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyPositionals || arg === '-' || !arg.startsWith('-')) {
      out.positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = (eq >= 0 ? arg.slice(0, eq) : arg).replace(/^--?/, '');
    const inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    if (switches.has(name)) {
      if (inline !== undefined) throw new UsageError(`flag --${name} takes no value`);
      out.switches.add(name);
    } else if (values.has(name) || lists.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`flag --${name} needs a value`);
      if (values.has(name)) out.values.set(name, value);
      else out.lists.set(name, [...(out.lists.get(name) ?? []), value]);
    } else {
      throw new UsageError(`unknown flag: ${arg}`);
    }
  }
  return out;
}

export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
}

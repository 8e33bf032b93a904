// Std calls whose result must be released by the code that made it: the cancel func of a derived
// context, a *time.Ticker (Stop), and the channel of time.Tick (cannot be released at all).
// Tables only; src/model/obligations.ts tracks the values.

export type ObligationKind = 'cancel' | 'ticker' | 'tick';

export interface Creator {
  kind: ObligationKind;
  /** Which result of the call holds the value to release. */
  index: number;
  /** What keeps the resource alive when it is not released, for messages. */
  until: string;
}

export const OBLIGATION_CREATORS: ReadonlyMap<string, Creator> = new Map<string, Creator>([
  ['context.WithCancel', { kind: 'cancel', index: 1, until: 'its parent is done' }],
  ['context.WithCancelCause', { kind: 'cancel', index: 1, until: 'its parent is done' }],
  ['context.WithTimeout', { kind: 'cancel', index: 1, until: 'the timeout fires or its parent is done' }],
  ['context.WithTimeoutCause', { kind: 'cancel', index: 1, until: 'the timeout fires or its parent is done' }],
  ['context.WithDeadline', { kind: 'cancel', index: 1, until: 'the deadline passes or its parent is done' }],
  ['context.WithDeadlineCause', { kind: 'cancel', index: 1, until: 'the deadline passes or its parent is done' }],
  [
    'os/signal.NotifyContext',
    { kind: 'cancel', index: 1, until: 'a signal arrives or its parent is done, and the signal registration stays' },
  ],
  ['time.NewTicker', { kind: 'ticker', index: 0, until: 'Stop is called' }],
  ['time.Tick', { kind: 'tick', index: 0, until: 'the process exits' }],
]);

/** Calls whose context result is never done by itself. */
export const ROOT_CONTEXTS: ReadonlySet<string> = new Set(['context.Background', 'context.TODO']);

/** Derivations whose context is done exactly when their parent is. */
export const CONTEXT_PASSTHROUGH: ReadonlySet<string> = new Set(['context.WithValue', 'context.WithoutCancel']);

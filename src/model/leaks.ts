// Goroutines left blocked forever on a channel only their starter could have served: senders
// whose results the function stops receiving (sendleaks.ts) and waiters whose channel it does not
// close or send on (waitleaks.ts), computed once per function.

import type { PackageModel } from './package.js';
import type { FuncNode } from './scope.js';
import { type SendGroup, sendGroups } from './sendleaks.js';
import { type WaitSet, waitSets } from './waitleaks.js';

export { type Exit, MANY, type SendGroup, type Sender } from './sendleaks.js';
export type { WaitKind, WaitSet, Waiter } from './waitleaks.js';

export interface FunctionLeaks {
  sendGroups: SendGroup[];
  waitSets: WaitSet[];
}

export function functionLeaks(pkg: PackageModel, fn: FuncNode): FunctionLeaks {
  const memo = pkg.analysis('leaks', () => new Map<FuncNode, FunctionLeaks>());
  let r = memo.get(fn);
  if (!r) {
    r = { sendGroups: sendGroups(pkg, fn), waitSets: waitSets(pkg, fn) };
    memo.set(fn, r);
  }
  return r;
}

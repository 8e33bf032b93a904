import { defineRule } from '../../engine/rule.js';
import { exprText } from '../../model/facts.js';
import { atomicFuncOf, samePath } from '../../model/memref.js';
import { unparenExpr } from '../../model/typeinfo.js';
import { Tok } from '../../parse/token.js';

export default defineRule({
  meta: {
    id: 'atomic-assign-result',
    family: 'sync-pool-atomic',
    severity: 'error',
    category: 'correctness',
    title: 'result of an atomic add assigned back to its own operand',
    docs: {
      why:
        '`x = atomic.AddInt64(&x, 1)` performs the add atomically and then writes the result back with a plain, ' +
        'non-atomic store. Between the two, other goroutines may add too; the plain store then overwrites their ' +
        'increments with a stale value, and it races with every atomic access of x. The add already updated x, so ' +
        'the assignment is both redundant and harmful (go vet: atomic).',
      bad: `package p

import "sync/atomic"

var hits int64

func hit() {
	hits = atomic.AddInt64(&hits, 1)
}
`,
      good: `package p

import "sync/atomic"

var hits int64

func hit() {
	atomic.AddInt64(&hits, 1)
}
`,
      fix: 'Drop the assignment: call atomic.AddT(&x, d) as a statement, and use its result only as a value (`n := atomic.AddInt64(&x, 1)`).',
      seeAlso: ['go vet: atomic ("direct assignment to atomic value")', 'revive: atomic'],
    },
    messages: {
      assign: 'direct assignment to atomic value: {x} is updated by {func} and then overwritten by a plain store, which loses concurrent updates',
    },
    help: { assign: 'drop "{x} =": the atomic add already stores the new value' },
    fix: 'safe',
    i18n: {
      'zh-CN': {
        title: '原子加法的结果又赋值回它自己的操作数',
        why: '`x = atomic.AddInt64(&x, 1)` 先原子地完成加法，再用一次普通的、非原子的写把结果存回 x。在这两步之间，其他 goroutine 可能也做了加法；随后的普通写会用一个过时的值覆盖它们的增量，而且它与 x 的每一次原子访问都构成数据竞争。加法本身已经更新了 x，这个赋值既多余又有害（go vet: atomic）。',
        fix: '去掉赋值：把 atomic.AddT(&x, d) 当作语句调用；需要结果时只把它当作值使用（`n := atomic.AddInt64(&x, 1)`）。',
        messages: {
          assign: '对原子变量的直接赋值：{x} 已由 {func} 更新，随后又被一次普通写覆盖，并发的更新会丢失',
        },
        help: {
          assign: '去掉 "{x} ="：原子加法已经写入了新值',
        },
      },
    },
    since: '0.1.0',
    mentions: ['atomic.Add'],
  },
  create(ctx) {
    return {
      AssignStmt(n) {
        if (n.tok !== Tok.ASSIGN || n.lhs.length !== n.rhs.length) return;
        n.rhs.forEach((r, i) => {
          const call = unparenExpr(r);
          if (call.kind !== 'CallExpr' || !call.args[0]) return;
          const a = atomicFuncOf(ctx.pkg, call);
          if (!a || a.op !== 'add') return;
          const lhs = n.lhs[i]!;
          const ptr = unparenExpr(call.args[0]);
          const same =
            (ptr.kind === 'UnaryExpr' && ptr.op === Tok.AND && samePath(ctx.pkg, lhs, ptr.x)) ||
            (unparenExpr(lhs).kind === 'StarExpr' && samePath(ctx.pkg, (unparenExpr(lhs) as { x: typeof lhs }).x, ptr));
          if (!same) return;
          const single = n.lhs.length === 1 && n.parent?.kind !== 'ForStmt' && !(n.parent?.kind === 'IfStmt' || n.parent?.kind === 'SwitchStmt');
          ctx.report({
            node: n,
            messageId: 'assign',
            data: { x: exprText(unparenExpr(lhs)), func: `atomic.${a.name}` },
            fixes: single ? [{ title: `drop the assignment to ${exprText(unparenExpr(lhs))}`, safe: true, edits: [{ pos: n.pos, end: r.pos, text: '' }] }] : [],
          });
        });
      },
    };
  },
});

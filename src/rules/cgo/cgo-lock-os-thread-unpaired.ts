import type * as ast from '../../parse/ast.js';
import { defineRule, type FixSpec, type RuleContext } from '../../engine/rule.js';
import { callsNamed, isNoReturnStmt } from '../../model/calls.js';
import { exportedFuncs } from '../../model/cgo.js';
import { deferAfter } from '../../model/deferfix.js';
import { runFlow } from '../../model/flow.js';
import { atLeast } from '../../model/goversion.js';
import { isGoLiteral, processLifetime, runsForever } from '../../model/lifetime.js';
import { closingBrace, enclosingFunc } from '../../model/obligations.js';
import type { FuncNode } from '../../model/scope.js';
import { TypeInfo, unparenExpr } from '../../model/typeinfo.js';
import { inspect } from '../../parse/walk.js';
import { skipped } from './cgo-text.js';

export default defineRule({
  meta: {
    id: 'cgo-lock-os-thread-unpaired',
    family: 'cgo',
    severity: 'warning',
    category: 'correctness',
    title: 'runtime.LockOSThread not undone by UnlockOSThread on every path of a function that returns to its caller',
    docs: {
      why:
        'runtime.LockOSThread wires the calling goroutine to its OS thread until a matching UnlockOSThread (calls ' +
        'nest since Go 1.10: each Lock needs its own Unlock). A function that locks for a C library with thread-local ' +
        'state (OpenGL contexts, audio devices, some GUI toolkits) and returns on some path without unlocking leaves ' +
        "its caller's goroutine locked: that goroutine can never run on another thread, every goroutine it starts " +
        'later competes for fewer threads, and since Go 1.10 the thread is terminated instead of reused when the ' +
        'goroutine exits. An HTTP handler or worker that leaks the lock on an error path wires a pool goroutine to a ' +
        'thread until it exits.\n\n' +
        'Not reported: functions exported to C (a callback already runs locked to the C thread), main and init (locking the main thread for the whole process is the documented idiom for ' +
        'GUI and graphics libraries; so do functions only registered from init as a program\'s entry points), goroutine bodies (`go func() { runtime.LockOSThread(); ... }()` and functions only ' +
        'started with `go`, local closures included: ending the goroutine locked deliberately retires a thread whose state was changed), test ' +
        'functions, and helpers whose name says they lock (lockThread) and leave the unlock to their caller.',
      bad: `package gl

import (
	"errors"
	"runtime"
)

func MakeCurrent(ctx uintptr, bind func(uintptr) bool) error {
	runtime.LockOSThread()
	if !bind(ctx) {
		return errors.New("gl: cannot bind context")
	}
	draw()
	runtime.UnlockOSThread()
	return nil
}

func draw() {}
`,
      good: `package gl

import (
	"errors"
	"runtime"
)

func MakeCurrent(ctx uintptr, bind func(uintptr) bool) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if !bind(ctx) {
		return errors.New("gl: cannot bind context")
	}
	draw()
	return nil
}

func draw() {}
`,
      fix:
        'Put `defer runtime.UnlockOSThread()` right after runtime.LockOSThread (the suggested fix when the function never ' +
        'unlocks). If the thread must stay locked on purpose, do it in a goroutine of its own, in main/init, or name the ' +
        'helper for what it does and unlock in the caller.',
      seeAlso: ['https://pkg.go.dev/runtime#LockOSThread', 'https://go.dev/wiki/LockOSThread'],
    },
    messages: {
      somePaths: 'runtime.LockOSThread is not undone when {fn} returns here: {impact}',
      never: 'runtime.LockOSThread is never undone in {fn}, which returns to its caller: {impact}',
    },
    help: {
      somePaths: 'Use `defer runtime.UnlockOSThread()` right after runtime.LockOSThread so every return unlocks.',
      never: 'Add `defer runtime.UnlockOSThread()` right after runtime.LockOSThread, or lock in a goroutine of its own.',
    },
    fix: 'suggestion',
    i18n: {
      'zh-CN': {
        title: '会返回调用方的函数中，runtime.LockOSThread 没有在每条路径上用 UnlockOSThread 撤销',
        why: 'runtime.LockOSThread 把调用它的 goroutine 绑定到当前 OS 线程，直到对应的 UnlockOSThread 为止（从 Go 1.10 起调用可以嵌套：每次 Lock 都需要各自的 Unlock）。一个为带线程局部状态的 C 库（OpenGL context、音频设备、某些 GUI 工具包）加锁、却在某条路径上不解锁就返回的函数，会让调用方的 goroutine 一直处于锁定状态：这个 goroutine 再也不能在别的线程上运行，它之后启动的 goroutine 可用的线程更少，而且从 Go 1.10 起，这个 goroutine 退出时线程会被终止而不是复用。在错误路径上漏掉解锁的 HTTP handler 或 worker，会把池中的一个 goroutine 绑定到线程上，直到它退出。\n\n不报告的情况：导出给 C 的函数（回调本来就锁定在 C 线程上运行）、main 和 init（在整个进程期间锁定主线程是 GUI 和图形库的标准用法；只在 init 中注册、作为程序入口分发的函数同理）、goroutine 的函数体（`go func() { runtime.LockOSThread(); ... }()` 以及只通过 `go` 启动的函数，包括局部闭包：在锁定状态下结束 goroutine 是有意让状态被改动过的线程退役）、测试函数，以及名字表明会加锁（lockThread）并把解锁留给调用方的辅助函数。',
        fix: '在 runtime.LockOSThread 之后紧跟 `defer runtime.UnlockOSThread()`（函数从不解锁时给出的建议修复）。如果线程必须有意保持锁定，就在单独的 goroutine、main/init 中这样做，或者给辅助函数起一个能说明其行为的名字，在调用方解锁。',
        messages: {
          somePaths: '{fn} 从这里返回时没有撤销 runtime.LockOSThread：{impact}',
          never: '{fn} 会返回调用方，却从未撤销 runtime.LockOSThread：{impact}',
        },
        help: {
          somePaths: '在 runtime.LockOSThread 之后紧跟 `defer runtime.UnlockOSThread()`，让每次返回都会解锁。',
          never: '在 runtime.LockOSThread 之后紧跟 `defer runtime.UnlockOSThread()`，或者在单独的 goroutine 中加锁。',
        },
      },
    },
    since: '0.1.0',
  },
  checkPackage(ctx) {
    const pkg = ctx.pkg;
    const ti = TypeInfo.of(pkg);
    const impact = atLeast(ctx.goVersion, 10)
      ? "the caller's goroutine stays wired to this OS thread, and when it exits the thread is terminated instead of reused"
      : "the caller's goroutine stays wired to this OS thread until it exits";
    const lockCalls = new Map<FuncNode, ast.CallExpr[]>();
    for (const call of callsNamed(pkg, { selector: ['LockOSThread'], plain: ['LockOSThread'] })) {
      if (ti.qualifiedCallee(call) !== 'runtime.LockOSThread') continue;
      const fn = enclosingFunc(call);
      if (!fn) continue;
      const list = lockCalls.get(fn);
      if (list) list.push(call);
      else lockCalls.set(fn, [call]);
    }
    for (const [fn, locks] of lockCalls) {
      const file = pkg.fileOfNode(fn);
      if (skipped(file) || !fn.body || exempt(ctx, fn)) continue;
      const unlocks = unlockCalls(ctx, fn);
      const missed = missedExits(ctx, fn, new Set(locks), new Set(unlocks));
      if (missed.length === 0) continue;
      const name = fn.kind === 'FuncDecl' ? fn.name.name : 'the function literal';
      const related = missed.map((m) => ({
        node: m,
        message: m.kind === 'ReturnStmt' ? 'returns here with the thread still locked' : 'the function ends here with the thread still locked',
      }));
      ctx.report({
        node: locks[0]!,
        messageId: unlocks.length === 0 ? 'never' : 'somePaths',
        data: { fn: name, impact },
        related,
        fixes: unlocks.length === 0 ? unlockFix(ctx, fn, locks[0]!) : [],
      });
    }
  },
});

/** Functions where ending with the thread locked is intended or harmless. */
function exempt(ctx: RuleContext, fn: FuncNode): boolean {
  const pkg = ctx.pkg;
  if (processLifetime(pkg, fn)) return true;
  if (fn.kind === 'FuncLit') {
    if (isGoLiteral(fn)) return true;
  } else {
    if (/lock/i.test(fn.name.name)) return true;
    // a callback from C runs locked to the C thread anyway, and returns to C, not to a Go caller
    if (exportedFuncs(pkg).has(fn)) return true;
    const file = pkg.fileOfNode(fn);
    if (file?.isTest && /^(Test|Benchmark|Fuzz|Example)/.test(fn.name.name)) return true;
  }
  // functions and local closures (`waiter := func() {...}; go waiter()`) only ever started as goroutines
  const ti = TypeInfo.of(pkg);
  let calls = 0;
  let goCalls = 0;
  for (const call of pkg.calls) {
    if (ti.callee(call) !== fn && (closureCalled(ctx, call) as ast.Node | null) !== fn) continue;
    calls++;
    if (call.parent?.kind === 'GoStmt' && call.parent.call === call) goCalls++;
  }
  if (calls > 0) return calls === goCalls;
  return fn.kind === 'FuncDecl' && registeredInInit(pkg, fn);
}

/**
 * Never called, only handed to a registry from init (`register("Crash", Crash)`): the entry point of
 * a program that dispatches on its arguments, with process lifetime like main.
 */
function registeredInInit(pkg: RuleContext['pkg'], fn: ast.FuncDecl): boolean {
  let refs = 0;
  let fromInit = 0;
  for (const file of pkg.files) {
    inspect(file.ast, (n) => {
      if (n.kind !== 'Ident' || n === fn.name || n.name !== fn.name.name) return true;
      const b = pkg.bindingOf(n);
      if (!b || b.decl !== fn) return true;
      refs++;
      const call = n.parent;
      const owner = enclosingFunc(n);
      if (call?.kind === 'CallExpr' && call.fun !== n && owner?.kind === 'FuncDecl' && owner.name.name === 'init' && owner.recv === null) fromInit++;
      return true;
    });
  }
  return refs > 0 && refs === fromInit;
}

/** The function literal a local variable called here was initialised with (`worker := func() {...}`). */
function closureCalled(ctx: RuleContext, call: ast.CallExpr): ast.FuncLit | null {
  const fun = unparenExpr(call.fun);
  const b = fun.kind === 'Ident' ? ctx.pkg.bindingOf(fun) : undefined;
  if (!b || b.kind !== 'var' || b.role !== 'local' || b.source.k !== 'init' || b.source.ofTuple) return null;
  const init = unparenExpr(b.source.expr);
  return init.kind === 'FuncLit' ? init : null;
}

function unlockCalls(ctx: RuleContext, fn: FuncNode): ast.CallExpr[] {
  const ti = TypeInfo.of(ctx.pkg);
  const out: ast.CallExpr[] = [];
  inspect(fn.body!, (n) => {
    if (n.kind === 'FuncLit' && !(n.parent?.kind === 'CallExpr' && n.parent.parent?.kind === 'DeferStmt')) return false;
    if (n.kind === 'CallExpr' && ti.qualifiedCallee(n) === 'runtime.UnlockOSThread') out.push(n);
    return true;
  });
  return out;
}

/** Exits reached with the thread locked (panics excluded). */
function missedExits(ctx: RuleContext, fn: FuncNode, locks: Set<ast.Node>, unlocks: Set<ast.Node>): ast.Node[] {
  const pkg = ctx.pkg;
  const out: ast.Node[] = [];
  runFlow<boolean>(
    fn.body!,
    false,
    {
      simple(node, s) {
        let out = s;
        inspect(node, (n) => {
          if (locks.has(n)) out = true;
          else if (unlocks.has(n)) out = false;
          return true;
        });
        return out;
      },
      join: (a, b) => a || b,
      equal: (a, b) => a === b,
      noReturn: (stmt) => isNoReturnStmt(pkg, stmt),
      endless: (loop) => runsForever(pkg, loop),
    },
    {
      exit(at, s, kind) {
        if (!s || kind === 'panic' || out.length >= 4) return;
        out.push(at.kind === 'BlockStmt' ? closingBrace(at) : at);
      },
    },
  );
  return out;
}

function unlockFix(ctx: RuleContext, fn: FuncNode, lock: ast.CallExpr): FixSpec[] {
  const stmt = lock.parent;
  const file = ctx.pkg.fileOfNode(lock);
  if (stmt?.kind !== 'ExprStmt' || !file) return [];
  const runtimeName = [...file.imports].find(([, path]) => path === 'runtime')?.[0];
  if (runtimeName !== 'runtime') return [];
  const ins = deferAfter(file, stmt, fn, 'runtime.UnlockOSThread()');
  if (!ins) return [];
  return [{ title: 'defer runtime.UnlockOSThread() right after runtime.LockOSThread', safe: false, edits: [{ pos: ins.pos, end: ins.pos, text: ins.text, file }] }];
}

import type * as ast from '../../parse/ast.js';
import { defineRule, type RelatedSpec, type RuleContext } from '../../engine/rule.js';
import { inspect } from '../../parse/walk.js';
import { isChanType } from '../../model/channels.js';
import { Concurrency, enclosingLoopOf, type Root } from '../../model/concurrency.js';
import { endlessLoop, processLifetime } from '../../model/lifetime.js';
import type { PackageModel } from '../../model/package.js';
import type { FuncNode } from '../../model/scope.js';
import { TypeInfo, unparenExpr } from '../../model/typeinfo.js';
import { deref, isNamed } from '../../model/types.js';
import { ctxInScope } from '../context/ctx-scope.js';
import { funcName, goKeyword, inTestFile, loopHeader, skippedFile } from './leak-report.js';

export default defineRule({
  meta: {
    id: 'goroutine-leak-no-exit',
    family: 'goroutine-leak',
    severity: 'warning',
    category: 'correctness',
    title: 'goroutine that can never stop, started once per connection, message or request',
    docs: {
      why:
        'A goroutine whose loop has no return, no break and watches no stop channel or context runs until the process ' +
        'exits. That is fine for a handful of process-lifetime workers started from main. It is a leak when the ' +
        'goroutine is started per unit of work — inside an accept loop (one per connection), a loop over a channel (one ' +
        'per message) or from an HTTP handler (one per request): every instance keeps running, holding its memory, ' +
        'tickers and connections, after the work it was started for is over, and their number only grows.\n\n' +
        'Not reported: goroutines started in main, init, tests or code that runs once per process, goroutines started a ' +
        'fixed number of times, and loops that can return, break, or end the goroutine. Goroutines started where a context ' +
        'is in scope and that ignore it are reported by context-not-propagated instead.',
      bad: `package p

import (
	"log"
	"net"
	"time"
)

func serve(l net.Listener) {
	for {
		conn, err := l.Accept()
		if err != nil {
			return
		}
		go func() {
			for range time.Tick(time.Minute) {
				log.Printf("connection %v still open", conn.RemoteAddr())
			}
		}()
		go handle(conn)
	}
}

func handle(c net.Conn) { c.Close() }
`,
      good: `package p

import (
	"log"
	"net"
	"time"
)

func serve(l net.Listener) {
	for {
		conn, err := l.Accept()
		if err != nil {
			return
		}
		done := make(chan struct{})
		go func() {
			t := time.NewTicker(time.Minute)
			defer t.Stop()
			for {
				select {
				case <-t.C:
					log.Printf("connection %v still open", conn.RemoteAddr())
				case <-done:
					return
				}
			}
		}()
		go func() {
			defer close(done)
			handle(conn)
		}()
	}
}

func handle(c net.Conn) { c.Close() }
`,
      fix: 'Give the goroutine a way out tied to the work it serves: a done channel closed when the connection or request ends, or the request context (`case <-ctx.Done(): return`).',
      seeAlso: ['context-not-propagated', 'goroutine-leak-never-closed', 'runtime/pprof goroutine profile (growing counts)'],
    },
    messages: {
      perIteration: 'goroutine leak: one goroutine per iteration of this loop is started, and none can ever stop',
      perRequest: 'goroutine leak: a goroutine that can never stop is started on every request to {handler}',
    },
    help: {
      perIteration: 'Stop it when its work ends: close a done channel (or cancel a context) and `case <-done: return` in its loop.',
      perRequest: 'Pass the request context and return on `case <-r.Context().Done()`, or do not start a goroutine per request.',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '每个连接、消息或请求都启动一个永远无法停止的 goroutine',
        why: '一个循环中没有 return、没有 break、也不监听任何停止 channel 或 context 的 goroutine 会一直运行到进程退出。对于从 main 启动的少数几个与进程同生命周期的 worker，这没有问题。但如果 goroutine 是按工作单元启动的——在 accept 循环里（每个连接一个）、在遍历 channel 的循环里（每条消息一个）或者在 HTTP handler 中（每个请求一个）——那么在它服务的工作结束之后，每个实例都还在运行，持有着内存、ticker 和连接，而且数量只增不减。\n\n不报告的情况：在 main、init、测试或每个进程只运行一次的代码中启动的 goroutine；启动次数固定的 goroutine；以及能够 return、break 或以其他方式结束的循环。作用域内有 context 却忽略它的 goroutine 由 context-not-propagated 报告。',
        fix: '给 goroutine 一条与它所服务的工作绑定的退出途径：在连接或请求结束时关闭的 done channel，或者请求的 context（`case <-ctx.Done(): return`）。',
        messages: {
          perIteration: 'goroutine 泄漏：这个循环每次迭代都启动一个 goroutine，而它们都永远无法停止',
          perRequest: 'goroutine 泄漏：每个发往 {handler} 的请求都会启动一个永远无法停止的 goroutine',
        },
        help: {
          perIteration: '在它的工作结束时停止它：关闭一个 done channel（或取消 context），并在它的循环中 `case <-done: return`。',
          perRequest: '传入请求的 context，并在 `case <-r.Context().Done()` 时返回；或者不要为每个请求启动 goroutine。',
        },
      },
    },
    since: '0.1.0',
  },
  checkPackage(ctx) {
    const conc = Concurrency.of(ctx.pkg);
    for (const root of conc.roots) {
      if (root.kind !== 'go' || root.site.kind !== 'GoStmt' || root.spawner === null || !root.entry.body) continue;
      // a test's goroutines cannot pile up: the test binary exits after one run
      if (skippedFile(ctx.pkg, root.site) || inTestFile(ctx.pkg, root.site) || processLifetime(ctx.pkg, root.spawner)) continue;
      const loop = endlessLoop(ctx.pkg, root.entry.body);
      if (!loop || !runsFromStart(root.entry.body, loop)) continue;
      if (leftToContextRule(ctx.pkg, root)) continue;
      check(ctx, conc, root, root.site, loop);
    }
  },
});

function check(ctx: RuleContext, conc: Concurrency, root: Root, go: ast.GoStmt, loop: ast.ForStmt | ast.RangeStmt): void {
  const related: RelatedSpec[] = [{ node: loopHeader(loop), message: 'this loop has no return, no break and no stop signal' }];
  const outer = enclosingLoopOf(go, root.spawner);
  if (outer && unbounded(ctx.pkg, outer)) {
    related.unshift({ node: loopHeader(outer), message: 'each iteration of this loop starts another one' });
    ctx.report({ ...goKeyword(ctx.pkg, go), messageId: 'perIteration', related });
    return;
  }
  const handler = conc.framesOf(root.spawner!).find((fr) => fr.root.kind === 'handler' && fr.root.entry.body)?.root;
  if (handler) {
    related.push({ node: handler.site, message: 'this handler runs once per request' });
    ctx.report({ ...goKeyword(ctx.pkg, go), messageId: 'perRequest', data: { handler: funcName(handler.entry) }, related });
  }
}

/** The loop runs whenever the goroutine does (not behind a condition or after a return). */
function runsFromStart(body: ast.BlockStmt, loop: ast.Node): boolean {
  return body.list.includes(loop as ast.Stmt) || (loop.parent?.kind === 'LabeledStmt' && body.list.includes(loop.parent));
}

/** A loop that runs as long as work keeps coming: `for {}`, `for cond()` with a call, `for x := range ch`. */
function unbounded(pkg: PackageModel, loop: ast.ForStmt | ast.RangeStmt): boolean {
  if (loop.kind === 'RangeStmt') return isChanType(pkg, loop.x);
  if (loop.cond === null) return true;
  return unparenExpr(loop.cond).kind === 'CallExpr';
}

/**
 * context-not-propagated reports the goroutines started where a context or request is in scope
 * that do not mention any context; they are its findings, not ours.
 */
function leftToContextRule(pkg: PackageModel, root: Root): boolean {
  const src = ctxInScope(pkg, root.spawner!);
  if (src === null || src.k === 'field') return false;
  return !mentionsContext(pkg, root.site as ast.GoStmt, root.entry);
}

function mentionsContext(pkg: PackageModel, go: ast.GoStmt, entry: FuncNode): boolean {
  const ti = TypeInfo.of(pkg);
  let found = false;
  const nodes: ast.Node[] = [...go.call.args, ...(entry.body ? [entry.body] : [])];
  for (const n of nodes) {
    inspect(n, (m) => {
      if (found) return false;
      if (m.kind === 'Ident') {
        const t = ti.typeOf(m);
        if (isNamed(t, 'context', 'Context') || isNamed(deref(t), 'net/http', 'Request')) found = true;
      } else if (m.kind === 'SelectorExpr' && (m.sel.name === 'Done' || m.sel.name === 'Context')) {
        found = true;
      }
      return true;
    });
  }
  return found;
}

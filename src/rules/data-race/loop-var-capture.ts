import type * as ast from '../../parse/ast.js';
import { defineRule, type FixSpec, type RuleContext } from '../../engine/rule.js';
import { atLeast } from '../../model/goversion.js';
import { type LoopCapture, loopCaptures } from '../../model/loopvars.js';

export default defineRule({
  meta: {
    id: 'loop-var-capture',
    family: 'data-race',
    severity: 'error',
    category: 'correctness',
    title: 'loop variable captured by a goroutine, deferred closure or parallel subtest (before Go 1.22)',
    docs: {
      why:
        'Before Go 1.22 a `for` loop has one variable for all its iterations. A closure that runs after its ' +
        'iteration (a goroutine, errgroup.Go, a deferred call, a parallel subtest) reads that single variable while ' +
        'the loop keeps assigning it: goroutines race with the loop and typically all see the last element, deferred ' +
        'calls all see the final value, parallel subtests all run the last case. Go 1.22 gives each iteration its own ' +
        'variable, so the rule only reports modules whose go.mod says go 1.21 or older (go vet: loopclosure, for every ' +
        'such closure in the loop body, not only the last statement).',
      bad: `package p

import "sync"

func fetchAll(urls []string, fetch func(string)) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fetch(u)
		}()
	}
	wg.Wait()
}
`,
      good: `package p

import "sync"

func fetchAll(urls []string, fetch func(string)) {
	var wg sync.WaitGroup
	for _, u := range urls {
		u := u
		wg.Add(1)
		go func() {
			defer wg.Done()
			fetch(u)
		}()
	}
	wg.Wait()
}
`,
      fix: 'Copy the variable per iteration (`u := u` as the first statement of the loop body), pass it as an argument (`go func(u string) {...}(u)`), or move the module to go 1.22 or newer.',
      seeAlso: ['go vet: loopclosure', 'revive: datarace', 'https://go.dev/blog/loopvar-preview'],
    },
    messages: {
      go: 'loop variable {v} captured by a goroutine: before Go 1.22 all iterations share one {v}, so the goroutine reads it while the loop moves on (a data race; usually every goroutine sees the last value)',
      defer: 'loop variable {v} captured by a deferred closure: before Go 1.22 all iterations share one {v}, so every deferred call sees the value it has when the function returns',
      subtest: 'loop variable {v} captured by a parallel subtest: before Go 1.22 the subtests run after the loop has finished and all see the last {v}',
    },
    help: {
      go: 'copy it per iteration ({v} := {v}) or pass it as an argument to the goroutine; or move the module to go 1.22+',
      defer: 'copy it per iteration ({v} := {v}) or pass it as an argument to the deferred function; or move the module to go 1.22+',
      subtest: 'copy it per iteration ({v} := {v}) before t.Run; or move the module to go 1.22+',
    },
    fix: 'suggestion',
    i18n: {
      'zh-CN': {
        title: '循环变量被 goroutine、defer 的闭包或并行子测试捕获（Go 1.22 之前）',
        why: 'Go 1.22 之前，`for` 循环的所有迭代共用同一个变量。在迭代结束之后才运行的闭包（goroutine、errgroup.Go、defer 的调用、并行子测试）读取的是这个唯一的变量，而循环还在不断给它赋值：goroutine 与循环之间存在数据竞争，通常都会看到最后一个元素；defer 的调用都看到最终值；并行子测试都运行最后一个用例。Go 1.22 起每次迭代都有自己的变量，因此本规则只报告 go.mod 声明 go 1.21 或更早版本的模块（对应 go vet 的 loopclosure，但检查循环体内的每一个这样的闭包，而不只是最后一条语句）。',
        fix: '每次迭代复制一份变量（在循环体第一行写 `u := u`），或者作为参数传入（`go func(u string) {...}(u)`），或者把模块升级到 go 1.22 及以上。',
        messages: {
          go: '循环变量 {v} 被 goroutine 捕获：Go 1.22 之前所有迭代共用同一个 {v}，goroutine 读取它时循环已经继续往下走了（数据竞争；通常每个 goroutine 都看到最后一个值）',
          defer: '循环变量 {v} 被 defer 的闭包捕获：Go 1.22 之前所有迭代共用同一个 {v}，每个 defer 的调用看到的都是函数返回时它的值',
          subtest: '循环变量 {v} 被并行子测试捕获：Go 1.22 之前子测试在循环结束后才运行，都会看到最后一个 {v}',
        },
        help: {
          go: '每次迭代复制一份（{v} := {v}），或者作为参数传给 goroutine；也可以把模块升级到 go 1.22+',
          defer: '每次迭代复制一份（{v} := {v}），或者作为参数传给 defer 的函数；也可以把模块升级到 go 1.22+',
          subtest: '在 t.Run 之前每次迭代复制一份（{v} := {v}）；也可以把模块升级到 go 1.22+',
        },
      },
    },
    since: '0.1.0',
    maxGo: 22,
  },
  checkPackage(ctx) {
    if (atLeast(ctx.goVersion, 22)) return;
    const seen = new Set<string>();
    for (const c of loopCaptures(ctx.pkg)) {
      const key = `${c.closure.pos}:${c.binding.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const messageId = c.launch === 'defer' ? 'defer' : c.launch === 'subtest' ? 'subtest' : 'go';
      ctx.report({
        node: c.ref,
        messageId,
        data: { v: c.binding.name },
        related: [
          { node: c.binding.ident!, message: `${c.binding.name} is declared once for the whole loop here` },
          { node: siteNode(c), message: launchText(c) },
        ],
        fixes: copyFix(ctx, c),
      });
    }
  },
});

function siteNode(c: LoopCapture): ast.Node {
  if (c.site.kind === 'GoStmt' || c.site.kind === 'DeferStmt') return { kind: 'BadStmt', pos: c.site.pos, end: c.site.pos + (c.site.kind === 'GoStmt' ? 2 : 5), parent: c.site };
  return c.site;
}

function launchText(c: LoopCapture): string {
  switch (c.launch) {
    case 'go':
    case 'errgroup':
      return 'the goroutine starts here and outlives the iteration';
    case 'defer':
      return 'the deferred call runs when the function returns, after the loop';
    case 'subtest':
      return 'the parallel subtest is paused here until the loop has finished';
  }
}

/** Inserts `v := v` at the start of the loop body (not offered when the body writes v). */
function copyFix(ctx: RuleContext, c: LoopCapture): FixSpec[] {
  if (c.writtenInBody) return [];
  const file = ctx.pkg.fileOfNode(c.loop);
  if (!file) return [];
  const src = file.src;
  const lineStart = src.lastIndexOf('\n', c.loop.pos - 1) + 1;
  const indent = src.slice(lineStart, c.loop.pos);
  if (!/^[ \t]*$/.test(indent)) return [];
  const v = c.binding.name;
  const at = c.loop.body.lbrace + 1;
  return [{ title: `copy ${v} per iteration`, safe: false, edits: [{ pos: at, end: at, text: `\n${indent}\t${v} := ${v}`, file }] }];
}

import type * as ast from '../../parse/ast.js';
import { defineRule, type FixSpec, type FileContext } from '../../engine/rule.js';
import { chanOrigin } from '../../model/channels.js';
import { TypeInfo, makeChanCapacity, unparenExpr } from '../../model/typeinfo.js';
import { builtinName } from '../../model/calls.js';

export default defineRule({
  meta: {
    id: 'channel-signal-notify-unbuffered',
    family: 'channel-misuse',
    severity: 'warning',
    category: 'correctness',
    title: 'unbuffered channel passed to signal.Notify',
    docs: {
      why:
        'os/signal does not block when it delivers a signal: if the channel given to signal.Notify is not ready to ' +
        'receive at that instant, the signal is dropped. With an unbuffered channel that is whenever the goroutine is ' +
        'not parked right on the receive — e.g. a SIGTERM arriving during startup, or while the previous signal is ' +
        'handled — so graceful shutdown silently does not happen (go vet sigchanyzer, staticcheck SA1017).',
      bad: `package p

import (
	"os"
	"os/signal"
)

func waitForInterrupt() {
	c := make(chan os.Signal)
	signal.Notify(c, os.Interrupt)
	<-c
}
`,
      good: `package p

import (
	"os"
	"os/signal"
)

func waitForInterrupt() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt)
	<-c
}
`,
      fix: 'Give the channel a buffer: `make(chan os.Signal, 1)` is enough for one pending signal of each kind (the safe fix does this).',
      seeAlso: ['go vet sigchanyzer', 'staticcheck SA1017', 'https://pkg.go.dev/os/signal#Notify'],
    },
    messages: {
      unbuffered: 'signal.Notify with unbuffered channel {ch}: a signal that arrives while nobody is receiving is dropped',
    },
    help: {
      unbuffered: 'Make {ch} buffered: make(chan os.Signal, 1).',
    },
    fix: 'safe',
    i18n: {
      'zh-CN': {
        title: '传给 signal.Notify 的 channel 没有缓冲',
        why: 'os/signal 投递信号时不会阻塞：如果传给 signal.Notify 的 channel 在那一刻没有准备好接收，信号就会被丢弃。对于无缓冲的 channel，只要 goroutine 没有正好停在接收操作上就会这样——例如在启动期间收到 SIGTERM，或者正在处理上一个信号时——于是优雅退出就悄无声息地没有发生（go vet sigchanyzer、staticcheck SA1017）。',
        fix: '给 channel 加上缓冲：`make(chan os.Signal, 1)` 足以为每种信号保留一个待处理的信号（安全修复会这样做）。',
        messages: {
          unbuffered: 'signal.Notify 使用了无缓冲的 channel {ch}：在没有人接收时到达的信号会被丢弃',
        },
        help: {
          unbuffered: '把 {ch} 改成带缓冲的：make(chan os.Signal, 1)。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['Notify'],
  },
  create(ctx) {
    const ti = TypeInfo.of(ctx.pkg);
    return {
      CallExpr(call) {
        if (ti.qualifiedCallee(call) !== 'os/signal.Notify' || call.args.length === 0) return;
        const arg = unparenExpr(call.args[0]!);
        let make: ast.CallExpr | null = null;
        if (arg.kind === 'CallExpr' && builtinName(ctx.pkg, arg) === 'make') make = arg;
        if (arg.kind === 'Ident') {
          const b = ctx.pkg.bindingOf(arg);
          make = b ? (chanOrigin(ctx.pkg, b)?.make ?? null) : null;
        }
        if (!make || makeChanCapacity(make) !== 0) return;
        const name = arg.kind === 'Ident' ? arg.name : 'make(chan os.Signal)';
        ctx.report({ node: call.args[0]!, messageId: 'unbuffered', data: { ch: name }, fixes: bufferFix(ctx, make) });
      },
    };
  },
});

function bufferFix(ctx: FileContext, make: ast.CallExpr): FixSpec[] {
  const file = ctx.pkg.fileOfNode(make);
  if (!file || make.args.length !== 1) return [];
  return [
    {
      title: 'buffer the signal channel: make(chan os.Signal, 1)',
      safe: true,
      edits: [{ pos: make.rparen, end: make.rparen, text: ', 1', file }],
    },
  ];
}

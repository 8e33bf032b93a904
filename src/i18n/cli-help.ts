// The command line's own usage and help texts in Chinese. English lives beside each command
// (src/cli); test/i18n checks that every flag of an English help appears in its translation.

import type { Lang } from './lang.js';

export type HelpTopic = 'usage' | 'scan' | 'analyze' | 'rules' | 'lsp';

const ZH: Record<HelpTopic, string> = {
  usage: `gohazard：在上线前发现 Go 并发隐患，在出事后解释运行时现场

用法：
  gohazard scan [路径... | ./...] [--format text|json|sarif|html|vet] [--config 文件] [--baseline 文件] [--lang en|zh-CN]
  gohazard analyze 文件... [--source 目录] [--format text|json|sarif|html|vet] [--lang en|zh-CN]   （文件可以是 '-'）
  gohazard rules [--format text|json] [--lang en|zh-CN]
  gohazard lsp [--stdio] [--lang en|zh-CN]

命令：
  scan      在 Go 源码中查找并发隐患
  analyze   诊断崩溃日志、goroutine dump、race 报告和 trace
  rules     列出规则目录及文档
  lsp       语言服务器（LSP，经 stdio），供编辑器实时显示问题

--lang 选择输出语言；默认取自环境变量 LC_ALL、LC_MESSAGES、LANG（zh* → zh-CN，其余 → en）。
运行 'gohazard <命令> --help' 查看该命令的参数。
`,
  scan: `用法：gohazard scan [路径... | ./...] [参数]

在 Go 源码中查找并发隐患。一个目录即一个包；dir/... 包含其子目录（默认跳过 vendor/ 和
testdata/，除非显式要求）。不给路径时等同于 ./...

参数：
  --format text|json|sarif|html|vet   输出格式（默认 text）
  --config FILE           规则配置（默认：当前目录下的 .gohazard.json，如有）
  --baseline FILE         隐藏 FILE 中已列出的问题（FILE 为此前 --format json 的输出）
  --fail-on error|warning|info|never  使退出码为 1 的最低严重级别（默认 warning）
  --fix                   应用安全修复，然后报告剩余问题
  --go VERSION            假定的 Go 语言版本，如 1.21（默认：各模块 go.mod 中的版本）
  --workers N             工作线程数（默认：每个 CPU 核一个；0 = 单线程）
  --include-vendor        同时扫描 vendor/ 目录
  --include-testdata      同时扫描 testdata/ 目录
  --color / --no-color    文本输出是否带 ANSI 颜色（默认：stdout 为终端时）
  --timing                把解析、建模和每条规则所用的时间打印到 stderr
  --lang en|zh-CN         输出语言（默认取自 LC_ALL / LC_MESSAGES / LANG）

退出码：0 表示没有达到 --fail-on 级别的问题，1 表示有问题，2 表示用法错误或内部错误。
`,
  analyze: `用法：gohazard analyze 文件... [参数]

诊断 Go 运行时产物：panic / fatal error 崩溃日志、goroutine dump（SIGQUIT、
/debug/pprof/goroutine?debug=2 和 debug=1）、pprof goroutine 与 goroutineleak profile（gzip 压缩的
protobuf）、race detector 报告、GODEBUG=schedtrace 和 gctrace 输出。格式根据内容自动识别；一份日志
中可以夹杂多个产物和无关的行。文件为 '-' 时读取 stdin。
给出两个包含 goroutine dump 或 profile 的输入时，会报告从第一个到最后一个的增长。

参数：
  --source DIR            把栈帧关联到 DIR 下的 Go 源码（代码片段，以及静态扫描标记了同一行时的
                          "predicted by rule X"）
  --format text|json|sarif|html|vet   输出格式（默认 text）
  --fail-on error|warning|info|never  使退出码为 1 的最低严重级别（默认 warning）
  --similarity exact-flags|exact-lines|any-pointer|any-value
                          goroutine 归入同一分组需要的相似程度（默认 any-pointer）
  --leak-threshold N      停在同一位置的 goroutine 达到多少个即视为疑似泄漏（默认 100）
  --leak-minutes N        等待多少分钟即视为疑似泄漏，不论数量（默认 10）
  --convoy-threshold N    在同一处等锁的 goroutine 达到多少个即视为锁护航（默认 10）
  --color / --no-color    文本输出是否带 ANSI 颜色（默认：stdout 为终端时）
  --lang en|zh-CN         输出语言（默认取自 LC_ALL / LC_MESSAGES / LANG）

退出码：0 表示没有达到 --fail-on 级别的问题，1 表示有问题，2 表示用法错误或内部错误。
无法读取或无法识别的输入列在 errors 中，不影响退出码。
`,
  rules: `用法：gohazard rules [--format text|json] [--lang en|zh-CN]

列出每条规则及其类别、严重级别和文档。
`,
  lsp: `用法：gohazard lsp [--stdio] [--lang en|zh-CN]

通过 stdin/stdout 运行语言服务器（LSP 3.17，JSON-RPC，Content-Length 分帧）。编辑器在打开、
修改、保存 .go 文件时得到诊断，分析范围是该文件所在的整个包（同目录的其他 .go 文件从磁盘读取，
已打开的缓冲区以内存中的内容为准）；代码操作提供规则的修复，以及插入
//gohazard:ignore <规则> <原因> 的抑制注释。

参数：
  --stdio                 使用 stdio 通信（默认且唯一的方式；为兼容编辑器的惯例而接受）
  --lang en|zh-CN         诊断信息的语言（默认取自 LC_ALL / LC_MESSAGES / LANG）
`,
};

/** The help text of a topic in `lang`; `english` is the source text kept beside the command. */
export function helpText(topic: HelpTopic, lang: Lang, english: string): string {
  return lang === 'zh-CN' ? ZH[topic] : english;
}

// Writes docs/analyze.md: the prose below plus one section per artifact rule from the catalog (the
// single source of rule texts). `npx tsc -p . && node dist/tools/gen-analyze-docs.js`; a test
// checks the committed file is current.

import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ARTIFACT_RULES } from '../src/artifacts/diagnose/catalog.js';
import { DEFAULT_THRESHOLDS } from '../src/artifacts/diagnose/context.js';
import { LOG_PREFIXES } from '../src/artifacts/lines.js';

const INTRO = `# gohazard analyze

\`gohazard analyze\` reads what a Go program leaves behind when a concurrency hazard fires and turns it
into findings at the user's source lines: the hazard family, the goroutines involved, and what to do.

\`\`\`
gohazard analyze FILE... [--source DIR] [--format text|json|sarif|html|vet] [--fail-on error|warning|info|never]
                 [--similarity exact-flags|exact-lines|any-pointer|any-value]
                 [--leak-threshold N] [--leak-minutes N] [--convoy-threshold N]
\`\`\`

\`FILE\` may be \`-\` (standard input). The format of each input is sniffed from its content, so one log
can hold several artifacts among unrelated lines (a service log with a race report, a later crash and
a GODEBUG trace). With two or more inputs holding goroutine dumps or goroutine profiles, goroutine
growth from the first snapshot to the last is reported (\`gohazard analyze before.txt after.txt\`).

Exit status: 0 when no finding is at or above \`--fail-on\` (default \`warning\`), 1 otherwise, 2 for usage
or internal errors. An unreadable input, or one in which no artifact is recognised, is listed under
\`errors\` and does not change the exit status.

## Inputs

| artifact | recognised by | notes |
|---|---|---|
| crash: \`panic:\` / \`fatal error:\` with goroutine stacks | a \`panic: \`, \`fatal error: \`, \`runtime: \` or \`SIGxxx: \` line | chained panics (\`[recovered]\`, TAB-indented), \`[recovered, repanicked]\` (1.25+), \`[signal …]\`, \`signal arrived during cgo execution\`, \`runtime stack:\`, every GOTRACEBACK level including \`none\` (message only) |
| SIGQUIT / GOTRACEBACK=crash dump | \`SIGQUIT: quit\` + \`PC=… m=… sigcode=…\` | system goroutines, \`goroutine 0 [idle]\`, \`fp= sp= pc=\` suffixes, register dump |
| goroutine dump (\`debug=2\`, \`runtime.Stack(buf, true)\`) | a bare \`goroutine N [state]:\` header | the dumping goroutine (\`runtime/pprof.writeGoroutineStacks\`) is ignored |
| \`go test -timeout\` dump | \`panic: test timed out after …\` | running-tests list in both layouts (1.20–1.22 and indented 1.23+); the alarm goroutine and the testing framework are skipped; \`FAIL\` tail lines |
| pprof goroutine profile, \`debug=1\` | \`goroutine profile: total N\` | \`# labels:\` lines, TAB-aligned frame lines |
| pprof goroutine profile, \`debug=0\` | gzip magic, then a protobuf \`Profile\` | decoded with the \`pprof-format\` package; labels kept |
| goroutineleak profile (Go 1.26+) | \`goroutineleak profile: total N\`, or a protobuf whose sample type is \`goroutineleak\` | every record is a leak the runtime proved |
| race detector report | \`==================\` + \`WARNING: DATA RACE\` | \`Read/Write/Atomic read/Atomic write\`, \`main goroutine\`, \`[failed to restore the stack]\`, \`Found N data race(s)\`, \`go test\` race failures, the 8128-goroutine limit |
| schedtrace / scheddetail | \`SCHED <t>ms: key=value …\` | fields read as tokens (\`needspinning=\` optional), scheddetail P/M/G lines with \`-1\` or \`nil\`; the "Time / Gs / Ms / Ps" table some articles show is **not** a Go format and is not recognised |
| gctrace | \`gc N @…s …%: …\` | with or without \`MB stacks\`/\`MB globals\`, \`(forced)\`; scavenger lines of every generation are counted |
| runtime/trace execution trace | \`go 1.N trace\\0…\` header | recognised and listed, **not analyzed** (an entry in \`errors\` says so) |

Gzipped text (e.g. \`dump.txt.gz\`) is inflated on the fly and read as text.

### Go versions

Scanners accept every variant listed in the runtime-format research for Go 1.19–1.27, and guess the
producing version from what they see (reported as \`goVersion\` with its \`goVersionEvidence\`):
\`created by … in goroutine N\` and \`...N frames elided...\` (1.21+), \`gp= m= mp=\` headers (1.23+),
\`[sync.Mutex.Lock]\`-style wait reasons (1.20+; \`[semacquire]\` on mutex frames means ≤ 1.19),
\`[sync.WaitGroup.Wait]\` and synctest \`(durable)\` reasons (1.25+), \`…gowrap1\` wrappers (1.22+), the
running-tests layouts, \`runtime.throw\` above a map fatal (≤ 1.18), register-ABI argument markers
(1.17+), \`needspinning=\` in schedtrace, \`MB stacks\` in gctrace, the newer scavenger line, the cgo
check wording, and GOROOT paths that name a release. Unknown wait reasons and unknown trailing tokens
are kept verbatim, never rejected.

### Logs as they arrive

Before any scanner sees a line, gohazard removes: CR of CRLF endings; ANSI colour and OSC sequences;
and one per-line prefix of these shapes (checked independently on every line, so differently prefixed
sources may interleave):

${LOG_PREFIXES.map((p) => `- \`${p.name}\`: \`${p.pattern.source}\``).join('\n')}
- docker json-file lines \`{"log":"…\\n","stream":"stderr","time":"…"}\`: the \`log\` string is used.

Tabs before file lines turned into spaces are accepted. containerd partial lines (\`P\`) are read as
separate lines. Between two goroutine blocks up to five unrelated lines are skipped (another writer's
output); a line that starts another artifact, or a goroutine id the dump already had, ends the dump.
A truncated dump keeps its complete goroutines and is marked \`truncated\`.

## How it works

\`\`\`
bytes → sniff (gzip / protobuf / trace / text) → line cleaning → scanners (one state machine per
format, streaming) → aggregate (buckets, sites, race pairs) → diagnose (one module per diagnosis)
→ link (frames → --source files; static findings on the same line) → reporters
\`\`\`

- **Streaming.** Text is read in chunks and split into lines; nothing holds more than the current line,
  the current goroutine and the aggregates. Goroutines are bucketed as they are scanned; only the first
  10,000 goroutines of a dump are kept for cross-goroutine diagnoses (deadlock cycles), so memory does
  not grow with the size of the dump. \`tools/bench-analyze.ts\` measures it.
- **Speed.** Dumps repeat a few stacks many times. The goroutine scanner remembers what followed each
  frame and checks the next lines against that prediction by comparing texts instead of hashing them;
  inside a goroutine block it takes such frames straight from the decoded chunk, two lines at a time,
  where line cleaning would leave them alone. Buckets match a goroutine against recent stacks of the
  same creator (frames shared by identity, differing pointers compared as \`*\`) before building a
  key. \`npm run bench\` parses generated 50 MB and 200 MB dumps (over 100 MB/s on two cores).
- **Buckets.** Goroutines with the same state and stack share a bucket; \`--similarity\` chooses how
  alike they must be: \`exact-flags\` (same wait minutes and arguments), \`exact-lines\` (same argument
  words), \`any-pointer\` (default: pointer-looking and \`?\`-marked arguments may differ), \`any-value\`
  (arguments ignored). Past 50,000 distinct buckets, new stacks are keyed at \`any-value\`.
- **Innermost user frame.** Findings point at the first frame that is not the runtime, the standard
  library, \`_testmain.go\` or a generated wrapper; with \`--source\`, frames of files under DIR are
  preferred.
- **Linking (\`--source DIR\`).** Frame paths are mapped to files under DIR: \`-trimpath\` module paths by
  stripping the \`module\` path of DIR's go.mod files (nested modules included); build-machine absolute
  paths by the longest common path suffix (ties are not guessed). Linked findings carry the local
  path, so text output can show the code frame, and source lines refine diagnoses (which lock a
  goroutine holds, which channel a line uses, where it is closed, what a racing line writes).
- **Static predictions.** With \`--source\`, the static scanner (when this build has it) is run on the
  files the findings point at; a static finding on the same line is added as a related location
  "predicted by rule X", and its rule id is listed in \`artifact.predictedBy\`.

## Output

Findings use the common JSON contract (see DESIGN.md); \`file\`/\`line\` are the innermost user frame (or,
for traces without frames, the input and the line of the trace). Each finding has
\`artifact: {kind, input, inputLine, …}\` with what was parsed (goroutine ids, counts, wait minutes,
labels, race addresses, trace figures). The top-level \`artifacts\` array has one summary per artifact
recognised: its kind, input lines, \`goVersion\`, goroutine count and the largest buckets (count,
state, wait minutes, function and location), race report counts, trace figures, and for schedtrace
and gctrace a \`timeline\` (run queues, idle Ps and threads per sample; heap, goal and pause per GC
cycle; at most 400 points, each keeping the peaks of the samples it stands for). Deadlock findings
whose partners are known add \`waiter\`, \`waitsFor\` and, when the waits close a loop, \`waitCycle\`.
The HTML report (\`--format html\`) draws these as charts.

## Thresholds

| option | default | meaning |
|---|---|---|
| \`--leak-threshold\` | ${DEFAULT_THRESHOLDS.leakCount} | goroutines parked at one site that make a leak suspect |
| \`--leak-minutes\` | ${DEFAULT_THRESHOLDS.leakMinutes} | \`[…, N minutes]\` that make a leak suspect at any count (minutes are approximate: the runtime stamps them at GC time) |
| \`--convoy-threshold\` | ${DEFAULT_THRESHOLDS.convoyCount} | goroutines waiting for one lock site that make a convoy |
| (library) \`growthMin\` / \`growthFactor\` | ${DEFAULT_THRESHOLDS.growthMin} / ${DEFAULT_THRESHOLDS.growthFactor} | growth between snapshots: at least this many more goroutines, and after ≥ before × factor |
| (library) \`schedConsecutive\` / \`schedBacklogPerP\` | ${DEFAULT_THRESHOLDS.schedConsecutive} / ${DEFAULT_THRESHOLDS.schedBacklogPerP} | consecutive samples with no idle P and at least this many queued goroutines per P |
| (library) \`threadFactor\` / \`threadsMin\` | ${DEFAULT_THRESHOLDS.threadFactor} / ${DEFAULT_THRESHOLDS.threadsMin} | threads above GOMAXPROCS × factor and at least this many more |
| (library) \`gcPauseMs\`, \`gcCpuPercent\`, \`gcPerSecond\` | ${DEFAULT_THRESHOLDS.gcPauseMs}, ${DEFAULT_THRESHOLDS.gcCpuPercent}, ${DEFAULT_THRESHOLDS.gcPerSecond} | STW pause per cycle, GC share of CPU, GC cycles per second sustained over ≥ 1 s |

## Limits

- Execution traces (runtime/trace, \`go test -trace\`) are recognised but not analyzed.
- runtime/metrics snapshots have no standard text form and are not read; invented metric names
  (\`sched.goroutines.preempted\`, \`/debug/pprof/sched\`) are never recognised.
- Goroutine profiles carry no states or wait times: the blocking operation is inferred from frames
  (protobuf profiles keep runtime frames; \`debug=1\` hides them, and then the source line is read when
  \`--source\` is given). A nil-channel wait can only be told from a text dump.
- Wait cycles are inferred: from stacks (who created whom, mutex addresses in arguments) and, with
  \`--source\`, from the text of the source lines. The message says "likely" where it guesses.
- The race detector reports an access pair once per process; counts understate how often it happened.

## Real artifacts for tests

\`tools/crashers\` is a Go program (module \`example.com/crashers\`) that fails on demand in each way
above: \`crashers <mode>\` with modes for map writes / read-write / iteration, a lock-cycle deadlock,
send on / close of closed and nil channels, negative WaitGroup, unlock of unlocked (RW)mutexes, thread
exhaustion, leak dumps in debug=2 / debug=1 / protobuf form, before/after dumps, a SIGQUIT dump, a
race program (built with \`-race\`), schedtrace backlog / thread growth / healthy runs, gctrace churn /
growth / healthy runs; \`cgocheck/\` breaks the cgo pointer rules and \`hang/\` holds a test that
times out. \`test/artifacts/crashers.test.ts\` builds them with the local \`go\` and diagnoses their
live output (set \`GOHAZARD_NO_GO=1\` to skip); \`tools/crashers/capture.ts\` refreshes the committed
captures under \`testdata/artifacts/\`, whose parsed models are snapshotted next to them.

## Diagnoses
`;

function main(): void {
  const out = analyzeDocs();
  let root = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(root, 'package.json')) || !existsSync(join(root, 'docs'))) root = dirname(root);
  const target = join(root, 'docs', 'analyze.md');
  writeFileSync(target, out);
  process.stdout.write(`wrote ${target}\n`);
}

export function analyzeDocs(): string {
  const sections = ARTIFACT_RULES.map(
    (r) => `### ${r.id}\n\n**${r.title}** — family \`${r.family}\`, severity \`${r.severity}\`, from: ${r.sources.join(', ')}.\n\n${r.why}\n\n*Fix:* ${r.fix}\n`,
  );
  return `${INTRO}\n${sections.join('\n')}`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();

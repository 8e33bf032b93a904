// Benchmark for the language server: re-check latency of a realistic 5,000-line Go file after
// single-character edits (incremental didChange → document update → package re-check →
// diagnostics conversion → publishDiagnostics), with the debounce set to 0 so only the work is
// timed; once in process over in-memory streams, once through a `gohazard lsp` child process over
// stdio as an editor runs it. Called by tools/bench.ts; never a unit test.
//   node dist/tools/bench-lsp.js [GOROOT/src]

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startServer } from '../src/lsp/server.js';

const TARGET_LINES = 5000;
const EDITS = 200;
const MAIN = new URL('../src/cli/main.js', import.meta.url);

interface Endpoint {
  input: Writable;
  output: Readable;
  done: Promise<unknown>;
  /** CPU time of the server process is this process's (in process only). */
  inProcess: boolean;
  /** The child's process id, to read its CPU time from /proc (Linux). */
  pid?: number;
}

/** User + system CPU time of a process in ms, from /proc (clock ticks of 10 ms); undefined elsewhere. */
function procCpuMs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

function inProcessServer(): Endpoint {
  const input = new PassThrough();
  const output = new PassThrough();
  return { input, output, done: startServer(input, output, { env: {}, debounceMs: 0, log: () => {} }), inProcess: true };
}

function childServer(): Endpoint {
  const child = spawn(process.execPath, [fileURLToPath(MAIN), 'lsp'], {
    stdio: ['pipe', 'pipe', 'ignore'],
    env: { ...process.env, LANG: 'C.UTF-8' },
  });
  return { input: child.stdin, output: child.stdout, done: new Promise((resolve) => child.on('exit', resolve)), inProcess: false, pid: child.pid };
}

/**
 * net/http's bundled HTTP/2 implementation (locks, channels, goroutines, timers on every page),
 * cut at the first top-level declaration after 5,000 lines; a generated service when Go's
 * sources are not installed.
 */
export function realisticFile(goSrc: string | undefined): { text: string; origin: string } {
  if (goSrc) {
    try {
      const lines = readFileSync(join(goSrc, 'net', 'http', 'h2_bundle.go'), 'utf8').split('\n');
      let cut = TARGET_LINES;
      while (cut < lines.length && !/^(func|type|var|const) /.test(lines[cut]!)) cut++;
      return { text: lines.slice(0, cut).join('\n') + '\n', origin: `net/http/h2_bundle.go, first ${cut} lines` };
    } catch {
      // fall through to the generated file
    }
  }
  return { text: generatedService(), origin: 'generated service' };
}

function generatedService(): string {
  const parts = ['package svc\n\nimport (\n\t"context"\n\t"sync"\n\t"time"\n)\n'];
  for (let i = 0; parts.join('').split('\n').length < TARGET_LINES; i++) {
    parts.push(`
type Cache${i} struct {
	mu    sync.RWMutex
	items map[string]int
	stop  chan struct{}
}

func NewCache${i}() *Cache${i} {
	c := &Cache${i}{items: make(map[string]int), stop: make(chan struct{})}
	go c.loop()
	return c
}

func (c *Cache${i}) loop() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			c.mu.Lock()
			for k := range c.items {
				delete(c.items, k)
			}
			c.mu.Unlock()
		case <-c.stop:
			return
		}
	}
}

func (c *Cache${i}) Get(k string) (int, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.items[k]
	return v, ok
}

func (c *Cache${i}) Fetch(ctx context.Context, keys []string) map[string]int {
	out := make(map[string]int)
	var wg sync.WaitGroup
	results := make(chan [2]int, len(keys))
	for i, k := range keys {
		wg.Add(1)
		go func(i int, k string) {
			defer wg.Done()
			v, _ := c.Get(k)
			select {
			case results <- [2]int{i, v}:
			case <-ctx.Done():
			}
		}(i, k)
	}
	wg.Wait()
	close(results)
	for r := range results {
		out[keys[r[0]]] = r[1]
	}
	return out
}
`);
  }
  return parts.join('');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function benchLsp(goSrc?: string): Promise<Record<string, string | number>> {
  const { text, origin } = realisticFile(goSrc);
  const dir = mkdtempSync(join(tmpdir(), 'gohazard-bench-lsp-'));
  try {
    const path = join(dir, 'big.go');
    writeFileSync(path, text);
    const inProcess = await measure(inProcessServer(), dir, path, text);
    const stdio = await measure(childServer(), dir, path, text);
    return {
      file: `${origin} (${text.split('\n').length - 1} lines, ${inProcess.diagnostics} diagnostics), alone in its package`,
      edits: EDITS,
      'in process: first check (cold, ms)': inProcess.first.toFixed(1),
      'in process: median / p95 / max re-check (ms)': inProcess.latency,
      // CPU time of this process per re-check: what the figures would be on an otherwise idle machine
      'in process: median / p95 CPU per re-check (ms)': inProcess.cpu!,
      'stdio (gohazard lsp child): first check (cold, ms)': stdio.first.toFixed(1),
      'stdio (gohazard lsp child): median / p95 / max re-check (ms)': stdio.latency,
      ...(stdio.cpu !== undefined ? { 'stdio (gohazard lsp child): mean CPU of the server per re-check (ms)': stdio.cpu } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(
  server: Endpoint,
  dir: string,
  path: string,
  text: string,
): Promise<{ first: number; diagnostics: number; latency: string; cpu?: string }> {
  const uri = pathToFileURL(path).href;
  const { input, output, done } = server;

  // read framed messages from the server; resolve the waiter of each publishDiagnostics
  let buffer = Buffer.alloc(0);
  let onPublish: ((diagnostics: number) => void) | undefined;
  output.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())![1]);
      if (buffer.length < end + 4 + length) return;
      const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString()) as {
        method?: string;
        params?: { uri: string; diagnostics: unknown[] };
      };
      buffer = buffer.subarray(end + 4 + length);
      if (message.method === 'textDocument/publishDiagnostics' && message.params?.uri === uri)
        onPublish?.(message.params.diagnostics.length);
    }
  });
  const send = (m: object) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...m }));
    input.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
  };
  const published = () => new Promise<number>((resolve) => (onPublish = resolve));

  send({
    id: 1,
    method: 'initialize',
    params: { processId: null, rootUri: pathToFileURL(dir).href, capabilities: {}, initializationOptions: { debounceMs: 0 } },
  });
  let wait = published();
  const t0 = performance.now();
  send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'go', version: 1, text } } });
  const diagnostics = await wait;
  const first = performance.now() - t0;

  // single-character edits that keep the file valid: a space typed at the end of a line, then deleted
  const lines = text.split('\n');
  const candidates = lines.map((l, i) => (l.trim() !== '' && !l.endsWith('`') ? i : -1)).filter((i) => i >= 0);
  const childCpuStart = server.pid !== undefined ? procCpuMs(server.pid) : undefined;
  const times: number[] = [];
  const cpu: number[] = [];
  let version = 1;
  for (let e = 0; e < EDITS; e++) {
    const line = candidates[(e * 7919) % candidates.length]!;
    const character = lines[line]!.length;
    const insert = e % 2 === 0;
    const range = insert
      ? { start: { line, character }, end: { line, character } }
      : {
          start: {
            line: candidates[((e - 1) * 7919) % candidates.length]!,
            character: lines[candidates[((e - 1) * 7919) % candidates.length]!]!.length,
          },
          end: {
            line: candidates[((e - 1) * 7919) % candidates.length]!,
            character: lines[candidates[((e - 1) * 7919) % candidates.length]!]!.length + 1,
          },
        };
    wait = published();
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    send({
      method: 'textDocument/didChange',
      params: { textDocument: { uri, version: ++version }, contentChanges: [{ range, text: insert ? ' ' : '' }] },
    });
    await wait;
    times.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  const childCpuEnd = server.pid !== undefined ? procCpuMs(server.pid) : undefined;
  send({ id: 2, method: 'shutdown', params: null });
  send({ method: 'exit', params: null });
  await done;

  const sorted = [...times].sort((a, b) => a - b);
  const cpuSorted = [...cpu].sort((a, b) => a - b);
  const ms = (n: number) => n.toFixed(1);
  return {
    first,
    diagnostics,
    latency: `${ms(percentile(sorted, 50))} / ${ms(percentile(sorted, 95))} / ${ms(sorted[sorted.length - 1]!)}`,
    ...(server.inProcess ? { cpu: `${ms(percentile(cpuSorted, 50))} / ${ms(percentile(cpuSorted, 95))}` } : {}),
    ...(childCpuStart !== undefined && childCpuEnd !== undefined ? { cpu: ms((childCpuEnd - childCpuStart) / EDITS) } : {}),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchLsp(process.argv[2]).then(
    (figures) => {
      console.log('lsp (re-check after single-character edits):');
      for (const [k, v] of Object.entries(figures)) console.log(`  ${k}: ${v}`);
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}

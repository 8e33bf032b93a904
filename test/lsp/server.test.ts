// `gohazard lsp` driven by a real client over stdio: the built CLI is spawned and spoken to in
// JSON-RPC with Content-Length framing, as an editor would.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient } from './client.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const RACY = `package main

import (
	"os"
	"os/signal"
	"sync"
)

func count(words []string) map[string]int {
	counts := make(map[string]int)
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			/* ü */ counts[w]++
		}(w)
	}
	wg.Wait()
	return counts
}

func main() {
	c := make(chan os.Signal)
	signal.Notify(c, os.Interrupt)
	<-c
}
`;

const FIXED = RACY.replace('var wg sync.WaitGroup', 'var mu sync.Mutex\n\tvar wg sync.WaitGroup')
  .replace('/* ü */ counts[w]++', 'mu.Lock()\n\t\t\t/* ü */ counts[w]++\n\t\t\tmu.Unlock()')
  .replace('make(chan os.Signal)', 'make(chan os.Signal, 1)');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gohazard-lsp-'));
  writeFileSync(join(dir, 'go.mod'), 'module example.com/m\n\ngo 1.22\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function initialize(client: LspClient, extra: Json = {}): Promise<Json> {
  return client.request<Json>('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true } } },
    initializationOptions: { debounceMs: 20 },
    ...extra,
  });
}

function file(name: string, text?: string): { path: string; uri: string } {
  const path = join(dir, name);
  if (text !== undefined) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return { path, uri: pathToFileURL(path).href };
}

/** Applies LSP text edits (UTF-16 positions, as JavaScript strings count) to a text. */
function applyEdits(text: string, edits: Json[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: Json) => starts[p.line]! + p.character;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
    text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
  }
  return text;
}

describe('gohazard lsp over stdio', () => {
  it('publishes a map race with related information, offers fix and suppression, clears it when fixed', async () => {
    const client = new LspClient();
    const init = await initialize(client);
    expect(init.capabilities).toMatchObject({
      positionEncoding: 'utf-16',
      textDocumentSync: { openClose: true, change: 2 },
      codeActionProvider: { codeActionKinds: ['quickfix'] },
    });
    client.notify('initialized', {});

    const { uri } = file('main.go');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text: RACY } });
    const diagnostics = await client.diagnostics(uri, 1);
    const race = diagnostics.find((d: Json) => d.code === 'map-concurrent-write') as Json;
    expect(race).toBeDefined();
    expect(race.severity).toBe(1);
    expect(race.source).toBe('gohazard');
    expect(race.message).toMatch(/^concurrent map writes: counts is written by goroutines/);
    expect(race.codeDescription.href).toMatch(/docs\/rules\/map-concurrent-write\.md$/);
    // UTF-16 columns: "ü" is 2 bytes in UTF-8 but 1 code unit in UTF-16
    const line = RACY.split('\n')[15]!;
    expect(race.range).toEqual({ start: { line: 15, character: line.indexOf('counts') }, end: { line: 15, character: line.indexOf('++') } });
    expect(race.relatedInformation).toHaveLength(1);
    expect(race.relatedInformation[0]).toMatchObject({
      location: { uri, range: { start: { line: 13, character: 2 } } },
      message: 'goroutines started here run concurrently with each other',
    });
    const signal = diagnostics.find((d: Json) => d.code === 'channel-signal-notify-unbuffered') as Json;
    expect(signal.severity).toBe(2);

    // code actions at the signal finding: the safe fix (preferred) and the suppression
    const actions = await client.request<Json[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: signal.range,
      context: { diagnostics: [signal] },
    });
    const fix = actions.find((a) => a.title.startsWith('buffer the signal channel'))!;
    expect(fix).toMatchObject({ kind: 'quickfix', isPreferred: true });
    expect(fix.edit.changes[uri]).toEqual([{ range: { start: { line: 23, character: 25 }, end: { line: 23, character: 25 } }, newText: ', 1' }]);
    const suppress = actions.find((a) => a.title.includes('Suppress channel-signal-notify-unbuffered'))!;
    expect(suppress).toMatchObject({ kind: 'quickfix', isPreferred: false });
    expect(suppress.edit.changes[uri]).toEqual([
      { range: { start: { line: 24, character: 0 }, end: { line: 24, character: 0 } }, newText: '\t//gohazard:ignore channel-signal-notify-unbuffered TODO: say why this is safe\n' },
    ]);

    // the race has no fix: only the suppression, indented like the flagged line
    const raceActions = await client.request<Json[]>('textDocument/codeAction', { textDocument: { uri }, range: race.range, context: { diagnostics: [race] } });
    expect(raceActions.map((a) => a.title)).toEqual(['Suppress map-concurrent-write on this line (//gohazard:ignore with a reason)']);
    expect(raceActions[0]!.edit.changes[uri][0].newText).toBe('\t\t\t//gohazard:ignore map-concurrent-write TODO: say why this is safe\n');

    // fixing both in the buffer clears the diagnostics
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: FIXED }] });
    expect(await client.diagnostics(uri, 2)).toEqual([]);

    expect(await client.close()).toBe(0);
  });

  it('applies incremental edits and re-checks after single-character changes', async () => {
    const client = new LspClient();
    await initialize(client);
    const { uri } = file('incremental.go');
    const text = RACY.replace('package main', 'package main // incremental').replace('func count', 'func count2').replace('func main', 'func main2');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text } });
    expect((await client.diagnostics(uri, 1)).map((d: Json) => d.code).sort()).toEqual(['channel-signal-notify-unbuffered', 'map-concurrent-write']);
    // type ", 1" one character at a time into make(chan os.Signal) → buffered, the warning goes away
    const at = text.split('\n').findIndex((l) => l.includes('make(chan os.Signal)'));
    const character = text.split('\n')[at]!.indexOf(')', text.split('\n')[at]!.indexOf('os.Signal'));
    let version = 1;
    for (const [i, ch] of [',', ' ', '1'].entries()) {
      const p = { line: at, character: character + i };
      client.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: p, end: p }, text: ch }] });
    }
    expect((await client.diagnostics(uri, version)).map((d: Json) => d.code)).toEqual(['map-concurrent-write']);
    expect(await client.close()).toBe(0);
  });

  it('analyses the whole package: other files from disk, the open buffer from memory', async () => {
    const store = file('pkg/store.go', 'package pkg\n\nvar cache = map[string]int{}\n\nfunc put(k string) { cache[k] = 1 }\n');
    const serve = file('pkg/serve.go', 'package pkg\n\nfunc serve(keys []string) {\n\tfor _, k := range keys {\n\t\tput(k)\n\t}\n}\n');
    const client = new LspClient();
    await initialize(client);
    // on disk serve.go calls put sequentially; the buffer starts goroutines
    const buffer = 'package pkg\n\nfunc serve(keys []string) {\n\tfor _, k := range keys {\n\t\tgo put(k)\n\t}\n}\n';
    client.notify('textDocument/didOpen', { textDocument: { uri: serve.uri, languageId: 'go', version: 1, text: buffer } });
    const onStore = await client.diagnostics(store.uri);
    expect(onStore.map((d: Json) => d.code)).toEqual(['map-concurrent-write']);
    expect(onStore[0]!.range.start).toEqual({ line: 4, character: 21 });
    expect(onStore[0]!.relatedInformation.some((r: Json) => r.location.uri === serve.uri)).toBe(true);
    // closing the buffer falls back to the file on disk: no goroutines, no finding
    client.notify('textDocument/didClose', { textDocument: { uri: serve.uri } });
    expect(await client.diagnostics(store.uri)).toEqual([]);
    expect(await client.close()).toBe(0);
  });

  it('negotiates UTF-8 positions when the client offers them', async () => {
    const client = new LspClient();
    const init = await initialize(client, { capabilities: { general: { positionEncodings: ['utf-8', 'utf-16'] } } });
    expect(init.capabilities.positionEncoding).toBe('utf-8');
    const { uri } = file('utf8.go');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text: RACY.replace('func main', 'func main3').replace('func count', 'func count3') } });
    const race = (await client.diagnostics(uri, 1)).find((d: Json) => d.code === 'map-concurrent-write') as Json;
    const line = Buffer.from(RACY.split('\n')[15]!, 'utf8');
    expect(race.range.start).toEqual({ line: 15, character: line.indexOf('counts') });
    expect(await client.close()).toBe(0);
  });

  it('reads messages split across writes and joined in one write; answers unknown requests with MethodNotFound', async () => {
    const client = new LspClient();
    const init = LspClient.frame({ jsonrpc: '2.0', id: 100, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    client.writeRaw(init.subarray(0, 7)); // inside the header
    client.writeRaw(init.subarray(7, init.length - 3)); // inside the body
    client.writeRaw(init.subarray(init.length - 3));
    const a = file('joined_a.go');
    const b = file('joined_b.go');
    const open = (uri: string, name: string) =>
      LspClient.frame({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'go', version: 7, text: RACY.replace('func count', `func ${name}`).replace('func main', `func main${name}`) } } });
    client.writeRaw(Buffer.concat([open(a.uri, 'a'), open(b.uri, 'b')]));
    expect((await client.diagnostics(a.uri, 7)).length).toBe(2);
    expect((await client.diagnostics(b.uri, 7)).length).toBe(2);
    await expect(client.request('workspace/unknownThing', {})).rejects.toMatchObject({ code: -32601 });
    expect(await client.close()).toBe(0);
  });

  it('applies a fix and a suppression from code actions: the diagnostics they address go away', async () => {
    const client = new LspClient();
    await initialize(client);
    const { uri } = file('actions.go');
    let text = RACY.replace('func count', 'func countA').replace('func main', 'func mainA');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text } });
    let diagnostics = await client.diagnostics(uri, 1);
    const signal = diagnostics.find((d: Json) => d.code === 'channel-signal-notify-unbuffered') as Json;
    const fix = (await client.request<Json[]>('textDocument/codeAction', { textDocument: { uri }, range: signal.range, context: { diagnostics: [signal] } })).find((a) => a.isPreferred)!;
    text = applyEdits(text, fix.edit.changes[uri]);
    expect(text).toContain('make(chan os.Signal, 1)');
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text }] });
    diagnostics = await client.diagnostics(uri, 2);
    expect(diagnostics.map((d: Json) => d.code)).toEqual(['map-concurrent-write']);

    const race = diagnostics[0]!;
    const [suppress] = await client.request<Json[]>('textDocument/codeAction', { textDocument: { uri }, range: race.range, context: { diagnostics: [race] } });
    text = applyEdits(text, suppress!.edit.changes[uri]);
    expect(text).toContain('\t\t\t//gohazard:ignore map-concurrent-write TODO: say why this is safe\n\t\t\t/* ü */ counts[w]++');
    client.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text }] });
    expect(await client.diagnostics(uri, 3)).toEqual([]);
    expect(await client.close()).toBe(0);
  });

  it('debounces changes: a burst of edits is checked once, for the last version', async () => {
    const client = new LspClient();
    await initialize(client, { initializationOptions: { debounceMs: 300 } });
    const { uri } = file('debounce.go');
    const text = RACY.replace('func count', 'func countD').replace('func main', 'func mainD');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text } });
    expect((await client.diagnostics(uri, 1)).length).toBe(2);
    // type ", 1" into make(chan os.Signal) within the quiet time
    const at = text.split('\n').findIndex((l) => l.includes('make(chan os.Signal)'));
    const character = text.split('\n')[at]!.indexOf(')', text.split('\n')[at]!.indexOf('os.Signal'));
    for (const [i, ch] of [',', ' ', '1'].entries()) {
      const p = { line: at, character: character + i };
      client.notify('textDocument/didChange', { textDocument: { uri, version: 2 + i }, contentChanges: [{ range: { start: p, end: p }, text: ch }] });
    }
    expect((await client.diagnostics(uri, 4)).map((d: Json) => d.code)).toEqual(['map-concurrent-write']);
    // nothing was published for the intermediate versions
    await expect(client.waitFor((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri, 400)).rejects.toThrow(/no matching notification/);
    expect(await client.close()).toBe(0);
  });

  it('reports a file that does not parse as a syntax error, keeps serving, and re-checks once it parses', async () => {
    const client = new LspClient();
    await initialize(client);
    const { uri } = file('broken.go');
    const good = RACY.replace('func count', 'func countB').replace('func main', 'func mainB');
    const broken = good.replace('wg.Wait()\n', 'wg.Wait(\n');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text: broken } });
    const diagnostics = await client.diagnostics(uri, 1);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.message).toMatch(/^syntax error: /);
    const line = broken.split('\n').findIndex((l) => l.includes('wg.Wait('));
    expect(diagnostics[0]!.range.start.line).toBeGreaterThanOrEqual(line);
    expect(diagnostics[0]!.range.start.line).toBeLessThanOrEqual(line + 1);
    // no fix is offered for the syntax error, and the server still answers
    expect(await client.request<Json[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0]!.range, context: { diagnostics } })).toEqual([]);
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: good }] });
    expect((await client.diagnostics(uri, 2)).map((d: Json) => d.code).sort()).toEqual(['channel-signal-notify-unbuffered', 'map-concurrent-write']);
    expect(client.stderr).toBe('');
    expect(await client.close()).toBe(0);
  });

  it('exits with 1 when the client exits without shutdown', async () => {
    const client = new LspClient();
    await initialize(client);
    client.notify('exit', null);
    expect(await client.exited).toBe(1);
  });
});

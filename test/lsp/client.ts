// A minimal LSP client for tests: spawns `node dist/src/cli/main.js lsp`, frames JSON-RPC with
// Content-Length headers, matches responses to requests, and queues notifications.

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');

type Json = Record<string, unknown>;

export interface Notification {
  method: string;
  params: Json;
}

export class LspClient {
  readonly process: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly notifications: Notification[] = [];
  private readonly waiters: { match: (n: Notification) => boolean; resolve: (n: Notification) => void }[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(args: string[] = [], env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '' }) {
    this.process = spawn(process.execPath, [MAIN, 'lsp', ...args], { env, stdio: 'pipe' });
    this.process.stdout.on('data', (chunk: Buffer) => this.push(chunk));
    this.process.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.process.on('exit', (code) => resolve(code)));
  }

  request<T = unknown>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    this.send({ jsonrpc: '2.0', id, method, params });
    return new Promise<T>((resolve, reject) => this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject }));
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Raw bytes, to test framing (split messages, several in one write). */
  writeRaw(bytes: Buffer): void {
    this.process.stdin.write(bytes);
  }

  static frame(message: Json): Buffer {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
  }

  /** The next notification (queued or future) that matches; fails after `ms`. */
  waitFor(match: (n: Notification) => boolean, ms = 20_000): Promise<Notification> {
    const i = this.notifications.findIndex(match);
    if (i >= 0) return Promise.resolve(this.notifications.splice(i, 1)[0]!);
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve };
      this.waiters.push(waiter);
      setTimeout(() => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) {
          this.waiters.splice(at, 1);
          reject(new Error(`no matching notification within ${ms} ms; stderr: ${this.stderr}`));
        }
      }, ms);
    });
  }

  /** Diagnostics published for `uri` (optionally for a document version). */
  diagnostics(uri: string, version?: number): Promise<Json[]> {
    return this.waitFor(
      (n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri && (version === undefined || n.params.version === version),
    ).then((n) => n.params.diagnostics as Json[]);
  }

  async close(): Promise<number | null> {
    await this.request('shutdown', null);
    this.notify('exit', null);
    return this.exited;
  }

  private send(message: Json): void {
    this.process.stdin.write(LspClient.frame(message));
  }

  private push(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const m = /Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'));
      if (!m) throw new Error('server sent a message without Content-Length');
      const start = headerEnd + 4;
      const length = Number(m[1]);
      if (this.buffer.length < start + length) return;
      const message = JSON.parse(this.buffer.subarray(start, start + length).toString('utf8')) as Json;
      this.buffer = this.buffer.subarray(start + length);
      this.dispatch(message);
    }
  }

  private dispatch(message: Json): void {
    if (typeof message.id === 'number' && !('method' in message)) {
      const p = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (!p) return;
      if (message.error) p.reject(Object.assign(new Error((message.error as Json).message as string), { code: (message.error as Json).code }));
      else p.resolve(message.result);
      return;
    }
    const n: Notification = { method: message.method as string, params: (message.params ?? {}) as Json };
    const i = this.waiters.findIndex((w) => w.match(n));
    if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(n);
    else this.notifications.push(n);
  }
}

// LSP base protocol: JSON-RPC messages framed by `Content-Length: N\r\n\r\n` headers. The reader
// works on bytes (N counts UTF-8 bytes, not characters) and tolerates messages split or joined
// arbitrarily across chunks.

import type { Readable, Writable } from 'node:stream';

export type Message = Record<string, unknown>;

const HEADER_END = Buffer.from('\r\n\r\n');

export class MessageReader {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(
    input: Readable,
    private readonly onMessage: (m: Message) => void,
    private readonly onError: (err: Error) => void,
    onClose: () => void,
  ) {
    input.on('data', (chunk: Buffer) => this.push(chunk));
    input.on('end', onClose);
    input.on('close', onClose);
  }

  private push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf(HEADER_END);
      if (headerEnd < 0) return;
      const length = contentLength(this.buffer.subarray(0, headerEnd).toString('ascii'));
      if (length === undefined) {
        // unrecoverable framing: drop what we have and report it
        this.buffer = Buffer.alloc(0);
        this.onError(new Error('message without a Content-Length header'));
        return;
      }
      const start = headerEnd + HEADER_END.length;
      if (this.buffer.length < start + length) return;
      const body = this.buffer.subarray(start, start + length).toString('utf8');
      this.buffer = this.buffer.subarray(start + length);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        this.onError(new Error('message body is not JSON'));
        continue;
      }
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) this.onMessage(parsed as Message);
      else this.onError(new Error('message body is not a JSON object'));
    }
  }
}

function contentLength(headers: string): number | undefined {
  for (const line of headers.split('\r\n')) {
    const m = /^content-length:\s*(\d+)\s*$/i.exec(line);
    if (m) return Number(m[1]);
  }
  return undefined;
}

export function writeMessage(output: Writable, message: Message): void {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  output.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
}

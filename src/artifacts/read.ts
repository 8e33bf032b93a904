// Reading one input: sniff its container from the first bytes, then stream text through the
// multiplexer, or collect a (small) binary profile for decoding. Gzip is undone on the fly, so a
// gzipped log streams like a plain one.

import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { decodeGoroutineProfile } from './pprof/decode.js';
import { MAX_BINARY, type ReadResult } from './read-result.js';
import { executionTraceVersion, sniffContainer } from './sniff.js';
import type { TextArtifactStream } from './stream.js';

export type { ReadResult } from './read-result.js';

/**
 * Reads `source` to the end. Text goes to `text()` chunk by chunk (created on demand); a binary
 * goroutine profile is decoded and returned.
 */
export async function readInput(source: AsyncIterable<Uint8Array>, input: string, text: () => TextArtifactStream): Promise<ReadResult> {
  const it = source[Symbol.asyncIterator]();
  const head = await firstChunk(it);
  if (!head) return { container: 'text', bytes: 0 };
  const kind = sniffContainer(head);
  if (kind === 'gzip') {
    const gunzip = createGunzip();
    const inflated = Readable.from(prepend(head, it)).pipe(gunzip);
    return readPlain(inflated[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>, input, text);
  }
  return readPlain(prepend(head, it)[Symbol.asyncIterator](), input, text);
}

async function readPlain(it: AsyncIterator<Uint8Array>, input: string, text: () => TextArtifactStream): Promise<ReadResult> {
  const head = await firstChunk(it);
  if (!head) return { container: 'text', bytes: 0 };
  const kind = sniffContainer(head);
  if (kind === 'text' || kind === 'gzip') {
    const stream = text();
    let bytes = head.length;
    stream.write(Buffer.from(head.buffer, head.byteOffset, head.byteLength));
    for (let r = await it.next(); !r.done; r = await it.next()) {
      bytes += r.value.length;
      stream.write(Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength));
    }
    stream.end();
    return { container: 'text', bytes };
  }
  const chunks: Uint8Array[] = [head];
  let bytes = head.length;
  for (let r = await it.next(); !r.done; r = await it.next()) {
    bytes += r.value.length;
    if (bytes > MAX_BINARY) throw new Error(`binary input larger than ${MAX_BINARY >> 20} MB`);
    // Traces and unknown binaries are not analyzed: only their size matters.
    if (kind === 'pprof-protobuf') chunks.push(r.value);
  }
  if (kind === 'execution-trace') {
    const goMinor = executionTraceVersion(head);
    return goMinor !== undefined ? { container: 'execution-trace', goMinor, bytes } : { container: 'execution-trace', bytes };
  }
  if (kind === 'pprof-protobuf') return { container: 'pprof-protobuf', profile: decodeGoroutineProfile(Buffer.concat(chunks), input), bytes };
  return { container: 'binary', bytes };
}

async function firstChunk(it: AsyncIterator<Uint8Array>): Promise<Uint8Array | undefined> {
  for (let r = await it.next(); !r.done; r = await it.next()) if (r.value.length > 0) return r.value;
  return undefined;
}

async function* prepend(head: Uint8Array, it: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield head;
  for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
}

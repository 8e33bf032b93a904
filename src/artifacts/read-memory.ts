// Reading one input held in memory (pasted text, or the bytes of a dropped file) with WHATWG APIs
// only, so it runs in a browser page. Same outcome as read.ts for the same bytes: gzip is undone
// (with DecompressionStream), text goes through the stream, a goroutine profile is decoded.

import { decodeGoroutineProfile } from './pprof/decode.js';
import { MAX_BINARY, type ReadResult } from './read-result.js';
import { executionTraceVersion, sniffContainer } from './sniff.js';
import type { TextArtifactStream } from './stream.js';

/** Text is fed to the stream in pieces of this size, as a file would be. */
const CHUNK = 1 << 20;

export async function readMemory(data: string | Uint8Array, input: string, text: () => TextArtifactStream): Promise<ReadResult> {
  if (data.length === 0) return { container: 'text', bytes: 0 };
  if (typeof data === 'string') {
    const stream = text();
    for (let i = 0; i < data.length; i += CHUNK) stream.write(data.slice(i, i + CHUNK));
    stream.end();
    return { container: 'text', bytes: data.length };
  }
  const bytes = sniffContainer(data) === 'gzip' ? await gunzip(data) : data;
  if (bytes.length > MAX_BINARY) throw new Error(`input larger than ${MAX_BINARY >> 20} MB`);
  const kind = sniffContainer(bytes);
  if (kind === 'text' || kind === 'gzip') {
    const stream = text();
    for (let i = 0; i < bytes.length; i += CHUNK) stream.write(bytes.subarray(i, i + CHUNK));
    stream.end();
    return { container: 'text', bytes: bytes.length };
  }
  if (kind === 'execution-trace') {
    const goMinor = executionTraceVersion(bytes);
    return goMinor !== undefined ? { container: 'execution-trace', goMinor, bytes: bytes.length } : { container: 'execution-trace', bytes: bytes.length };
  }
  if (kind === 'pprof-protobuf') return { container: 'pprof-protobuf', profile: decodeGoroutineProfile(bytes, input), bytes: bytes.length };
  return { container: 'binary', bytes: bytes.length };
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  // A copy: Blob takes only views of a plain ArrayBuffer.
  const inflated = new Blob([new Uint8Array(bytes)]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(inflated).arrayBuffer());
}

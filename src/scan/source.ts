// Reading a Go source file: binary files and invalid UTF-8 become input errors (the Go
// toolchain rejects them too), never silently dropped.

import { readFileSync } from 'node:fs';

/** Larger files are reported rather than parsed (generated tables top out around a few MB). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

const decoder = new TextDecoder('utf-8', { fatal: true });

export type ReadResult = { ok: true; src: string } | { ok: false; message: string };

export function readGoSource(abs: string): ReadResult {
  let buf: Buffer;
  try {
    buf = readFileSync(abs);
  } catch (err) {
    return { ok: false, message: `cannot read file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
  return decodeGoSource(buf);
}

export function decodeGoSource(buf: Uint8Array): ReadResult {
  if (buf.length > MAX_FILE_BYTES) return { ok: false, message: `file is larger than ${MAX_FILE_BYTES >> 20} MB; not analysed` };
  if (buf.indexOf(0) >= 0) return { ok: false, message: 'binary file (contains NUL bytes); not Go source' };
  try {
    return { ok: true, src: decoder.decode(buf) };
  } catch {
    return { ok: false, message: `not valid UTF-8 (first invalid byte at offset ${firstInvalidUtf8(buf)}); Go source must be UTF-8` };
  }
}

function firstInvalidUtf8(buf: Uint8Array): number {
  for (let i = 0; i < buf.length; ) {
    const b = buf[i]!;
    const n = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (n === 0 || i + n > buf.length) return i;
    for (let k = 1; k < n; k++) if ((buf[i + k]! & 0xc0) !== 0x80) return i;
    i += n;
  }
  return -1;
}

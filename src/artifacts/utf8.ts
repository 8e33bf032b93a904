// Decoding UTF-8 chunks into text. A chunk may end in the middle of a character; the decoder keeps
// the incomplete bytes for the next chunk. This module uses only WHATWG APIs (TextDecoder), so the
// artifact scanners run in a browser page; Node's reader passes the faster decoder of utf8-node.ts.

export interface ChunkDecoder {
  /** The text of this chunk, minus a trailing incomplete character (kept for the next call). */
  write(bytes: Uint8Array): string;
  /** What is left when the input ends (an incomplete character becomes U+FFFD). */
  end(): string;
}

export function webUtf8Decoder(): ChunkDecoder {
  const decoder = new TextDecoder('utf-8');
  return {
    write: (bytes) => decoder.decode(bytes, { stream: true }),
    end: () => decoder.decode(),
  };
}

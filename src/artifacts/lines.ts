// Line splitting and line cleaning for text artifacts. Logs reach us through terminals, log shippers
// and container runtimes, so before any scanner sees a line we remove what those add around it:
// CR of CRLF endings, ANSI colour sequences, and one per-line log prefix (the shapes are listed in
// LOG_PREFIXES and in docs/analyze.md). The cleaning is stateless, line by line, so interleaved
// sources with different prefixes still work.

import { type ChunkDecoder, webUtf8Decoder } from './utf8.js';

/**
 * Receives one complete line as the span [start, end) of `text` (the decoded chunk, or the line
 * alone when it straddled two chunks) and returns where the next line starts: end + 1, or further
 * when the receiver consumed the lines after this one as well.
 */
export type LineSpanSink = (text: string, start: number, end: number) => number;

/** Splits a stream of chunks into lines without holding more than one partial line. */
export class LineSplitter {
  private partial = '';

  constructor(private readonly decoder: ChunkDecoder = webUtf8Decoder()) {}

  /** Calls `onLine` for each complete line in this chunk (without its '\n'). No array of lines is built. */
  push(chunk: Uint8Array | string, onLine: (line: string) => void): void {
    this.pushSpans(chunk, (text, start, end) => {
      onLine(start === 0 && end === text.length ? text : text.slice(start, end));
      return end + 1;
    });
  }

  /** As push, with lines as spans of the chunk: a receiver can look past a line without slicing. */
  pushSpans(chunk: Uint8Array | string, sink: LineSpanSink): void {
    // The chunk is searched as decoded, never joined to the partial line first: indexOf on a
    // concatenation (a rope) is several times slower per call than on a flat string.
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    let nl = text.indexOf('\n');
    if (nl < 0) {
      this.partial += text;
      return;
    }
    let start = 0;
    if (this.partial !== '') {
      const first = this.partial + text.slice(0, nl);
      this.partial = '';
      sink(first, 0, first.length);
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    while (nl >= 0) {
      start = sink(text, start, nl);
      nl = text.indexOf('\n', start);
    }
    this.partial = text.slice(start);
  }

  /** The last line when the input does not end with a newline. */
  end(onLine: (line: string) => void): void {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    if (rest !== '') onLine(rest);
  }
}

// CSI sequences (colours, cursor moves) and OSC sequences (terminal titles, hyperlinks).
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

/**
 * Per-line prefixes added by loggers and container runtimes, tried in order. Each must consume its
 * own trailing separator (one space) and nothing of the Go output behind it: the TAB that starts a
 * frame's file line has to survive.
 */
export const LOG_PREFIXES: { name: string; pattern: RegExp }[] = [
  // containerd/CRI-O node logs: 2026-01-02T03:04:05.123456789Z stderr F <line>
  { name: 'cri', pattern: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d) (?:stdout|stderr) [FP] / },
  // RFC 3339 timestamp (kubectl logs --timestamps, most shippers), optionally followed by a
  // syslog-style "host app[pid]: " or "app[pid]: " tag.
  {
    name: 'rfc3339',
    pattern: /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)? (?:(?:[\w.-]+ )?[\w./-]+\[\d+\]: )?/,
  },
  // Go's log package default flags: 2026/01/02 03:04:05[.000000] <line>
  { name: 'go-log', pattern: /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d+)? / },
  // syslog / journalctl default: Jan  2 03:04:05 host app[123]: <line>
  {
    name: 'syslog',
    pattern: /^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d:\d\d [\w.-]+ [\w./-]+(?:\[\d+\])?: /,
  },
  // kubectl logs --prefix: [pod/name/container] <line>
  { name: 'kubectl-prefix', pattern: /^\[pod\/[^\]\s]+\] / },
];

/**
 * Cleans one raw line; see the module comment. Cheap checks first: most lines need nothing.
 * @param mayHaveEscapes false when the caller knows the text holds no ESC byte (skips a scan per line)
 */
export function cleanLine(raw: string, mayHaveEscapes = true): string {
  let line = raw;
  if (line.length > 0 && line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
  if (line.length === 0) return line;
  if (mayHaveEscapes && line.indexOf('\x1b') >= 0) line = line.replace(ANSI, '');
  const c = line.charCodeAt(0);
  if (c === 123 /* { */) return dockerJsonLine(line) ?? line;
  // Only digits (timestamps), capital letters (syslog months) and '[' (kubectl) can start a prefix.
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === 91) {
    for (const p of LOG_PREFIXES) {
      const m = p.pattern.exec(line);
      if (m && m[0].length > 0) {
        line = line.slice(m[0].length);
        if (line.length > 0 && line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
        return line;
      }
    }
  }
  return line;
}

/** Docker's json-file driver: {"log":"<line>\n","stream":"stderr","time":"..."}; undefined if not one. */
function dockerJsonLine(line: string): string | undefined {
  if (!line.startsWith('{"log":"')) return undefined;
  try {
    const parsed = JSON.parse(line) as { log?: unknown };
    if (typeof parsed.log !== 'string') return undefined;
    let text = parsed.log;
    if (text.endsWith('\n')) text = text.slice(0, -1);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    return text.indexOf('\x1b') >= 0 ? text.replace(ANSI, '') : text;
  } catch {
    return undefined;
  }
}

// The contract between the line multiplexer (stream.ts) and the per-format scanners.

/** A streaming scanner for one artifact occurrence. Lines arrive already cleaned (lines.ts). */
export interface LineScanner {
  /**
   * Offers the next line. Returns false when the artifact ended before this line: the line was not
   * consumed and the multiplexer offers it to the other formats.
   */
  push(line: string, lineNo: number): boolean;
  /** The input ended or the scanner declined a line: emit what was scanned. Called exactly once. */
  finish(): void;
  /**
   * Optional fast lane for raw text: offered the line [start, end) of `text` (line number `lineNo`)
   * before it is cleaned, the scanner may take it and the lines after it when it is sure that
   * cleaning and the single-line collectors would leave them alone and push() would accept them.
   * Returns where the next line starts and sets `linesTaken`, or returns -1 (nothing taken).
   */
  pushRaw?(text: string, start: number, end: number, lineNo: number): number;
  linesTaken?: number;
}

/** Where an artifact sits in its input. */
export interface InputSpan {
  /** Input name as given on the command line ('-' for stdin). */
  input: string;
  /** 1-based lines of the input, inclusive. */
  startLine: number;
  endLine: number;
}

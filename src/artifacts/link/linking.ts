// What diagnoses ask the frame linker. FrameLinker (linker.ts) answers from the file system under
// --source; UNLINKED answers for inputs that come without source (a browser page, a library call
// with no --source): every frame stays as printed.

import type { Frame } from '../frames.js';

export interface LinkedLocation {
  /** Path to show: relative to the working directory when the file was found, else as printed. */
  file: string;
  line: number;
  /** True when the file exists on this machine. */
  linked: boolean;
}

export interface FrameLinking {
  /** The --source directory, when there is one. */
  readonly sourceRoot: string | undefined;
  /** The location to report for a frame. */
  locate(frame: Frame): LinkedLocation;
  /** True when the frame's file is one of the --source files (the user's own code). */
  isSourceFrame: (frame: Frame) => boolean;
  /** Source lines of a printed path (1-based access: lines[line - 1]). */
  sourceLines(printed: string): string[] | undefined;
}

export const UNLINKED: FrameLinking = {
  sourceRoot: undefined,
  locate: (frame) => ({ file: frame.file, line: frame.line, linked: false }),
  isSourceFrame: () => false,
  sourceLines: () => undefined,
};

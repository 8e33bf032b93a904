// ANSI styles for the text reporter. Only ever applied to text that display.ts made printable.

import type { Severity } from './finding.js';

export interface Palette {
  bold(s: string): string;
  dim(s: string): string;
  severity(s: Severity, text: string): string;
  note(s: string): string;
  help(s: string): string;
}

const sgr = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
const bold = sgr(1, 22);
const dim = sgr(2, 22);
const red = sgr(31, 39);
const yellow = sgr(33, 39);
const cyan = sgr(36, 39);
const green = sgr(32, 39);

const SEVERITY_COLOR: Record<Severity, (s: string) => string> = { error: red, warning: yellow, info: cyan };

export const COLORS: Palette = {
  bold,
  dim,
  severity: (s, text) => bold(SEVERITY_COLOR[s](text)),
  note: (s) => bold(cyan(s)),
  help: (s) => bold(green(s)),
};

const same = (s: string) => s;

export const NO_COLORS: Palette = { bold: same, dim: same, severity: (_s, text) => text, note: same, help: same };

// `--format vet`: one line per finding, `file:line:col: message`, as go vet prints diagnostics, so
// editors and CI problem matchers that understand go vet understand gohazard. Related locations
// stay inside their finding (they are not diagnostics of their own). Input errors: `file: message`.

import { printable } from './display.js';
import type { ReportDocument } from './finding.js';

export function renderVet(doc: ReportDocument): string {
  const lines = doc.findings.map((f) => `${printable(f.file)}:${f.line}:${f.column}: ${printable(f.message)}`);
  for (const e of doc.errors) lines.push(`${printable(e.file)}: ${printable(e.message)}`);
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

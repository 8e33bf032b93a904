// The exit status of a run: findings at or above the failing severity fail it. Input errors are
// reported in the document but do not fail the run by themselves.

import { type ReportDocument, type Severity, severityRank } from './finding.js';

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;

export function exitCodeFor(doc: ReportDocument, failOn: Severity | 'never'): number {
  if (failOn === 'never') return EXIT_CLEAN;
  const floor = severityRank(failOn);
  return doc.findings.some((f) => severityRank(f.severity) >= floor) ? EXIT_FINDINGS : EXIT_CLEAN;
}

// The documented output order, enforced once for every format: findings by file, line, column,
// rule, message; input errors by file, line, column, message. Producers usually sort already;
// this makes the order a property of the output rather than of each producer.

import { compareFindings, type InputError, type ReportDocument } from './finding.js';

export function inOutputOrder(doc: ReportDocument): ReportDocument {
  return { ...doc, findings: [...doc.findings].sort(compareFindings), errors: [...doc.errors].sort(compareErrors) };
}

function compareErrors(a: InputError, b: InputError): number {
  return cmp(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || cmp(a.message, b.message);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

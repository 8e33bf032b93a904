import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/report/exit.js';
import { doc, finding } from './helpers.js';

describe('exit codes', () => {
  const warning = doc([finding({ severity: 'warning' }), finding({ severity: 'info' })]);

  it('fails when a finding is at or above the failing severity', () => {
    expect(exitCodeFor(warning, 'info')).toBe(1);
    expect(exitCodeFor(warning, 'warning')).toBe(1);
    expect(exitCodeFor(warning, 'error')).toBe(0);
    expect(exitCodeFor(doc([finding({ severity: 'error' })]), 'error')).toBe(1);
  });

  it('never fails with never, and never for input errors alone', () => {
    expect(exitCodeFor(doc([finding()]), 'never')).toBe(0);
    expect(exitCodeFor(doc([], { errors: [{ file: 'x.go', message: 'unreadable' }] }), 'info')).toBe(0);
  });
});

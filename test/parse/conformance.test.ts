// Our parser against go/parser (through tools/goast) on the Go standard library and on broken
// variants of its files: the same files accepted, the same trees (exact positions), and for
// rejected files the same errors in the same order. Needs a Go toolchain (`apt-get install
// golang-go`); without one these tests fail, unless GOHAZARD_NO_GO=1 says to skip them.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compare, goSourceRoot, referenceFor, type ConformanceReport, type Mismatch } from '../../tools/conformance.js';
import { go } from './crosscheck.js';
import { goFiles, mutants } from './mutants.js';

const TIMEOUT = 300_000; // the Go reference alone takes about 20 s on the standard library

const optedOut = process.env.GOHAZARD_NO_GO === '1';

function acceptance(ms: Mismatch[]): Mismatch[] {
  return ms.filter((m) => m.reason.startsWith('we reject') || m.reason.startsWith('we accept'));
}

function mbPerSecond(r: ConformanceReport): string {
  return (r.bytes / 1e6 / (r.parseMs / 1000)).toFixed(1);
}

describe.skipIf(go === null && optedOut)('conformance with go/parser', () => {
  it('finds a Go toolchain (install golang-go, or set GOHAZARD_NO_GO=1 to skip these tests)', () => {
    expect(go, '`go version` failed: install golang-go, or set GOHAZARD_NO_GO=1').not.toBeNull();
  });

  describe.runIf(go !== null)('on the Go standard library', () => {
    let report: ConformanceReport;

    beforeAll(() => {
      report = compare(referenceFor(goSourceRoot()), { rejected: true });
      console.log(
        `${go}: ${report.files} files, ${(report.bytes / 1e6).toFixed(1)} MB parsed in ` +
          `${(report.parseMs / 1000).toFixed(2)} s = ${mbPerSecond(report)} MB/s (one core; informative)`,
      );
    }, TIMEOUT);

    it('covers the whole source tree', () => {
      expect(report.files).toBeGreaterThan(5000);
    });

    it('reports errors for exactly the files go/parser rejects', () => {
      expect(acceptance(report.mismatches)).toEqual([]);
      expect(report.rejectedByGo, 'the corpus has testdata files that go/parser rejects').toBeGreaterThan(0);
      expect(report.rejectedByUs).toBe(report.rejectedByGo);
    });

    it('builds the same trees, and the same errors where both reject', () => {
      expect(report.mismatches.slice(0, 10)).toEqual([]);
    });
  });

  describe.runIf(go !== null)('on broken variants of standard library files', () => {
    let dir: string;
    let report: ConformanceReport;

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'gohazard-mutants-'));
      const broken = mutants(goFiles(goSourceRoot()), 600, 20240601);
      broken.forEach((m, i) => writeFileSync(join(dir, `m${String(i).padStart(4, '0')}.go`), m.src));
      report = compare(referenceFor(dir), { rejected: true });
    }, TIMEOUT);

    afterAll(() => {
      // kept when something differs, so that the failing files can be examined
      if (dir && report?.mismatches.length === 0) rmSync(dir, { recursive: true, force: true });
    });

    it('are mostly broken (the test exercises recovery)', () => {
      expect(report.files).toBe(600);
      expect(report.rejectedByGo).toBeGreaterThan(300);
    });

    it('get the same errors, in the same order, and the same partial trees', () => {
      // to investigate one: node dist/tools/conformance.js --explain FILE
      expect(report.mismatches.slice(0, 10)).toEqual([]);
    });
  });
});

// `gohazard analyze` as a command: flags, stdin, exit codes, errors. Rendering belongs to the
// reporters (src/report), so render() is replaced here by a JSON passthrough: these tests check
// the document the command hands to it and the options it passes.

import { describe, expect, it, vi } from 'vitest';
import type { ReportDocument } from '../../src/report/finding.js';
import { fixture, ROOT } from './helpers.js';

const renders: { format: string; options: Record<string, unknown> }[] = [];
vi.mock('../../src/report/index.js', () => ({
  OUTPUT_FORMATS: ['text', 'json', 'sarif', 'html', 'vet'],
  render: (doc: ReportDocument, format: string, options: Record<string, unknown>) => {
    renders.push({ format, options });
    return JSON.stringify(doc);
  },
}));

const { run, loadStaticScanner } = await import('../../src/cli/commands/analyze.js');
const { UsageError } = await import('../../src/cli/args.js');

async function cli(args: string[], stdin = ''): Promise<{ code: number; doc: ReportDocument; stderr: string }> {
  let out = '';
  let err = '';
  const code = await run(args, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    readStdin: async () => Buffer.from(stdin),
    cwd: ROOT,
    env: {},
    stderrIsTTY: false,
    stdoutIsTTY: false,
  });
  return { code, doc: out.startsWith('{') ? (JSON.parse(out) as ReportDocument) : ({} as ReportDocument), stderr: err };
}

describe('gohazard analyze', () => {
  it('reports findings with exit 1, passes the analyze options to the reporter', async () => {
    const r = await cli(['testdata/artifacts/crash/concurrent-map-writes.txt', '--format', 'json', '--source', 'tools/crashers']);
    expect(r.code).toBe(1);
    expect(r.doc.findings[0]).toMatchObject({ rule: 'crash-concurrent-map-writes', file: 'tools/crashers/crashes.go' });
    expect(r.doc.artifacts![0]).toMatchObject({ kind: 'crash', fatal: 'concurrent map writes' });
    const last = renders[renders.length - 1]!;
    expect(last.format).toBe('json');
    expect(last.options).toMatchObject({ command: 'analyze', color: false });
    expect((last.options.sourceOf as (f: string) => string | undefined)('tools/crashers/crashes.go')).toContain('func mapWriter');
    expect((last.options.rules as { id: string }[]).some((x) => x.id === 'dump-leak-suspect')).toBe(true);
  });

  it('reads stdin for -', async () => {
    const r = await cli(['-', '--format', 'json'], fixture('race/races.txt').toString());
    expect(r.doc.findings.map((f) => f.rule)).toContain('race-map');
    expect(r.doc.findings[0]!.artifact).toMatchObject({ input: '-' });
  });

  it('--fail-on decides the exit code', async () => {
    const info = ['testdata/artifacts/gctrace/growth.txt', '--format', 'json'];
    expect((await cli(info)).code).toBe(0); // only info findings: below the default (warning)
    expect((await cli([...info, '--fail-on', 'info'])).code).toBe(1);
    expect((await cli(['testdata/artifacts/crash/deadlock-lock-cycle.txt', '--fail-on', 'never', '--format', 'json'])).code).toBe(0);
  });

  it('unreadable and unrecognised inputs are errors in the document, not a crash', async () => {
    const r = await cli(['no/such/file.txt', 'package.json', 'testdata/artifacts/crash/close-of-nil-channel.txt', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.doc.errors.map((e) => e.file)).toEqual(['no/such/file.txt', 'package.json']);
    expect(r.doc.errors[0]!.message).toMatch(/^cannot read: ENOENT/);
    expect(r.doc.findings.map((f) => f.rule)).toEqual(['crash-close-of-nil-channel']);
  });

  it('thresholds and similarity flags reach the analysis', async () => {
    const base = ['testdata/artifacts/goroutine-dump/leaks-debug2.txt', '--format', 'json'];
    expect((await cli(base)).doc.findings.map((f) => f.rule).sort()).toEqual(['dump-leak-suspect', 'dump-lock-convoy', 'dump-nil-channel']);
    expect((await cli([...base, '--leak-threshold', '500', '--convoy-threshold', '50'])).doc.findings.map((f) => f.rule)).toEqual(['dump-nil-channel']);
    const exact = (await cli([...base, '--similarity', 'exact-lines'])).doc.artifacts![0]!;
    const loose = (await cli([...base, '--similarity', 'any-value'])).doc.artifacts![0]!;
    expect(exact.bucketCount as number).toBeGreaterThan(loose.bucketCount as number);
  });

  it('gzipped inputs are inflated, binary profiles decoded, traces recognised', async () => {
    const r = await cli(['testdata/artifacts/pprof/leaks-debug0.pb.gz', 'testdata/artifacts/research/runtime-trace-go1.19.trace.bin', '--format', 'json']);
    expect(r.doc.artifacts!.map((a) => a.kind)).toEqual(['pprof-goroutine', 'execution-trace']);
    expect(r.doc.errors).toEqual([{ file: 'testdata/artifacts/research/runtime-trace-go1.19.trace.bin', message: expect.stringContaining('not analyzed') }]);
  });

  it('usage errors', async () => {
    await expect(cli([])).rejects.toBeInstanceOf(UsageError);
    await expect(cli(['x.txt', '--format', 'xml'])).rejects.toBeInstanceOf(UsageError);
    await expect(cli(['x.txt', '--leak-threshold', '0'])).rejects.toBeInstanceOf(UsageError);
    await expect(cli(['x.txt', '--source', 'no/such/dir'])).rejects.toBeInstanceOf(UsageError);
    await expect(cli(['-', '-'])).rejects.toBeInstanceOf(UsageError);
    await expect(cli(['x.txt', '--bogus'])).rejects.toBeInstanceOf(UsageError);
  });

  it('the static scanner seam loads src/scan/api and connects its findings to the race on the map line', async () => {
    const scanner = await loadStaticScanner(ROOT);
    expect(typeof scanner).toBe('function');
    const r = await cli(['testdata/artifacts/race/races.txt', '--format', 'json', '--source', 'tools/crashers']);
    const map = r.doc.findings.find((f) => f.rule === 'race-map')!;
    expect(map.related.some((x) => /^predicted by rule [a-z-]+: /.test(x.message))).toBe(true);
    expect(map.artifact!.predictedBy).toEqual(expect.arrayContaining([expect.stringMatching(/^map-/)]));
  }, 60_000);
});

// Shared test helpers: scanning text or files into artifacts, analyzing fixtures, and a compact,
// readable form of parsed models for snapshots.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeArtifacts, type AnalyzeOptions } from '../../src/artifacts/analyze.js';
import type { Frame } from '../../src/artifacts/frames.js';
import { decodeGoroutineProfile } from '../../src/artifacts/pprof/decode.js';
import { type TextArtifact, TextArtifactStream } from '../../src/artifacts/stream.js';
import type { Finding, ReportDocument } from '../../src/report/finding.js';
import { gunzipSync } from 'node:zlib';

export const ROOT = join(import.meta.dirname, '..', '..');
export const FIXTURES = join(ROOT, 'testdata', 'artifacts');
export const CRASHERS = join(ROOT, 'tools', 'crashers');

export function fixture(path: string): Buffer {
  return readFileSync(join(FIXTURES, path));
}

/** Scans text (in chunks of `chunk` bytes, to exercise line splitting) into artifacts. */
export function scanText(text: string | Buffer, input = 'input.txt', chunk = 4096, retain = 10_000): TextArtifact[] {
  const out: TextArtifact[] = [];
  const s = new TextArtifactStream({ input, retain, onArtifact: (a) => out.push(a) });
  const buf = typeof text === 'string' ? Buffer.from(text) : text;
  for (let i = 0; i < buf.length; i += chunk) s.write(buf.subarray(i, i + chunk));
  s.end();
  return out;
}

export function scanFixture(path: string): TextArtifact[] {
  if (path.endsWith('.pb.gz')) return [decodeGoroutineProfile(gunzipSync(fixture(path)), path)];
  return scanText(fixture(path), path);
}

export async function analyzeBuffers(files: { name: string; data: Buffer | string }[], options: AnalyzeOptions = {}): Promise<ReportDocument> {
  return analyzeArtifacts(
    files.map((f) => ({
      name: f.name,
      open: async function* () {
        yield typeof f.data === 'string' ? Buffer.from(f.data) : f.data;
      },
    })),
    { cwd: ROOT, ...options },
  );
}

export async function analyzeFixtures(paths: string[], options: AnalyzeOptions = {}): Promise<ReportDocument> {
  return analyzeBuffers(
    paths.map((p) => ({ name: `testdata/artifacts/${p}`, data: fixture(p) })),
    options,
  );
}

export function byRule(doc: ReportDocument, rule: string): Finding[] {
  return doc.findings.filter((f) => f.rule === rule);
}

export function rules(doc: ReportDocument): string[] {
  return [...new Set(doc.findings.map((f) => f.rule))].sort();
}

function frame(f: Frame): string {
  return `${f.func}(${f.args}) ${f.file}:${f.line}`;
}

/** A compact model for snapshots: one string per goroutine / record / sample. */
export function condense(a: TextArtifact): unknown {
  switch (a.format) {
    case 'goroutine-text':
      return {
        format: a.format,
        kind: a.kind,
        lines: [a.startLine, a.endLine],
        preamble: a.preamble,
        runtimeStack: a.runtimeStack.map(frame),
        goroutineCount: a.goroutineCount,
        goroutines: a.goroutines.map((g) => ({
          header: `${g.id} [${g.state}${g.waitMinutes !== undefined ? `, ${g.waitMinutes} minutes` : ''}${g.locked ? ', locked' : ''}]`,
          frames: g.frames.map(frame),
          ...(g.createdBy ? { createdBy: `${g.createdBy.func}${g.createdBy.parentId !== undefined ? ` in goroutine ${g.createdBy.parentId}` : ''} ${g.createdBy.file}:${g.createdBy.line}` } : {}),
          ...(g.ancestors.length ? { ancestors: g.ancestors.map((x) => ({ id: x.id, frames: x.frames.map(frame), createdBy: x.createdBy?.func })) } : {}),
          ...(g.framesElided ? { framesElided: true } : {}),
          ...(g.stackUnavailable ? { stackUnavailable: true } : {}),
        })),
        exitStatus: a.exitStatus,
        testFailures: a.testFailures,
        registers: a.registers,
        truncated: a.truncated,
        goVersion: a.goVersion,
      };
    case 'pprof':
      return { ...a, records: a.records.map((r) => ({ count: r.count, labels: r.labels, frames: r.frames.map(frame) })) };
    case 'race':
      return {
        ...a,
        reports: a.reports.map((r) => ({
          line: r.line,
          current: `${r.current.kind} by ${r.current.goroutine}: ${r.current.frames.map(frame).join(' < ')}`,
          previous: r.previous ? `${r.previous.kind} by ${r.previous.goroutine}: ${r.previous.frames.map(frame).join(' < ')}` : undefined,
          goroutines: r.goroutines.map((g) => `${g.id} (${g.status}) created at ${g.createdAt.map(frame).join(' < ')}`),
        })),
      };
    case 'schedtrace':
      return {
        ...a,
        samples: a.samples.map(
          (s) =>
            `${s.line}: ${s.timeMs}ms procs=${s.gomaxprocs} idle=${s.idleprocs} threads=${s.threads} spinning=${s.spinningthreads}${s.needspinning !== undefined ? ` need=${s.needspinning}` : ''} idleth=${s.idlethreads} runq=${s.runqueue} [${s.localRunqueues.join(' ')}]${s.detail ? ` detail=${JSON.stringify(s.detail)}` : ''}`,
        ),
      };
    case 'gctrace':
      return {
        ...a,
        cycles: a.cycles.map(
          (c) =>
            `${c.line}: gc ${c.n} @${c.atSeconds}s ${c.cpuPercent}% clock ${c.clockMs.sweepTermination}+${c.clockMs.mark}+${c.clockMs.markTermination} cpu ${c.cpuMs.sweepTermination}+${c.cpuMs.assist}/${c.cpuMs.background}/${c.cpuMs.idle}+${c.cpuMs.markTermination} heap ${c.heapMB.start}->${c.heapMB.end}->${c.heapMB.live} goal ${c.goalMB} stacks ${c.stacksMB} globals ${c.globalsMB} P ${c.procs}${c.forced ? ' forced' : ''}`,
        ),
      };
  }
}

/** 1-based line of the first line of `file` (under tools/crashers) containing `text`. */
export function lineOf(file: string, text: string): number {
  const lines = readFileSync(join(CRASHERS, file), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`${text} not in ${file}`);
  return i + 1;
}

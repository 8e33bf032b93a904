// The analyze pipeline without I/O: inputs arrive with a `read` function that feeds the text stream
// (or returns a decoded binary profile), frames are linked through a FrameLinking. analyze.ts runs it
// on files and stdin with --source linking; memory.ts runs it on text or bytes held in memory (a
// browser page). Nothing here touches the file system or the process.

import { type ArtifactDetails, compareFindings, type Finding, type ReportDocument } from '../report/finding.js';
import { type Bucket, BucketBuilder, Similarity } from './aggregate/buckets.js';
import { SiteCounter, sitesOfBuckets } from './aggregate/sites.js';
import { diagnoseDeadlock, diagnoseTestTimeout } from './diagnose/blocked.js';
import { DEFAULT_THRESHOLDS, DiagnoseContext, type Thresholds } from './diagnose/context.js';
import { diagnoseCrash } from './diagnose/crash.js';
import { diagnoseGcTrace } from './diagnose/gctrace.js';
import { diagnoseGrowth, type Snapshot } from './diagnose/growth.js';
import { diagnoseDumpSites, diagnoseProfile, dumpSites } from './diagnose/leaks.js';
import { diagnoseRaces } from './diagnose/races.js';
import { diagnoseSchedTrace } from './diagnose/schedtrace.js';
import type { GoroutineDump } from './goroutines/model.js';
import type { FrameLinking } from './link/linking.js';
import type { GoroutineProfile } from './pprof/model.js';
import type { ReadResult } from './read-result.js';
import { type TextArtifact, TextArtifactStream } from './stream.js';
import { summarizeDump, summarizeGc, summarizeProfile, summarizeRaces, summarizeSched } from './summary.js';
import type { ChunkDecoder } from './utf8.js';

export interface PipelineInput {
  /** Name for reports: the path as given, '-' for stdin, or a label. */
  name: string;
  /** Reads the input to the end: text into the stream `text()` creates, a binary profile returned. */
  read: (text: () => TextArtifactStream) => Promise<ReadResult>;
}

export interface PipelineOptions {
  /** Bucket similarity for dumps (default AnyPointer). */
  similarity?: Similarity;
  thresholds?: Partial<Thresholds>;
  /** Goroutines kept in memory per dump for cross-goroutine diagnoses (deadlock cycles); default 10,000. */
  retain?: number;
  /** How byte chunks become text (default: TextDecoder). */
  decoder?: () => ChunkDecoder;
}

const DEFAULT_RETAIN = 10_000;

/** Everything scanned from one input, in input order. */
interface Scanned {
  input: string;
  dumps: { dump: GoroutineDump; buckets: Bucket[]; sites: SiteCounter }[];
  profiles: { profile: GoroutineProfile; sites: SiteCounter }[];
  others: TextArtifact[];
  lines: number;
  /** A recognised artifact that is not analyzed (execution traces). */
  note?: ArtifactDetails;
  /** Why the input could not be (fully) analyzed. */
  noteError?: string;
}

/** The report for these inputs, findings sorted; `stats.ms` is left for the caller to set. */
export async function runPipeline(inputs: readonly PipelineInput[], linker: FrameLinking, options: PipelineOptions = {}): Promise<ReportDocument> {
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const ctx = new DiagnoseContext(thresholds, linker);
  const doc: ReportDocument = { version: 1, findings: [], errors: [], stats: { files: inputs.length, lines: 0, ms: 0, bytes: 0, artifacts: 0 }, artifacts: [] };
  const artifacts: ArtifactDetails[] = doc.artifacts!;
  const snapshots: Snapshot[] = [];

  for (const input of inputs) {
    let scanned: Scanned;
    try {
      scanned = await scanInput(input, options);
    } catch (err) {
      doc.errors.push({ file: input.name, message: `cannot read: ${err instanceof Error ? err.message : String(err)}` });
      continue;
    }
    doc.stats.lines += scanned.lines;
    let recognised = 0;
    for (const { dump, buckets, sites } of scanned.dumps) {
      recognised++;
      artifacts.push(summarizeDump(dump, buckets));
      doc.findings.push(...diagnoseDump(dump, buckets, ctx));
      if (dump.kind === 'goroutine-dump' || dump.kind === 'signal-dump') snapshots.push({ input: dump.input, inputLine: dump.startLine, sites });
    }
    for (const { profile, sites } of scanned.profiles) {
      recognised++;
      artifacts.push(summarizeProfile(profile));
      doc.findings.push(...diagnoseProfile(profile, ctx));
      if (profile.profile === 'goroutine') snapshots.push({ input: profile.input, inputLine: profile.startLine, sites });
    }
    for (const a of scanned.others) {
      recognised++;
      if (a.format === 'race') {
        artifacts.push(summarizeRaces(a));
        doc.findings.push(...diagnoseRaces(a, ctx));
      } else if (a.format === 'schedtrace') {
        artifacts.push(summarizeSched(a));
        doc.findings.push(...diagnoseSchedTrace(a, ctx));
      } else if (a.format === 'gctrace') {
        artifacts.push(summarizeGc(a));
        doc.findings.push(...diagnoseGcTrace(a, ctx));
      }
    }
    if (scanned.note) {
      recognised++;
      artifacts.push(scanned.note);
    }
    if (scanned.noteError) doc.errors.push({ file: input.name, message: scanned.noteError });
    else if (recognised === 0) doc.errors.push({ file: input.name, message: 'no Go runtime artifact recognised (crash, goroutine dump, pprof goroutine profile, race report, schedtrace, gctrace)' });
  }

  // Growth between the first and the last snapshot, when there are two from different inputs.
  if (snapshots.length >= 2 && snapshots[0]!.input !== snapshots[snapshots.length - 1]!.input) {
    doc.findings.push(...diagnoseGrowth(snapshots[0]!, snapshots[snapshots.length - 1]!, ctx));
  }
  doc.stats.artifacts = artifacts.length;
  doc.findings.sort(compareFindings);
  return doc;
}

function diagnoseDump(dump: GoroutineDump, buckets: Bucket[], ctx: DiagnoseContext): Finding[] {
  const out: Finding[] = [];
  const fatal = dump.preamble.fatal ?? '';
  if (dump.kind === 'test-timeout') out.push(...diagnoseTestTimeout(dump, ctx));
  else if (/^(?:all goroutines are asleep|no goroutines \(main called runtime\.Goexit\)) - deadlock!$/.test(fatal)) out.push(...diagnoseDeadlock(dump, ctx));
  else if (dump.kind === 'crash') out.push(...diagnoseCrash(dump, ctx));
  // Leak, convoy and nil-channel analysis for dumps taken from live processes, and for crash dumps
  // big enough to show accumulation.
  if (dump.kind === 'goroutine-dump' || dump.kind === 'signal-dump' || (dump.kind === 'crash' && dump.goroutineCount >= ctx.thresholds.leakCount)) {
    const seen = new Set(out.map((f) => `${f.file}:${f.line}`));
    for (const f of diagnoseDumpSites(dump, dumpSites(buckets, ctx), ctx)) if (!seen.has(`${f.file}:${f.line}`)) out.push(f);
  }
  return out;
}

async function scanInput(input: PipelineInput, options: PipelineOptions): Promise<Scanned> {
  const scanned: Scanned = { input: input.name, dumps: [], profiles: [], others: [], lines: 0 };
  const builders = new Map<number, BucketBuilder>();
  const similarity = options.similarity ?? Similarity.AnyPointer;
  let stream: TextArtifactStream | undefined;
  const makeStream = (): TextArtifactStream => {
    stream = new TextArtifactStream({
      input: input.name,
      retain: options.retain ?? DEFAULT_RETAIN,
      ...(options.decoder ? { decoder: options.decoder() } : {}),
      onGoroutine: (g, serial) => {
        let b = builders.get(serial);
        if (!b) {
          b = new BucketBuilder({ similarity, maxBuckets: 50_000 });
          builders.set(serial, b);
        }
        b.add(g);
      },
      onArtifact: (a, serial) => {
        if (a.format === 'goroutine-text') {
          const buckets = builders.get(serial)?.result() ?? [];
          builders.delete(serial);
          scanned.dumps.push({ dump: a, buckets, sites: sitesOfBuckets(buckets) });
        } else if (a.format === 'pprof') {
          scanned.profiles.push({ profile: a, sites: profileSites(a) });
        } else scanned.others.push(a);
      },
    });
    return stream;
  };
  const result = await input.read(makeStream);
  scanned.lines = stream?.lines ?? 0;
  if (result.container === 'pprof-protobuf') scanned.profiles.push({ profile: result.profile, sites: profileSites(result.profile) });
  if (result.container === 'execution-trace') {
    scanned.note = { kind: 'execution-trace', input: input.name, ...(result.goMinor !== undefined ? { formatVersion: `1.${result.goMinor}` } : {}), bytes: result.bytes, analyzed: false };
    scanned.noteError = 'runtime/trace execution traces are recognised but not analyzed yet; use `go tool trace` for scheduling latency';
  }
  if (result.container === 'binary') scanned.noteError = 'binary input that is neither a pprof goroutine profile nor an execution trace';
  return scanned;
}

function profileSites(p: GoroutineProfile): SiteCounter {
  const s = new SiteCounter();
  for (const r of p.records) s.add(r.frames, r.count);
  return s;
}

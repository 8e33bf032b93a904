// Streaming scanner for `debug=1` pprof text profiles (goroutine and goroutineleak).

import type { Frame } from '../frames.js';
import type { LineScanner } from '../scanner.js';
import { VersionEvidence } from '../version.js';
import type { GoroutineProfile, ProfileRecord } from './model.js';

export const enum State {
  /** Expects the header `goroutine profile: total 29` or `goroutineleak profile: total 3` (→ Records). */
  Header,
  /**
   * Between records. Accepts a record line `10 @ 0x43b256 0x40708c …` (→ RecordBody) and blank lines;
   * anything else ends the profile.
   */
  Records,
  /**
   * Inside a record. Accepts `# labels: {"handler":"leaky", "shard":"0"}` and frame lines
   * `#<TAB>0x6a3c04<TAB>main.leakyHandler+0x24<TAB>example.com/app/pprofsrv/main.go:18` (fields split on
   * runs of TABs: text/tabwriter aligns them). Blank → Records.
   */
  RecordBody,
}

const HEADER = /^([a-z]+) profile: total (\d+)$/;
const RECORD = /^(\d+) @(?: 0x[0-9a-f]+)*$/;

export function startsPprofText(line: string): boolean {
  return (line.startsWith('goroutine profile: total ') || line.startsWith('goroutineleak profile: total ')) && HEADER.test(line);
}

export class PprofTextScanner implements LineScanner {
  private state: State = State.Header;
  private record?: ProfileRecord;
  private readonly profile: GoroutineProfile;
  private readonly version = new VersionEvidence();
  private done = false;

  constructor(input: string, private readonly onProfile: (p: GoroutineProfile) => void) {
    this.profile = { format: 'pprof', encoding: 'text', profile: 'goroutine', total: 0, records: [], input, startLine: 0, endLine: 0 };
  }

  push(line: string, lineNo: number): boolean {
    const ok = this.step(line, lineNo);
    if (ok) {
      if (this.profile.startLine === 0) this.profile.startLine = lineNo;
      this.profile.endLine = lineNo;
    }
    return ok;
  }

  private step(line: string, lineNo: number): boolean {
    switch (this.state) {
      case State.Header: {
        const m = HEADER.exec(line);
        if (!m) return false;
        this.profile.profile = m[1]!;
        this.profile.total = Number(m[2]);
        if (m[1] === 'goroutineleak') this.version.atLeast(26, 'goroutineleak profile');
        this.state = State.Records;
        return true;
      }
      case State.Records:
        if (line === '') return true;
        return this.startRecord(line, lineNo);
      case State.RecordBody:
        if (line === '') {
          this.state = State.Records;
          return true;
        }
        if (line.startsWith('# labels: ')) {
          if (this.record) this.record.labels = parseLabels(line.slice('# labels: '.length));
          return true;
        }
        if (line.startsWith('#\t')) {
          const frame = parseFrame(line);
          if (frame) this.record?.frames.push(frame);
          return true;
        }
        // Records are normally separated by a blank line; accept a record line anyway.
        return this.startRecord(line, lineNo);
    }
  }

  private startRecord(line: string, lineNo: number): boolean {
    const m = RECORD.exec(line);
    if (!m) return false;
    this.record = { count: Number(m[1]), labels: {}, frames: [], line: lineNo };
    this.profile.records.push(this.record);
    this.state = State.RecordBody;
    return true;
  }

  finish(): void {
    if (this.done) return;
    this.done = true;
    for (const r of this.profile.records) for (const f of r.frames) if (f.file.startsWith('/')) this.version.fromPath(f.file);
    const v = this.version.result();
    if (v) this.profile.goVersion = v;
    if (this.profile.startLine > 0) this.onProfile(this.profile);
  }
}

/** `#\t0x6a3c04\tmain.leakyHandler+0x24\t\texample.com/app/pprofsrv/main.go:18` */
function parseFrame(line: string): Frame | undefined {
  const fields = line.slice(2).split(/\t+/);
  if (fields.length < 3) return undefined;
  const func = fields[1]!.replace(/\+0x[0-9a-f]+$/, '');
  const loc = fields.slice(2).join(' ');
  const colon = loc.lastIndexOf(':');
  if (colon < 0) return { func, args: '', file: loc, line: 0 };
  return { func, args: '', file: loc.slice(0, colon), line: Number(loc.slice(colon + 1)) || 0 };
}

/** `{"handler":"leaky", "shard":"0"}`: JSON-like, parsed leniently (no escaping guarantees). */
export function parseLabels(text: string): Record<string, string> {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object') {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) out[k] = String(v);
      return out;
    }
  } catch {
    // fall through to the lenient form
  }
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)":"((?:[^"\\]|\\.)*)"/g)) out[m[1]!] = m[2]!;
  return out;
}

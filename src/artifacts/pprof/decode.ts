// Decoder for `debug=0` pprof goroutine / goroutineleak profiles (gzip-compressed protobuf
// perftools.profiles.Profile), via the pprof-format package. Profiles are aggregated by stack, so
// they are small even for huge processes; decoding the whole buffer is fine.

import { Profile } from 'pprof-format';
import type { Frame } from '../frames.js';
import { VersionEvidence } from '../version.js';
import type { GoroutineProfile, ProfileRecord } from './model.js';

/** Decodes an uncompressed profile; throws when the bytes are not a goroutine-like profile. */
export function decodeGoroutineProfile(bytes: Uint8Array, input: string): GoroutineProfile {
  const p = Profile.decode(bytes);
  const str = (i: number | bigint): string => p.stringTable.strings[Number(i)] ?? '';
  const sampleTypes = p.sampleType.map((t) => str(t.type));
  if (sampleTypes.length === 0) throw new Error('protobuf has no sample types: not a pprof profile');
  const kind = sampleTypes[0]!;
  if (!/goroutine/.test(kind)) throw new Error(`pprof profile of ${sampleTypes.join(', ')}: only goroutine profiles are analyzed`);

  const functions = new Map<string, { name: string; file: string }>();
  for (const f of p.function) functions.set(String(f.id), { name: str(f.name), file: str(f.filename) });
  const locations = new Map<string, Frame[]>();
  for (const loc of p.location) {
    // Line entries are innermost first; the last one is the caller the others were inlined into.
    locations.set(
      String(loc.id),
      loc.line.map((l) => {
        const fn = functions.get(String(l.functionId));
        return { func: fn?.name ?? '?', args: '', file: fn?.file ?? '', line: Number(l.line) };
      }),
    );
  }

  const version = new VersionEvidence();
  if (kind === 'goroutineleak') version.atLeast(26, 'goroutineleak profile');
  const records: ProfileRecord[] = [];
  let total = 0;
  for (const s of p.sample) {
    const count = Number(s.value[0] ?? 0);
    total += count;
    const frames: Frame[] = [];
    for (const id of s.locationId) frames.push(...(locations.get(String(id)) ?? []));
    const labels: Record<string, string> = {};
    for (const l of s.label) labels[str(l.key)] = Number(l.str) !== 0 ? str(l.str) : String(l.num);
    for (const f of frames) if (f.file.startsWith('/')) version.fromPath(f.file);
    records.push({ count, labels, frames });
  }
  records.sort((a, b) => b.count - a.count);
  const binary = p.mapping.length > 0 ? str(p.mapping[0]!.filename) : undefined;
  const profile: GoroutineProfile = {
    format: 'pprof',
    encoding: 'protobuf',
    profile: kind,
    total,
    records,
    input,
    startLine: 0,
    endLine: 0,
  };
  if (binary) profile.binary = binary;
  const v = version.result();
  if (v) profile.goVersion = v;
  return profile;
}

/**
 * True when the bytes look like a serialized pprof Profile: binary, starting with the tag of one of
 * Profile's fields 1–14 as varint (wire type 0) or length-delimited (wire type 2). Go writes
 * period_type (field 11) first; other encoders start with sample_type (field 1).
 */
export function looksLikeProfileProto(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || looksLikeText(bytes.subarray(0, 512))) return false;
  const tag = bytes[0]!;
  const field = tag >> 3;
  const wire = tag & 7;
  return field >= 1 && field <= 14 && (wire === 0 || wire === 2);
}

/** Printable ASCII / UTF-8 with common whitespace, no NUL: text. */
export function looksLikeText(bytes: Uint8Array): boolean {
  let control = 0;
  for (const b of bytes) {
    if (b === 0) return false;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 27) control++;
  }
  return control <= bytes.length / 100;
}

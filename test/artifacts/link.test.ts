// Linking frames to --source files (module paths, build-machine absolute paths) and the
// "predicted by rule X" connection to static findings.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FrameLinker } from '../../src/artifacts/link/linker.js';
import type { Finding } from '../../src/report/finding.js';
import { analyzeBuffers, analyzeFixtures, lineOf } from './helpers.js';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gohazard-link-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

const frame = (file: string) => ({ func: 'main.f', args: '', file, line: 3 });

describe('frame linker', () => {
  const root = tree({
    'go.mod': 'module example.com/app\n\ngo 1.21\n',
    'worker.go': 'package main\n',
    'internal/store/store.go': 'package store\n',
    'tools/gen/go.mod': 'module example.com/app/tools/gen\n',
    'tools/gen/main.go': 'package main\n',
    'a/util.go': 'package a\n',
    'b/util.go': 'package b\n',
  });
  const linker = new FrameLinker(root, '.');

  it('strips the module path (-trimpath), nested modules first', () => {
    expect(linker.locate(frame('example.com/app/internal/store/store.go'))).toEqual({ file: 'internal/store/store.go', line: 3, linked: true });
    expect(linker.locate(frame('example.com/app/tools/gen/main.go'))).toEqual({ file: 'tools/gen/main.go', line: 3, linked: true });
  });

  it('matches absolute build paths by their longest suffix', () => {
    expect(linker.locate(frame('/home/ci/build/app/internal/store/store.go'))).toMatchObject({ file: 'internal/store/store.go', linked: true });
    expect(linker.locate(frame('/src/worker.go'))).toMatchObject({ file: 'worker.go', linked: true });
  });

  it('refuses to guess between equally good candidates or by base name alone', () => {
    expect(linker.locate(frame('/build/x/util.go'))).toMatchObject({ file: '/build/x/util.go', linked: false });
    expect(linker.locate(frame('example.com/other/store.go'))).toMatchObject({ linked: false });
    expect(linker.locate(frame('runtime/proc.go'))).toMatchObject({ file: 'runtime/proc.go', linked: false });
  });

  it('reports paths relative to the working directory', () => {
    const fromParent = new FrameLinker(join(root, '..'), root);
    expect(fromParent.locate(frame('example.com/app/worker.go')).file).toMatch(/^gohazard-link-\w+\/worker\.go$/);
  });
});

describe('static predictions', () => {
  it('adds "predicted by rule X" when a static finding sits on the same line, and asks only for linked files', async () => {
    const asked: string[][] = [];
    const line = lineOf('crashes.go', '// concurrent map writes');
    const staticFindings = async (files: string[]): Promise<Finding[]> => {
      asked.push(files);
      return [
        { rule: 'map-concurrent-write', family: 'map-concurrency', severity: 'error', file: 'tools/crashers/crashes.go', line, column: 3, endLine: line, endColumn: 20, message: 'm is written by goroutines started at line 22 without a lock', related: [], fixes: [] },
        { rule: 'unrelated-rule', family: 'timer', severity: 'info', file: 'tools/crashers/crashes.go', line: line + 50, column: 1, endLine: line + 50, endColumn: 2, message: 'elsewhere', related: [], fixes: [] },
      ];
    };
    const doc = await analyzeFixtures(['crash/concurrent-map-writes.txt'], { source: 'tools/crashers', staticFindings });
    expect(asked).toEqual([['tools/crashers/crashes.go']]);
    const f = doc.findings[0]!;
    expect(f.related).toContainEqual({ file: 'tools/crashers/crashes.go', line, column: 3, message: 'predicted by rule map-concurrent-write: m is written by goroutines started at line 22 without a lock' });
    expect(f.related.some((r) => r.message.includes('unrelated-rule'))).toBe(false);
    expect(f.artifact).toMatchObject({ predictedBy: ['map-concurrent-write'] });
  });

  it('does not call the static scanner when no finding links to a local file', async () => {
    let called = false;
    await analyzeBuffers([{ name: 'c.txt', data: 'panic: close of nil channel\n\ngoroutine 1 [running]:\nmain.main()\n\texample.com/nowhere/main.go:3 +0x1\n' }], {
      staticFindings: async () => {
        called = true;
        return [];
      },
    });
    expect(called).toBe(false);
  });
});

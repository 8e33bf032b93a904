// Regenerates the committed real-output fixtures under testdata/artifacts/ with the local Go
// toolchain: `npx tsc -p . && node dist/tools/crashers/capture.js`. Then run
// `npx vitest run test/artifacts -u` to refresh the model snapshots, and review the diff.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildCrashers, CAPTURES, crashersDir, goVersion } from './run.js';

function main(): void {
  const version = goVersion();
  if (!version) throw new Error('the go command is not available');
  const root = join(dirname(dirname(crashersDir())), 'testdata', 'artifacts');
  const build = buildCrashers();
  const readme: string[] = [
    '# Real runtime artifacts',
    '',
    `Captured with ${version} from tools/crashers (built with \`-trimpath\`, so frames show module paths), by`,
    '`tools/crashers/capture.ts`. Goroutine ids, addresses and timings vary between runs; the tests assert',
    'on structure and diagnoses, and the `.model.json` files next to each capture snapshot the parsed model.',
    '',
    '| file | command |',
    '|---|---|',
  ];
  for (const c of CAPTURES) {
    const out = c.produce(build);
    const path = join(root, c.format, c.name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, out);
    readme.push(`| ${c.format}/${c.name} | \`${c.command}\` |`);
    process.stdout.write(`${c.format}/${c.name}: ${out.length} bytes\n`);
  }
  writeFileSync(join(root, 'README.md'), readme.join('\n') + '\n\nSynthetic cases (newer Go versions, junk tolerance) live in `synthetic/` and `junk/`; each says in its first lines what it imitates.\n');
}

main();

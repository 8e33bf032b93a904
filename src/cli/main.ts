#!/usr/bin/env node
// gohazard command line: dispatches to one module per subcommand.

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chooseLang, langFlagIn } from '../i18n/choose.js';
import { helpText } from '../i18n/cli-help.js';
import { UsageError } from './args.js';
import { type CliIO, EXIT_USAGE, processIO } from './io.js';

type Command = (args: string[], io: CliIO) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  scan: { summary: 'find concurrency hazards in Go source', load: async () => (await import('./commands/scan.js')).run },
  analyze: {
    summary: 'diagnose crash logs, goroutine dumps, race reports, traces',
    load: async () => (await import('./commands/analyze.js')).run,
  },
  rules: { summary: 'list the rule catalog with docs', load: async () => (await import('./commands/rules.js')).run },
  lsp: { summary: 'language server (LSP over stdio) for editors', load: async () => (await import('./commands/lsp.js')).run },
};

export const USAGE = `gohazard: Go concurrency hazards, found before they ship and explained after they fire

usage:
  gohazard scan [paths... | ./...] [--format text|json|sarif|html|vet] [--config FILE] [--baseline FILE]
  gohazard analyze FILE... [--source DIR] [--format text|json|sarif|html|vet]   (FILE may be '-')
  gohazard rules [--format text|json]
  gohazard lsp [--stdio]

commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`)
  .join('\n')}

--lang en|zh-CN picks the language of messages; the default comes from LC_ALL, LC_MESSAGES, LANG
(zh* → zh-CN, anything else → en).
Run 'gohazard <command> --help' for the flags of a command.
`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  const chosen = chooseLang(langFlagIn(argv), undefined, io.env);
  const usage = helpText('usage', chosen.ok ? chosen.lang : 'en', USAGE);
  if (name === undefined || name === 'help' || name === '--help' || name === '-h' || name.startsWith('--lang')) {
    const asked = name !== undefined && !name.startsWith('--lang');
    (asked ? io.stdout : io.stderr)(usage);
    return asked ? 0 : EXIT_USAGE;
  }
  if (name === '--version' || name === 'version') {
    io.stdout(`gohazard ${await version()}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`gohazard: unknown command ${JSON.stringify(name)}\n\n${usage}`);
    return EXIT_USAGE;
  }
  try {
    return await (await command.load())(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`gohazard ${name}: ${err.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`gohazard ${name}: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return EXIT_USAGE;
  }
}

async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2), processIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`gohazard: ${String(err)}\n`);
      process.exitCode = EXIT_USAGE;
    },
  );
}

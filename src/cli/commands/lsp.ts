// gohazard lsp: the language server over stdio, for editors.

import { chooseLang } from '../../i18n/choose.js';
import { helpText } from '../../i18n/cli-help.js';
import { startServer } from '../../lsp/server.js';
import { parseArgs, UsageError } from '../args.js';
import type { CliIO } from '../io.js';

const HELP = `usage: gohazard lsp [--stdio] [--lang en|zh-CN]

Runs the language server (LSP 3.17, JSON-RPC with Content-Length framing) on stdin/stdout. Editors
get diagnostics when a .go file is opened, edited or saved, for the whole package of the file (the
other .go files of its directory from disk, open buffers from memory), and code actions with the
rules' fixes and a //gohazard:ignore <rule> <reason> suppression.

flags:
  --stdio                 talk over stdin/stdout (the default and only transport; accepted because
                          editors pass it)
  --lang en|zh-CN         language of diagnostics (default: from LC_ALL / LC_MESSAGES / LANG)
`;

export async function run(args: string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(args, { values: ['lang'], switches: ['stdio', 'help', 'h'] });
  const explicit = parsed.values.get('lang');
  const chosen = chooseLang(explicit, undefined, io.env);
  if (!chosen.ok) throw new UsageError(chosen.message);
  if (parsed.switches.has('help') || parsed.switches.has('h')) {
    io.stdout(helpText('lsp', chosen.lang, HELP));
    return 0;
  }
  if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[0])}`);
  const code = await startServer(process.stdin, process.stdout, {
    ...(explicit !== undefined ? { lang: chosen.lang } : {}),
    env: io.env,
    log: (text) => io.stderr(`${text}\n`),
  });
  process.stdin.destroy();
  return code;
}

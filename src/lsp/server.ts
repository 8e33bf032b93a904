// The language server: keeps the open .go buffers, re-checks a document's package when it is
// opened, edited (debounced) or saved, publishes diagnostics for the package's files, and answers
// code action requests with the findings' fixes and a suppression.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { type Config, ConfigError } from '../engine/config.js';
import { type Lang, langFromEnv, parseLang } from '../i18n/lang.js';
import { reportWords } from '../i18n/report-words.js';
import type { Finding } from '../report/finding.js';
import { loadConfig } from '../scan/api.js';
import { codeActionsFor, rangesOverlap, type CodeAction } from './actions.js';
import { Connection, ErrorCodes, ResponseError } from './connection.js';
import { type ConvertContext, type Diagnostic, errorDiagnostic, findingDiagnostic, findingKey, toRange, uriOf } from './diagnostics.js';
import { type ContentChange, Documents, pathOf } from './documents.js';
import { dirOf, PackageChecker } from './package-check.js';
import { type LspRange, type PositionEncoding, TextLines } from './positions.js';

export interface ServerOptions {
  /** --lang on the command line; the client's initializationOptions.lang overrides it. */
  lang?: Lang;
  env: Readonly<Record<string, string | undefined>>;
  /** Quiet time after the last keystroke before a re-check (initializationOptions.debounceMs overrides). */
  debounceMs?: number;
  /** Where diagnostics of the server itself go (stderr). */
  log: (text: string) => void;
}

export const DEFAULT_DEBOUNCE_MS = 150;

/** What was published for one file: the findings behind its diagnostics, for code actions. */
interface FileState {
  findings: Finding[];
  /** Document version the findings were computed from (undefined: the file on disk). */
  version: number | undefined;
  lines: TextLines;
}

interface InitializeParams {
  capabilities?: { general?: { positionEncodings?: string[] } };
  rootUri?: string | null;
  workspaceFolders?: { uri: string }[] | null;
  locale?: string;
  initializationOptions?: { lang?: string; debounceMs?: number };
}

/** Runs a server on the given streams; resolves with the process exit code when the client exits. */
export function startServer(input: Readable, output: Writable, options: ServerOptions): Promise<number> {
  const connection = new Connection(input, output, options.log);
  const documents = new Documents();
  const files = new Map<string, FileState>();
  const publishedByDir = new Map<string, Set<string>>();
  const timers = new Map<string, NodeJS.Timeout>();
  let encoding: PositionEncoding = 'utf-16';
  let lang: Lang = options.lang ?? langFromEnv(options.env);
  let debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  let checker = new PackageChecker({ lang });
  let initialized = false;
  let shutdown = false;

  const convert = (sources: ReadonlyMap<string, TextLines>): ConvertContext => ({
    encoding,
    linesOf: (path) => sources.get(path) ?? files.get(path)?.lines,
    docHref,
    words: reportWords(lang),
  });

  function recheck(dir: string): void {
    timers.delete(dir);
    const open = documents.inDir(dir, dirOf);
    const published = publishedByDir.get(dir) ?? new Set<string>();
    if (open.size === 0) {
      for (const path of published) publish(path, undefined, []);
      publishedByDir.delete(dir);
      for (const path of published) files.delete(path);
      checker.forget(dir);
      return;
    }
    const buffers = new Map([...open].map(([path, d]) => [path, d.text]));
    const versions = new Map([...open].map(([path, d]) => [path, d.version]));
    const result = checker.check(dir, buffers);
    // While an open buffer does not parse (mid-keystroke), it shows its syntax error and the other
    // files keep what was shown: the package without that file would make findings flicker.
    const broken = new Set(result.errors.filter((e) => open.has(e.file) && e.message.startsWith('syntax error')).map((e) => e.file));
    if (broken.size > 0) {
      const ctx = convert(new Map());
      for (const path of broken) {
        const l = new TextLines(result.sources.get(path)!);
        files.set(path, { findings: [], version: versions.get(path), lines: l });
        const fileCtx: ConvertContext = { ...ctx, linesOf: (p) => (p === path ? l : ctx.linesOf(p)) };
        publish(path, versions.get(path), result.errors.filter((e) => e.file === path).map((e) => errorDiagnostic(e, fileCtx)));
        published.add(path);
      }
      publishedByDir.set(dir, published);
      return;
    }

    const lines = new Map<string, TextLines>();
    const linesOf = (path: string): TextLines | undefined => {
      let l = lines.get(path);
      if (!l) {
        const src = result.sources.get(path);
        if (src === undefined) return undefined;
        lines.set(path, (l = new TextLines(src)));
      }
      return l;
    };
    const ctx: ConvertContext = { ...convert(new Map()), linesOf };
    const byFile = new Map<string, { findings: Finding[]; diagnostics: Diagnostic[] }>();
    const entry = (path: string) => {
      let e = byFile.get(path);
      if (!e) byFile.set(path, (e = { findings: [], diagnostics: [] }));
      return e;
    };
    for (const f of result.findings) {
      const e = entry(f.file);
      e.findings.push(f);
      e.diagnostics.push(findingDiagnostic(f, ctx));
    }
    for (const err of result.errors) if (result.sources.has(err.file)) entry(err.file).diagnostics.push(errorDiagnostic(err, ctx));

    const now = new Set<string>([...byFile.keys(), ...open.keys()]);
    for (const path of new Set([...now, ...published])) {
      const e = byFile.get(path);
      const l = linesOf(path);
      if (l) files.set(path, { findings: e?.findings ?? [], version: versions.get(path), lines: l });
      else files.delete(path);
      publish(path, versions.get(path), e?.diagnostics ?? []);
    }
    publishedByDir.set(dir, now);
  }

  function publish(path: string, version: number | undefined, diagnostics: Diagnostic[]): void {
    connection.notify('textDocument/publishDiagnostics', { uri: uriOf(path), ...(version !== undefined ? { version } : {}), diagnostics });
  }

  function schedule(dir: string, delay: number): void {
    const pending = timers.get(dir);
    if (pending) clearTimeout(pending);
    timers.set(
      dir,
      setTimeout(() => {
        try {
          recheck(dir);
        } catch (err) {
          options.log(`gohazard lsp: checking ${dir} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        }
      }, delay),
    );
  }

  const isGo = (path: string) => path.endsWith('.go');
  const requireInit = () => {
    if (!initialized) throw new ResponseError(ErrorCodes.ServerNotInitialized, 'the server has not been initialized');
  };

  connection.onRequest('initialize', (raw) => {
    const params = (raw ?? {}) as InitializeParams;
    const offered = params.capabilities?.general?.positionEncodings ?? [];
    encoding = offered.includes('utf-8') ? 'utf-8' : 'utf-16';
    const init = params.initializationOptions ?? {};
    if (typeof init.debounceMs === 'number' && init.debounceMs >= 0) debounceMs = init.debounceMs;
    const root = pathOf(params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? '');
    let config: Config = {};
    if (root !== undefined && existsSync(join(root, '.gohazard.json'))) {
      try {
        config = loadConfig(join(root, '.gohazard.json'));
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        connection.notify('window/showMessage', { type: 1, message: `gohazard: ${err.message}` });
      }
    }
    // the client's setting, then --lang, then the project's config, then the editor's UI locale, then the environment
    const fromClient = typeof init.lang === 'string' ? parseLang(init.lang) : undefined;
    const fromLocale = typeof params.locale === 'string' ? parseLang(params.locale) : undefined;
    lang = fromClient ?? options.lang ?? config.lang ?? fromLocale ?? langFromEnv(options.env);
    checker = new PackageChecker({ ...config, lang });
    initialized = true;
    return {
      capabilities: {
        positionEncoding: encoding,
        textDocumentSync: { openClose: true, change: 2, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
      },
      serverInfo: { name: 'gohazard', version: toolVersion() },
    };
  });

  connection.onNotification('initialized', () => {});

  connection.onNotification('textDocument/didOpen', (raw) => {
    if (!initialized) return;
    const { textDocument: td } = raw as { textDocument: { uri: string; version: number; text: string } };
    const doc = documents.open(td.uri, td.version, td.text);
    if (doc && isGo(doc.path)) schedule(dirOf(doc.path), 0);
  });

  connection.onNotification('textDocument/didChange', (raw) => {
    if (!initialized) return;
    const p = raw as { textDocument: { uri: string; version: number }; contentChanges: ContentChange[] };
    const doc = documents.change(p.textDocument.uri, p.textDocument.version, p.contentChanges, encoding);
    if (doc && isGo(doc.path)) schedule(dirOf(doc.path), debounceMs);
  });

  connection.onNotification('textDocument/didSave', (raw) => {
    if (!initialized) return;
    const doc = documents.get((raw as { textDocument: { uri: string } }).textDocument.uri);
    if (doc && isGo(doc.path)) schedule(dirOf(doc.path), 0);
  });

  connection.onNotification('textDocument/didClose', (raw) => {
    if (!initialized) return;
    const doc = documents.close((raw as { textDocument: { uri: string } }).textDocument.uri);
    if (doc && isGo(doc.path)) schedule(dirOf(doc.path), 0);
  });

  connection.onNotification('workspace/didChangeWatchedFiles', (raw) => {
    if (!initialized) return;
    const changes = (raw as { changes?: { uri: string }[] }).changes ?? [];
    for (const c of changes) {
      const path = pathOf(c.uri);
      if (path && isGo(path) && publishedByDir.has(dirOf(path))) schedule(dirOf(path), debounceMs);
    }
  });

  connection.onRequest('textDocument/codeAction', (raw) => {
    requireInit();
    const p = raw as { textDocument: { uri: string }; range: LspRange; context?: { diagnostics?: Diagnostic[]; only?: string[] } };
    if (p.context?.only && !p.context.only.some((k) => k === 'quickfix' || k.startsWith('quickfix.') || k === '')) return [];
    const path = pathOf(p.textDocument.uri);
    const state = path !== undefined ? files.get(path) : undefined;
    if (!state) return [];
    // edits were computed on the analysed text: offer nothing until the pending re-check ran
    const doc = documents.get(p.textDocument.uri);
    if (doc && doc.version !== state.version) return [];
    const ctx = convert(new Map([[path!, state.lines]]));
    const wanted = new Set((p.context?.diagnostics ?? []).map((d) => d.data?.key).filter((k): k is string => typeof k === 'string'));
    const actions: CodeAction[] = [];
    for (const f of state.findings) {
      const range = toRange(f.file, f.line, f.column, f.endLine, f.endColumn, ctx);
      if (wanted.has(findingKey(f)) || rangesOverlap(range, p.range)) actions.push(...codeActionsFor(f, ctx, lang));
    }
    return actions;
  });

  connection.onRequest('shutdown', () => {
    shutdown = true;
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
    return null;
  });

  return new Promise<number>((resolve) => {
    let done = false;
    const finish = (code: number) => {
      if (done) return;
      done = true;
      for (const t of timers.values()) clearTimeout(t);
      resolve(code);
    };
    connection.onNotification('exit', () => finish(shutdown ? 0 : 1));
    connection.onClose(() => finish(shutdown ? 0 : 1));
  });
}

const DOCS = new URL('../../../docs/rules/', import.meta.url);
const hrefs = new Map<string, string | undefined>();

/** The rule's documentation page, shipped with the package. */
function docHref(rule: string): string | undefined {
  if (!hrefs.has(rule)) {
    const url = new URL(`${rule}.md`, DOCS);
    hrefs.set(rule, existsSync(fileURLToPath(url)) ? url.href : undefined);
  }
  return hrefs.get(rule);
}

function toolVersion(): string {
  try {
    const pkg = new URL('../../../package.json', import.meta.url);
    return (JSON.parse(readFileSync(fileURLToPath(pkg), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

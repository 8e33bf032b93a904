// The documents the editor has open: text and version, kept in step with full and incremental
// didChange notifications.

import { fileURLToPath } from 'node:url';
import { type LspRange, type PositionEncoding, TextLines } from './positions.js';

export interface OpenDocument {
  uri: string;
  /** Absolute file system path. */
  path: string;
  version: number;
  text: string;
}

export interface ContentChange {
  range?: LspRange;
  text: string;
}

export class Documents {
  private readonly byUri = new Map<string, OpenDocument>();

  open(uri: string, version: number, text: string): OpenDocument | undefined {
    const path = pathOf(uri);
    if (path === undefined) return undefined;
    const doc = { uri, path, version, text };
    this.byUri.set(uri, doc);
    return doc;
  }

  change(uri: string, version: number, changes: readonly ContentChange[], encoding: PositionEncoding): OpenDocument | undefined {
    const doc = this.byUri.get(uri);
    if (!doc) return undefined;
    for (const c of changes) {
      if (!c.range) {
        doc.text = c.text;
        continue;
      }
      const lines = new TextLines(doc.text);
      const start = lines.offset(c.range.start, encoding);
      const end = Math.max(start, lines.offset(c.range.end, encoding));
      doc.text = doc.text.slice(0, start) + c.text + doc.text.slice(end);
    }
    doc.version = version;
    return doc;
  }

  close(uri: string): OpenDocument | undefined {
    const doc = this.byUri.get(uri);
    this.byUri.delete(uri);
    return doc;
  }

  get(uri: string): OpenDocument | undefined {
    return this.byUri.get(uri);
  }

  /** Open buffers whose file is in `dir`, by path. */
  inDir(dir: string, dirOf: (path: string) => string): Map<string, OpenDocument> {
    const out = new Map<string, OpenDocument>();
    for (const d of this.byUri.values()) if (dirOf(d.path) === dir) out.set(d.path, d);
    return out;
  }
}

/** File system path of a file: URI; undefined for other schemes (untitled:, git:, ...). */
export function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

// Shared wording and small helpers for the cgo rules.

import type * as ast from '../../parse/ast.js';
import type { RuleContext } from '../../engine/rule.js';
import type { FileModel } from '../../model/package.js';

/** Source text of a node on one line, shortened for messages. */
export function srcText(ctx: RuleContext, node: ast.Node, max = 40): string {
  const file = ctx.pkg.fileOfNode(node);
  if (!file) return '?';
  const t = file.src.slice(node.pos, node.end).replace(/\s+/g, ' ');
  return t.length > max ? t.slice(0, max - 3) + '...' : t;
}

/** "line 12" in the same file as `from`, "audio.go:12" elsewhere. */
export function lineRef(ctx: RuleContext, from: ast.Node, to: ast.Node): string {
  const a = ctx.pkg.fileOfNode(from);
  const b = ctx.pkg.fileOfNode(to);
  if (!b) return 'elsewhere';
  const line = b.lines.position(to.pos).line;
  if (a === b) return `line ${line}`;
  return `${b.path.slice(b.path.lastIndexOf('/') + 1)}:${line}`;
}

/** Generated files: nobody fixes them by hand. */
export function skipped(file: FileModel | undefined): boolean {
  return file === undefined || file.isGenerated;
}

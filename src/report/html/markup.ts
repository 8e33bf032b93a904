// HTML built only through the `html` template tag: every interpolated value is escaped unless it is
// already Markup, so text from Go files, findings and artifacts can never become markup. `trusted`
// marks the few constant strings (the page's own CSS and script) that are inserted as they are.

export class Markup {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

/** What a template may interpolate. null, undefined and false render nothing (for `cond && html`). */
export type Child = Markup | string | number | boolean | null | undefined | readonly Child[];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

export function html(strings: TemplateStringsArray, ...values: Child[]): Markup {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Markup(out);
}

function render(child: Child): string {
  if (child === null || child === undefined || child === false || child === true) return '';
  if (child instanceof Markup) return child.value;
  if (Array.isArray(child)) return child.map(render).join('');
  if (typeof child === 'number') return Number.isFinite(child) ? String(child) : '';
  return escapeHtml(child as string);
}

/** A constant of this program (never input) inserted as markup. */
export function trusted(constant: string): Markup {
  return new Markup(constant);
}

/** An id/class fragment made of [a-z0-9-] only, for anchors derived from rule ids or families. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}

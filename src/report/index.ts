// Reporter dispatch: a ReportDocument in, a string out. Reporters are pure: no file system, no
// process; the source text they frame arrives through options.sourceOf.

import type { ReportDocument } from './finding.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import type { OutputFormat, RenderOptions } from './options.js';
import { inOutputOrder } from './order.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';
import { renderVet } from './vet.js';

export { OUTPUT_FORMATS, type OutputFormat, type RenderOptions } from './options.js';

export function render(doc: ReportDocument, format: OutputFormat, options: RenderOptions = {}): string {
  const ordered = inOutputOrder(doc);
  switch (format) {
    case 'text':
      return renderText(ordered, options);
    case 'json':
      return renderJson(ordered);
    case 'vet':
      return renderVet(ordered);
    case 'sarif':
      return renderSarif(ordered, options);
    case 'html':
      return renderHtml(ordered, options);
  }
}

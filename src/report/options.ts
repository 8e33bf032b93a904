// What every reporter may be told besides the document itself.

import type { Lang } from '../i18n/lang.js';
import type { RuleSummary } from './finding.js';

export const OUTPUT_FORMATS = ['text', 'json', 'sarif', 'html', 'vet'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface RenderOptions {
  /** Source text of a reported file, for code frames; undefined when it cannot be read. */
  sourceOf?: (file: string) => string | undefined;
  /** ANSI colours in text output. */
  color?: boolean;
  /** Rule descriptors (SARIF `tool.driver.rules`, HTML docs). */
  rules?: RuleSummary[];
  toolVersion?: string;
  /** Language of the reporter's own words (labels, summary); findings arrive already translated. */
  lang?: Lang;
  /** 'scan' or 'analyze': changes headings and SARIF run properties, never the data. */
  command?: 'scan' | 'analyze';
  /** The project's home page (SARIF `tool.driver.informationUri`); omitted when unknown. */
  informationUri?: string;
  /**
   * Absolute URI that rule doc paths (RuleSummary.docPath) are resolved against for SARIF
   * `helpUri`, e.g. the repository's blob URL at a tag. Without it rules carry only the path.
   */
  docsBaseUri?: string;
}

// Reporter dispatch: a ReportDocument in, a string out. Reporters are pure.

import type { ReportDocument, RuleSummary } from './finding.js';

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
  /** 'scan' or 'analyze': changes headings and SARIF run properties, never the data. */
  command?: 'scan' | 'analyze';
}

export declare function render(doc: ReportDocument, format: OutputFormat, options?: RenderOptions): string;

// The fixed words of the text reporter, in each language: labels and the summary line.

import type { Severity } from '../report/finding.js';
import type { Lang } from './lang.js';

export interface ReportWords {
  severity: Record<Severity, string>;
  note: string;
  help: string;
  fix: string;
  safe: string;
  suggestion: string;
  errors: string;
  artifacts: string;
  summary(parts: SummaryParts): string;
}

export interface SummaryParts {
  findings: number;
  bySeverity: Record<Severity, number>;
  files: number;
  lines: number;
  ms: number;
  inputErrors: number;
  baselined: number;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const EN: ReportWords = {
  severity: { error: 'error', warning: 'warning', info: 'info' },
  note: 'note',
  help: 'help',
  fix: 'fix',
  safe: 'safe',
  suggestion: 'suggestion',
  errors: 'errors:',
  artifacts: 'artifacts:',
  /** `3 findings (2 errors, 1 warning) in 12 files, 3400 lines, 85 ms` */
  summary(p) {
    const c = p.bySeverity;
    const bySeverity = [c.error > 0 ? plural(c.error, 'error') : '', c.warning > 0 ? plural(c.warning, 'warning') : '', c.info > 0 ? `${c.info} info` : '']
      .filter((s) => s !== '')
      .join(', ');
    const found = p.findings === 0 ? 'no findings' : `${plural(p.findings, 'finding')} (${bySeverity})`;
    let out = `${found} in ${plural(p.files, 'file')}, ${plural(p.lines, 'line')}, ${p.ms} ms`;
    if (p.inputErrors > 0) out += `; ${plural(p.inputErrors, 'input error')}`;
    if (p.baselined > 0) out += `; ${p.baselined} hidden by the baseline`;
    return out;
  },
};

const ZH: ReportWords = {
  severity: { error: '错误', warning: '警告', info: '提示' },
  note: '说明',
  help: '帮助',
  fix: '修复',
  safe: '安全',
  suggestion: '建议',
  errors: '输入错误：',
  artifacts: '运行时产物：',
  /** `发现 3 个问题（2 个错误，1 个警告），共 12 个文件、3400 行，耗时 85 ms` */
  summary(p) {
    const c = p.bySeverity;
    const bySeverity = [c.error > 0 ? `${c.error} 个错误` : '', c.warning > 0 ? `${c.warning} 个警告` : '', c.info > 0 ? `${c.info} 个提示` : '']
      .filter((s) => s !== '')
      .join('，');
    const found = p.findings === 0 ? '未发现问题' : `发现 ${p.findings} 个问题（${bySeverity}）`;
    let out = `${found}，共 ${p.files} 个文件、${p.lines} 行，耗时 ${p.ms} ms`;
    if (p.inputErrors > 0) out += `；${p.inputErrors} 个输入错误`;
    if (p.baselined > 0) out += `；另有 ${p.baselined} 个已在基线中，未显示`;
    return out;
  },
};

export function reportWords(lang: Lang | undefined): ReportWords {
  return lang === 'zh-CN' ? ZH : EN;
}

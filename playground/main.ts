// The playground page: wires the editor, samples, file input and options to check.ts, and shows the
// result with the HTML report's own sections (markup built by the escaping template tag, so
// innerHTML never receives unescaped input). Fixes get an Apply button that edits the pasted text.

import 'virtual:report.css';
import './style.css';
import { reportWords } from '../src/i18n/report-words.js';
import type { Lang } from '../src/i18n/lang.js';
import type { GoVersion } from '../src/model/goversion.js';
import { applyTextEdits } from '../src/report/html/fix-preview.js';
import { renderHtml, reportSections } from '../src/report/html.js';
import { summary } from '../src/report/text.js';
import { check, type Checked } from './check.js';
import { SAMPLES } from './samples.js';

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing from the page`);
  return el as T;
}

const source = byId<HTMLTextAreaElement>('source');
const output = byId<HTMLElement>('output');
const kindLabel = byId<HTMLElement>('kind');
const timing = byId<HTMLElement>('timing');
const sampleSelect = byId<HTMLSelectElement>('sample');
const fileInput = byId<HTMLInputElement>('file');
const goVersionSelect = byId<HTMLSelectElement>('go-version');
const langSelect = byId<HTMLSelectElement>('lang');
const downloadButton = byId<HTMLButtonElement>('download');

/** The input: what is in the editor, or the bytes of an opened binary file (until the editor is used). */
let name = 'main.go';
let bytes: Uint8Array | undefined;
let last: { checked: Checked; text: string | undefined } | undefined;
let generation = 0;

for (const s of SAMPLES) sampleSelect.add(new Option(s.label, s.id));

function options(): { lang: Lang; goVersion?: GoVersion } {
  const lang: Lang = langSelect.value === 'zh-CN' ? 'zh-CN' : 'en';
  const [major, minor] = goVersionSelect.value.split('.').map(Number);
  return goVersionSelect.value === '' ? { lang } : { lang, goVersion: { major: major!, minor: minor!, source: 'playground' } };
}

async function run(): Promise<void> {
  const mine = ++generation;
  const text = bytes ? undefined : source.value;
  if (text !== undefined && text.trim() === '') {
    output.replaceChildren();
    kindLabel.textContent = '';
    kindLabel.dataset.kind = '';
    timing.textContent = '';
    downloadButton.disabled = true;
    last = undefined;
    return;
  }
  const started = performance.now();
  const checked = await check(bytes ?? text!, { ...options(), name: nameFor(text) });
  if (mine !== generation) return; // a newer run started meanwhile
  last = { checked, text };
  show(checked, text, performance.now() - started);
}

/** Pasted text is main.go or pasted.txt by what it holds; samples and files keep their names. */
function nameFor(text: string | undefined): string {
  if (text === undefined || name !== 'main.go' && name !== 'pasted.txt') return name;
  return /^\s*(?:\/\/.*\n\s*)*package\s/.test(text) ? 'main.go' : name;
}

function show(checked: Checked, text: string | undefined, ms: number): void {
  const { doc, kind } = checked;
  const lang = options().lang;
  const sourceOf = (file: string): string | undefined => (file === checked.name ? text : undefined);
  const kinds = [...new Set((doc.artifacts ?? []).map((a) => String(a.kind)))];
  kindLabel.dataset.kind = kind;
  kindLabel.textContent = kind === 'go' ? 'Go source' : `runtime artifact${kinds.length > 0 ? `: ${kinds.join(', ')}` : ''}`;
  timing.textContent = `${Math.round(ms)} ms in this page`;
  const sections = reportSections(doc, { sourceOf, rules: checked.rules, lang, command: kind === 'go' ? 'scan' : 'analyze' });
  output.innerHTML = `<p class="summary">${escapeText(summary(doc, reportWords(lang)))}</p>${sections.value}`;
  if (text !== undefined) addApplyButtons(checked, text);
  downloadButton.disabled = false;
}

function escapeText(s: string): string {
  const span = document.createElement('span');
  span.textContent = s;
  return span.innerHTML;
}

/** An Apply button on every fix that edits the text in the editor. */
function addApplyButtons(checked: Checked, text: string): void {
  for (const article of output.querySelectorAll<HTMLElement>('article.finding[data-index]')) {
    const finding = checked.doc.findings[Number(article.dataset.index)];
    if (!finding) continue;
    for (const block of article.querySelectorAll<HTMLElement>('.fix[data-fix]')) {
      const fix = finding.fixes[Number(block.dataset.fix)];
      const edits = fix?.edits.filter((e) => e.file === checked.name) ?? [];
      if (edits.length === 0) continue;
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'apply';
      button.textContent = 'Apply';
      button.addEventListener('click', () => {
        source.value = applyTextEdits(text, edits);
        void run();
      });
      block.querySelector('p')?.append(button);
    }
  }
}

let timer: ReturnType<typeof setTimeout> | undefined;
source.addEventListener('input', () => {
  if (bytes) {
    bytes = undefined;
    name = 'main.go';
  }
  if (name !== 'main.go' && name !== 'pasted.txt') name = 'pasted.txt';
  clearTimeout(timer);
  timer = setTimeout(() => void run(), 250);
});

sampleSelect.addEventListener('change', () => {
  const sample = SAMPLES.find((s) => s.id === sampleSelect.value);
  if (!sample) return;
  bytes = undefined;
  name = sample.name;
  source.value = sample.text;
  void run();
});

fileInput.addEventListener('change', async () => {
  const file = fileInput.files?.[0];
  if (!file) return;
  const data = new Uint8Array(await file.arrayBuffer());
  name = file.name;
  if (isText(data)) {
    bytes = undefined;
    source.value = new TextDecoder().decode(data);
  } else {
    bytes = data;
    source.value = `(binary file ${file.name}, ${data.length} bytes: analyzed as it is; type here to replace it)`;
  }
  fileInput.value = '';
  void run();
});

/** Text, not gzip or protobuf: no NUL byte and almost no control characters in the first 4 KB. */
function isText(data: Uint8Array): boolean {
  const head = data.subarray(0, 4096);
  if (head[0] === 0x1f && head[1] === 0x8b) return false;
  let control = 0;
  for (const b of head) {
    if (b === 0) return false;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 27) control++;
  }
  return control <= head.length / 100;
}

goVersionSelect.addEventListener('change', () => void run());
langSelect.addEventListener('change', () => void run());

downloadButton.addEventListener('click', () => {
  if (!last) return;
  const { checked, text } = last;
  const page = renderHtml(checked.doc, {
    sourceOf: (file) => (file === checked.name ? text : undefined),
    rules: checked.rules,
    lang: options().lang,
    command: checked.kind === 'go' ? 'scan' : 'analyze',
  });
  const url = URL.createObjectURL(new Blob([page], { type: 'text/html' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `gohazard-${checked.kind === 'go' ? 'scan' : 'analyze'}.html`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
});

// Start with the map-race sample, so the page shows what it does.
sampleSelect.value = 'map-race';
sampleSelect.dispatchEvent(new Event('change'));

// Vite build of the playground: a static page whose script bundles the same core as the CLI
// (parser, rules, analyze pipeline, HTML report sections). `npm run build:playground` writes
// dist/playground/; `npm run playground` builds it and serves it on http://127.0.0.1:4173.

import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { REPORT_CSS } from '../src/report/html/style.js';

/** The report's stylesheet (a TS constant shared with the HTML reporter) as a CSS module, so it is bundled into the page's .css file and the page needs no inline style. */
function reportCss(): Plugin {
  const id = '\0gohazard-report.css';
  return {
    name: 'gohazard-report-css',
    resolveId: (source) => (source === 'virtual:report.css' ? id : undefined),
    load: (loaded) => (loaded === id ? REPORT_CSS : undefined),
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [reportCss()],
  build: {
    outDir: fileURLToPath(new URL('../dist/playground', import.meta.url)),
    emptyOutDir: true,
    // No preload helper: the page loads one script and one stylesheet, nothing else.
    modulePreload: false,
    target: 'es2022',
    reportCompressedSize: false,
    // One page, one script: the whole core (parser, rules, analyze) is meant to be in it.
    chunkSizeWarningLimit: 1500,
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  preview: { host: '127.0.0.1', port: 4173, strictPort: false },
});

// The report's only script: filtering findings by severity and by text. It reads data-* attributes
// and toggles `hidden`; it never turns text into markup. The page's Content-Security-Policy allows
// exactly this script (by hash) and nothing else.

export const REPORT_SCRIPT = `(() => {
  const all = (s) => Array.from(document.querySelectorAll(s));
  const text = document.getElementById('filter-text');
  const count = document.getElementById('filter-count');
  const boxes = all('input[data-severity-filter]');
  if (!text || !count) return;
  const apply = () => {
    const q = text.value.trim().toLowerCase();
    const severities = new Set(boxes.filter((b) => b.checked).map((b) => b.value));
    let shown = 0;
    for (const f of all('article.finding')) {
      f.hidden = !(severities.has(f.dataset.severity) && (q === '' || (f.dataset.search || '').includes(q)));
      if (!f.hidden) shown++;
    }
    for (const g of all('[data-group]').reverse()) g.hidden = g.querySelector('article.finding:not([hidden])') === null;
    count.textContent = shown + ' shown';
  };
  text.addEventListener('input', apply);
  for (const b of boxes) b.addEventListener('change', apply);
  apply();
})();`;

// The report's stylesheet: one constant, inlined in the page (and bundled into the playground), so
// the file needs nothing from a network. Light and dark follow the reader's system setting.

export const REPORT_CSS = `
:root{--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--card:#f6f8fa;--code:#f6f8fa;--mark:#fff8c5;
--error:#cf222e;--warning:#9a6700;--info:#0969da;--related:#8250df;--added:#dafbe1;--removed:#ffebe9;
--f0:#e5534b;--f1:#c2185b;--f2:#8e44ad;--f3:#2e86de;--f4:#16a085;--f5:#27ae60;--f6:#d4ac0d;--f7:#e67e22;--f8:#7f8c8d;--f9:#34495e;--f10:#a04000;
--wait0:#9ec5fe;--wait1:#f7c948;--wait10:#f08c3a;--wait60:#b42318;--local:#6ea8fe;--global:#fd7e14;--busy:rgba(207,34,46,.10);
--heap:#cfe2ff;--live:#0b5ed7;--goal:#6c757d;--pause:#6f42c1;--forced:#adb5bd;--node:#fff;--edge:#57606a}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#30363d;--card:#161b22;--code:#161b22;--mark:#5a4a00;
--error:#ff7b72;--warning:#d29922;--info:#58a6ff;--related:#bc8cff;--added:#12361f;--removed:#4b1c1c;--heap:#1f3a60;--live:#79c0ff;--node:#161b22;--edge:#9198a1;--busy:rgba(255,123,114,.14)}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans","PingFang SC","Microsoft YaHei",sans-serif}
.report{max-width:1080px;margin:0 auto;padding:24px 20px 64px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:15px;margin:20px 0 8px;display:flex;align-items:center;gap:8px}h4{font-size:13px;margin:14px 0 6px;font-weight:600}
.summary{color:var(--muted);margin:0 0 12px}.count{color:var(--muted);font-weight:400;font-size:12px;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:0 7px}
.chips{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0}.chip{border:1px solid var(--line);border-radius:12px;padding:1px 10px;font-size:12px;background:var(--card)}
.chip.error{color:var(--error)}.chip.warning{color:var(--warning)}.chip.info{color:var(--info)}
.filters{position:sticky;top:0;z-index:2;background:var(--bg);padding:8px 0;border-bottom:1px solid var(--line);display:flex;flex-wrap:wrap;gap:14px;align-items:center}
.filters input[type=search]{flex:1;min-width:200px;padding:5px 8px;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg)}
.filters label{font-size:13px;white-space:nowrap}#filter-count{color:var(--muted);font-size:12px}
.dot{width:10px;height:10px;border-radius:50%;background:var(--muted);display:inline-block}
.fam-map-concurrency .dot{background:var(--f0)}.fam-data-race .dot{background:var(--f1)}.fam-goroutine-leak .dot{background:var(--f2)}.fam-channel-misuse .dot{background:var(--f3)}
.fam-lock-misuse .dot{background:var(--f4)}.fam-waitgroup .dot{background:var(--f5)}.fam-context .dot{background:var(--f6)}.fam-timer .dot{background:var(--f7)}
.fam-sync-pool-atomic .dot{background:var(--f8)}.fam-cgo .dot{background:var(--f9)}.fam-starvation .dot{background:var(--f10)}
.path{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--muted);word-break:break-all}
.finding,.artifact,.rule-doc{border:1px solid var(--line);border-left:4px solid var(--muted);border-radius:6px;padding:10px 14px;margin:0 0 12px;background:var(--bg)}
.finding.sev-error{border-left-color:var(--error)}.finding.sev-warning{border-left-color:var(--warning)}.finding.sev-info{border-left-color:var(--info)}
.finding header,.artifact header{display:flex;flex-wrap:wrap;align-items:baseline;gap:6px}
.finding header .loc{margin-left:auto}
.badge{font-size:11px;font-weight:600;text-transform:uppercase;letter-spacing:.03em;border-radius:4px;padding:0 6px;color:#fff;background:var(--muted)}
.badge.error{background:var(--error)}.badge.warning{background:var(--warning)}.badge.info{background:var(--info)}
@media (prefers-color-scheme:dark){.badge{color:#0d1117}}
a{color:var(--info);text-decoration:none}a:hover{text-decoration:underline}
.rule{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}.rule-title{color:var(--muted);font-weight:400}
.loc{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;color:var(--muted);word-break:break-all}
.message{margin:6px 0;font-weight:500;overflow-wrap:anywhere}
.label{font-weight:600}.note{color:var(--related);font-weight:600}
.help,.fix p{margin:6px 0;overflow-wrap:anywhere}.fix-kind{font-size:11px;border:1px solid var(--line);border-radius:8px;padding:0 6px}.fix-kind.safe{color:#1a7f37;border-color:#1a7f37}
table.frame,table.diff{border-collapse:collapse;width:100%;background:var(--code);border:1px solid var(--line);border-radius:6px;margin:6px 0;font:12.5px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,"Noto Sans Mono CJK SC",monospace;display:block;overflow-x:auto}
table.frame td,table.diff td{padding:0 8px;white-space:pre;vertical-align:top}table.frame tr:last-child td{padding-bottom:4px}
td.ln{color:var(--muted);text-align:right;user-select:none;width:1%;border-right:1px solid var(--line)}
tr.focus td.code{background:var(--mark)}tr.cut td{color:var(--muted)}
mark{background:none;color:inherit;text-decoration:underline wavy;text-underline-offset:3px;text-decoration-thickness:1.5px}
mark.error{text-decoration-color:var(--error)}mark.warning{text-decoration-color:var(--warning)}mark.info{text-decoration-color:var(--info)}mark.related{text-decoration-color:var(--related);text-decoration-style:solid}
table.diff caption{text-align:left;color:var(--muted);font-size:12px;padding:2px 8px}
tr.added td{background:var(--added)}tr.removed td{background:var(--removed)}td.sign{width:1%;user-select:none;color:var(--muted)}
ul.related{list-style:none;padding:0;margin:6px 0}ul.related li{margin:6px 0 6px 14px;overflow-wrap:anywhere}
.artifact{border-left-color:var(--info)}.artifact .kind{font-weight:600}
dl.facts{display:flex;flex-wrap:wrap;gap:4px 18px;margin:6px 0;font-size:13px}dl.facts div{display:flex;gap:6px}dt{color:var(--muted)}dd{margin:0;overflow-wrap:anywhere}
.errors li{overflow-wrap:anywhere}.rule-doc{border-left-color:var(--line)}.rule-doc h3{display:block}.rule-doc .meta{color:var(--muted);margin:0;font-size:12px}
figure.chart{margin:10px 0;overflow-x:auto}figure.chart figcaption{font-weight:600;font-size:13px;margin-bottom:4px}
figure.chart svg{max-width:100%;height:auto;display:block;font:11px system-ui,-apple-system,"Segoe UI",sans-serif}
svg text{fill:var(--fg)}svg .sublabel,svg .axis text,svg .legend,svg .legend text,svg .panel{fill:var(--muted)}svg .label{font-weight:600}
svg .grid{stroke:var(--line);stroke-width:1}svg .value{font-weight:600}
svg .bar.wait-0,svg rect.wait-0{fill:var(--wait0)}svg .wait-1{fill:var(--wait1)}svg .wait-10{fill:var(--wait10)}svg .wait-60{fill:var(--wait60)}
svg .row:hover .bar{opacity:.8}
svg .area.local,svg .swatch.local{fill:var(--local)}svg .area.global,svg .swatch.global{fill:var(--global)}svg .busy,svg .swatch.busy{fill:var(--busy)}
svg .line{fill:none;stroke-width:1.6}svg .line.total{stroke:var(--global);stroke-width:1}svg .line.threads{stroke:var(--info)}svg .line.procs{stroke:var(--goal);stroke-dasharray:4 3}
svg .area.heap,svg .swatch.heap{fill:var(--heap)}svg .line.live{stroke:var(--live)}svg .swatch.live{fill:var(--live)}svg .line.goal{stroke:var(--goal);stroke-dasharray:5 4}svg .swatch.goal{fill:var(--goal)}
svg .pause{fill:var(--pause)}svg .pause.forced,svg .swatch.forced{fill:var(--forced)}
svg .node rect{fill:var(--node);stroke:var(--edge);stroke-width:1.2}svg .node.wait-mutex rect{stroke:var(--f4);stroke-width:2}svg .node.wait-chan-send rect,svg .node.wait-chan-receive rect{stroke:var(--f3);stroke-width:2}svg .node.wait-waitgroup rect{stroke:var(--f5);stroke-width:2}
svg .edge path{fill:none;stroke:var(--edge);stroke-width:1.6}svg .edge polygon{fill:var(--edge)}svg .edge-label{fill:var(--fg);font-size:11px;paint-order:stroke;stroke:var(--bg);stroke-width:4px}
.empty{color:var(--muted)}footer{margin-top:40px;color:var(--muted);font-size:12px}
[hidden]{display:none!important}
`;

// Who waits on whom in a deadlock or a hung test: goroutines as boxes, waits as arrows labelled with
// the lock or channel. A wait cycle is drawn as a ring, so the loop is visible at a glance; without
// a cycle, the waiting goroutine points at the goroutines it waits for.

import type { WaitGraph, WaitNode } from '../details.js';
import { html, type Markup } from '../markup.js';
import { chart, clip, px } from './svg.js';

const WIDTH = 720;
const BOX_W = 210;
const BOX_H = 50;

const WAITS: Record<string, string> = {
  'chan-send': 'blocked sending',
  'chan-receive': 'blocked receiving',
  'nil-chan': 'on a nil channel',
  select: 'blocked in select',
  'select-forever': 'in select {}',
  mutex: 'waiting for a lock',
  waitgroup: 'in WaitGroup.Wait',
  cond: 'in Cond.Wait',
};

/** The arrow's label: what the waiter needs from the goroutine the arrow points at. */
function relationLabel(n: WaitNode): string {
  const name = n.name !== undefined ? clip(n.name, 18) : '';
  switch (n.relation) {
    case 'holds-lock':
      return `lock ${name} held by`;
    case 'uses-lock-owner':
      return 'mutex likely held by';
    case 'owes-done':
      return 'Done owed by';
    case 'would-receive':
      return `${name} receiver`;
    case 'would-send':
      return `${name} sender`;
    default:
      return 'waits for';
  }
}

interface Placed {
  node: WaitNode;
  x: number;
  y: number;
}

export function waitGraphChart(graph: WaitGraph): Markup {
  return graph.cycle ? cycleChart(graph.cycle) : starChart(graph);
}

function cycleChart(cycle: readonly WaitNode[]): Markup {
  const n = cycle.length;
  const height = n <= 2 ? 160 : n <= 4 ? 330 : 400;
  const cx = WIDTH / 2;
  const cy = height / 2;
  const rx = n <= 2 ? 200 : 230;
  const ry = n <= 2 ? 0 : height / 2 - BOX_H;
  // Clockwise from the left (two nodes) or from the top.
  const start = n <= 2 ? Math.PI : -Math.PI / 2;
  const placed: Placed[] = cycle.map((node, i) => {
    const angle = start + (2 * Math.PI * i) / n;
    return { node, x: cx + rx * Math.cos(angle), y: cy + ry * Math.sin(angle) };
  });
  const arrows = placed.map((from, i) => arrow(from, placed[(i + 1) % n]!, relationLabel(from.node), n <= 2 ? 55 : 40));
  const ids = cycle.map((c) => c.goroutine);
  const description = `wait cycle: ${cycle.map((c) => `goroutine ${c.goroutine} (${WAITS[c.wait] ?? c.wait}) waits for ${relationLabel(c)}`).join(', ')} goroutine ${ids[0]}`;
  return chart('wait-graph', WIDTH, height, `Wait cycle: ${ids.map((id) => `goroutine ${id}`).join(' → ')} → goroutine ${ids[0]}`, description, html`${arrows}${placed.map(box)}`);
}

function starChart(graph: WaitGraph): Markup {
  const targets = graph.waitsFor;
  const height = Math.max(BOX_H + 40, targets.length * (BOX_H + 16) + 24);
  const waiter: Placed = { node: graph.waiter, x: 20 + BOX_W / 2, y: height / 2 };
  const placed = targets.map((node, i): Placed => ({ node, x: WIDTH - 20 - BOX_W / 2, y: 12 + BOX_H / 2 + i * (BOX_H + 16) + (height - 24 - targets.length * (BOX_H + 16) + 16) / 2 }));
  const arrows = placed.map((to) => arrow(waiter, to, relationLabel(to.node), 0));
  const description = `goroutine ${graph.waiter.goroutine} waits for ${targets.map((t) => `goroutine ${t.goroutine} (${relationLabel(t)})`).join(', ')}`;
  return chart('wait-graph', WIDTH, height, `Goroutine ${graph.waiter.goroutine} waits for ${targets.length === 1 ? `goroutine ${targets[0]!.goroutine}` : `${targets.length} goroutines`}`, description, html`${arrows}${box(waiter)}${placed.map(box)}`);
}

function box(p: Placed): Markup {
  const { node } = p;
  const x = px(p.x - BOX_W / 2);
  const y = px(p.y - BOX_H / 2);
  const tip = [`goroutine ${node.goroutine}: ${WAITS[node.wait] ?? node.wait}`, node.function, node.location].filter(Boolean).join('\n');
  return html`<g class="node wait-${node.wait}"><title>${tip}</title><rect x="${x}" y="${y}" width="${BOX_W}" height="${BOX_H}" rx="8"/><text class="label" x="${px(p.x)}" y="${px(y + 17)}" text-anchor="middle">goroutine ${node.goroutine} · ${WAITS[node.wait] ?? node.wait}</text><text class="sublabel" x="${px(p.x)}" y="${px(y + 33)}" text-anchor="middle">${clip(shortName(node.function), 32)}</text><text class="sublabel" x="${px(p.x)}" y="${px(y + 45)}" text-anchor="middle">${clip(baseName(node.location), 32)}</text></g>`;
}

/** A curved arrow between two boxes, bent by `bend` px to the left of its direction, with a label. */
function arrow(from: Placed, to: Placed, label: string, bend: number): Markup {
  const mx = (from.x + to.x) / 2;
  const my = (from.y + to.y) / 2;
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const len = Math.hypot(dx, dy) || 1;
  // Control point: perpendicular to the chord (outward for a clockwise ring).
  const qx = mx + (dy / len) * -bend;
  const qy = my + (-dx / len) * -bend;
  const [sx, sy] = boxEdge(from, qx, qy);
  const [ex, ey] = boxEdge(to, qx, qy);
  const angle = Math.atan2(ey - qy, ex - qx);
  const head = [
    [ex, ey],
    [ex - 10 * Math.cos(angle - 0.4), ey - 10 * Math.sin(angle - 0.4)],
    [ex - 10 * Math.cos(angle + 0.4), ey - 10 * Math.sin(angle + 0.4)],
  ]
    .map(([x, y]) => `${px(x!)},${px(y!)}`)
    .join(' ');
  // The label sits at the curve's midpoint.
  const lx = 0.25 * sx + 0.5 * qx + 0.25 * ex;
  const ly = 0.25 * sy + 0.5 * qy + 0.25 * ey;
  return html`<g class="edge"><path d="M${px(sx)} ${px(sy)}Q${px(qx)} ${px(qy)} ${px(ex)} ${px(ey)}"/><polygon points="${head}"/><text class="edge-label" x="${px(lx)}" y="${px(ly - 5)}" text-anchor="middle">${label}</text></g>`;
}

/** Where the line from a box's centre towards (x, y) leaves the box. */
function boxEdge(p: Placed, x: number, y: number): [number, number] {
  const dx = x - p.x;
  const dy = y - p.y;
  if (dx === 0 && dy === 0) return [p.x, p.y];
  const t = Math.min(dx === 0 ? Infinity : BOX_W / 2 / Math.abs(dx), dy === 0 ? Infinity : BOX_H / 2 / Math.abs(dy));
  return [p.x + dx * t, p.y + dy * t];
}

function shortName(func: string): string {
  const slash = func.lastIndexOf('/');
  return slash < 0 ? func : func.slice(slash + 1);
}

function baseName(location: string): string {
  const slash = location.lastIndexOf('/');
  return slash < 0 ? location : location.slice(slash + 1);
}

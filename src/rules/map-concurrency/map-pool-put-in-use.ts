import { defineRule } from '../../engine/rule.js';
import { locate, locationKey } from '../../model/accesses.js';
import { isMethodOn } from '../../model/calls.js';
import { Concurrency, type Root } from '../../model/concurrency.js';
import { type MapAccessRecord, mapRaces } from '../../model/mapraces.js';
import { describeRoot } from '../../model/races.js';
import { inspect } from '../../parse/walk.js';
import { sourceText, where } from './race-report.js';

export default defineRule({
  meta: {
    id: 'map-pool-put-in-use',
    family: 'map-concurrency',
    severity: 'error',
    category: 'correctness',
    title: 'pooled map put back while a goroutine still uses it',
    docs: {
      why:
        'After `pool.Put(m)` the pool may hand `m` to the next `Get`, in another goroutine, at once. If a goroutine ' +
        'started earlier still writes or reads `m`, two goroutines now share the map without a lock: the classic ' +
        '`fatal error: concurrent map writes` that only shows up under load.',
      bad: `package p

import "sync"

var scratch = sync.Pool{New: func() any { return map[string]int{} }}

func tally(events []string, done chan<- int) {
	m := scratch.Get().(map[string]int)
	go func() {
		for _, e := range events {
			m[e]++
		}
		done <- len(m)
	}()
	scratch.Put(m)
}
`,
      good: `package p

import "sync"

var scratch = sync.Pool{New: func() any { return map[string]int{} }}

func tally(events []string, done chan<- int) {
	m := scratch.Get().(map[string]int)
	go func() {
		defer scratch.Put(m)
		for _, e := range events {
			m[e]++
		}
		done <- len(m)
		clear(m)
	}()
}
`,
      fix: 'Put the map back only when its last user is done with it: in the goroutine itself (after clearing it), or after waiting for the goroutine.',
    },
    messages: {
      put: '{map} is returned to the pool while the goroutine started at {go} may still use it; the next Get hands it to another goroutine',
    },
    help: {
      put: 'move the Put into the goroutine after its last use (and clear the map first), or wait for the goroutine before putting it back',
    },
    fix: 'none',
    since: '0.1.0',
  },
  checkPackage(ctx) {
    const pkg = ctx.pkg;
    const conc = Concurrency.of(pkg);
    const { accesses } = mapRaces(pkg);
    /** A map access the goroutine makes to the location `key`. */
    const useIn = (root: Root, key: string): MapAccessRecord | undefined =>
      accesses.find((a) =>
        conc.framesOf(a.fn).some((f) => {
          if (f.root !== root) return false;
          const l = locate(pkg, a.target, f.subst);
          return l !== null && locationKey(l) === key;
        }),
      );
    for (const [spawner, roots] of conc.spawnsIn) {
      if (!spawner.body) continue;
      inspect(spawner.body, (n) => {
        if (n.kind === 'FuncLit') return false;
        if (n.kind !== 'CallExpr' || n.args.length !== 1 || !isMethodOn(pkg, n, 'sync', 'Pool', 'Put')) return true;
        const loc = locate(pkg, n.args[0]!);
        if (!loc) return true;
        // `defer pool.Put(m)` runs when the spawner returns, whatever its position
        const deferred = n.parent?.kind === 'DeferStmt';
        for (const root of roots) {
          const overlaps = deferred ? !conc.joinedBeforeReturn(root) : conc.spawnerOverlaps(root, n, false);
          if (!overlaps) continue;
          const use = useIn(root, locationKey(loc));
          if (!use) continue;
          ctx.report({
            node: n,
            messageId: 'put',
            data: { map: sourceText(ctx, n.args[0]!), go: where(ctx, n, root.site) },
            related: [{ node: use.node, message: `the goroutine uses ${sourceText(ctx, use.target)} here` }, describeRoot(root, false)],
          });
          break;
        }
        return true;
      });
    }
  },
});

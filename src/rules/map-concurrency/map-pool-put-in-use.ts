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
    i18n: {
      'zh-CN': {
        title: 'goroutine 仍在使用时就把池化的 map 放回了 sync.Pool',
        why: '`pool.Put(m)` 之后，池可能立刻把 `m` 交给另一个 goroutine 中的下一次 `Get`。如果之前启动的 goroutine 还在读写 `m`，两个 goroutine 就在没有锁的情况下共享了这个 map：这就是只在高负载下才出现的经典 `fatal error: concurrent map writes`。',
        fix: '只在最后一个使用者用完之后再放回：在 goroutine 内部（先清空 map），或者在等待该 goroutine 结束之后。',
        messages: {
          put: '{map} 被放回池中，而在 {go} 启动的 goroutine 可能还在使用它；下一次 Get 会把它交给另一个 goroutine',
        },
        help: {
          put: '把 Put 挪到 goroutine 里最后一次使用之后（并先清空 map），或者先等待 goroutine 结束再放回',
        },
      },
    },
    since: '0.1.0',
    mentions: ['Pool'],
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

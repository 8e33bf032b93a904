// The map-concurrency family on the catalog's acceptance cases (seed-catalog §5: 1–6, 24–26,
// 28): which rule fires, where the primary span sits, which related locations come with it,
// and what the message and help say. Line numbers count the package clause as line 1.

import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/report/finding.js';
import { RULES } from '../../src/rules/index.js';
import { scanSources } from '../../src/scan/memory.js';

const MAP_RULES = RULES.filter((r) => r.meta.family === 'map-concurrency');

function scan(src: string): Finding[] {
  const doc = scanSources([{ path: 'main.go', src }], { rules: MAP_RULES });
  expect(doc.errors).toEqual([]);
  return doc.findings;
}

function relatedLines(f: Finding): number[] {
  return f.related.map((r) => r.line);
}

/** The source text a finding's primary span covers (single-line spans). */
function spanText(src: string, f: Finding): string {
  const line = src.split('\n')[f.line - 1]!;
  return line.slice(f.column - 1, f.endColumn - 1);
}

describe('acceptance case 1: two goroutines write one map', () => {
  // the catalog's lines plus two for the import
  const src = `package main

import "sync"

func main() {
	m := make(map[int]int)
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 1000; j++ { m[j] = j }
		}()
	}
	wg.Wait()
}
`;
  const findings = scan(src);

  it('reports one concurrent write at the assignment, spanning m[j]', () => {
    expect(findings.map((f) => [f.rule, f.line])).toEqual([['map-concurrent-write', 12]]);
    expect(spanText(src, findings[0]!)).toBe('m[j]');
  });

  it('points at the go keyword of the loop that starts the writers', () => {
    const go = findings[0]!.related.find((r) => /run concurrently with each other/.test(r.message));
    expect(go).toMatchObject({ line: 10, column: 3, endColumn: 5 });
  });

  it('says what is wrong and how to fix it', () => {
    const f = findings[0]!;
    expect(f.message).toMatch(/^concurrent map writes: m is written by goroutines that run at the same time/);
    expect(f.help).toMatch(/sync\.Mutex/);
    expect(f.help).toMatch(/sync\.Map/);
    expect(f.help).toMatch(/shard/);
    expect(f.help).toMatch(/confine|owns it/);
  });
});

describe('acceptance case 2: one goroutine writes, another reads', () => {
  const src = `package main

import "sync"

func main() {
	m := make(map[int]int)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); for i := 0; i < 100; i++ { m[i] = i } }()
	go func() {
		defer wg.Done()
		for i := 0; i < 100; i++ {
			_ = i
		}
		_ = m[1]
	}()
	wg.Wait()
}
`;
  it('reports the write (primary) with the read as related location', () => {
    const findings = scan(src);
    expect(findings.map((f) => [f.rule, f.line])).toEqual([['map-concurrent-read-write', 9]]);
    const f = findings[0]!;
    expect(spanText(src, f)).toBe('m[i]');
    expect(f.related[0]).toMatchObject({ line: 15, message: 'm is read here' });
    expect(relatedLines(f)).toEqual(expect.arrayContaining([9, 10]));
    expect(f.message).toContain('while line 15 reads it');
  });
});

describe('acceptance case 3: range in main while a goroutine writes', () => {
  const src = `package main

import "runtime"

func main() {
	m := map[int]int{}
	go func() { for i := 0; ; i++ { m[i%64] = i } }()
	for {
		_ = 0
		for range m {
			runtime.GC()
		}
	}
}
`;
  it('reports iteration vs write at the write, with the range as related location', () => {
    const findings = scan(src);
    expect(findings.map((f) => [f.rule, f.line])).toEqual([['map-concurrent-iteration', 7]]);
    const f = findings[0]!;
    expect(relatedLines(f)).toContain(10);
    expect(f.message).toMatch(/^concurrent map iteration and map write/);
    expect(f.message).not.toMatch(/GC|garbage/i);
  });
});

describe('acceptance case 4: m["key"]++ in goroutines started by a loop', () => {
  const src = `package main

func main() {
	m := map[string]int{}
	for i := 0; i < 3; i++ {
		go func() { m["key"]++ }()
	}
}
`;
  it('counts the read-modify-write as a write', () => {
    const findings = scan(src);
    expect(findings.map((f) => [f.rule, f.line])).toEqual([['map-concurrent-write', 6]]);
    expect(spanText(src, findings[0]!)).toBe('m["key"]');
  });
});

describe('acceptance case 5: a pointer to the map handed to a goroutine', () => {
  const src = `package main

func fill(m *map[int]int) {
	go func() {
		for i := 0; i < 100; i++ {
			(*m)[i] = i
		}
	}()
}

func main() {
	m := map[int]int{}
	fill(&m)
	_ = m[50]
}
`;
  it('reports the write in the goroutine with the caller’s read as related location', () => {
    const findings = scan(src);
    expect(findings.map((f) => [f.rule, f.line])).toEqual([['map-concurrent-read-write', 6]]);
    const f = findings[0]!;
    expect(spanText(src, f)).toBe('(*m)[i]');
    expect(f.related[0]).toMatchObject({ line: 14, message: 'm is read here' });
    expect(f.related.find((r) => r.message === 'goroutine started here')?.line).toBe(4);
  });

  it('stays silent when the caller touches the map only before handing it over', () => {
    const silent = src.replace('\tfill(&m)\n\t_ = m[50]\n', '\t_ = m[50]\n\tfill(&m)\n');
    expect(scan(silent)).toEqual([]);
  });
});

describe('acceptance case 6: register writes a package map and a goroutine deletes from it', () => {
  const src = `package main

import "context"

var m = map[string]chan int{}

func register(ctx context.Context, key string) {
	m[key] = make(chan int)
	go func() {
		<-ctx.Done()
		_ = 0
		delete(m, key)
	}()
}

func main() {
	for _, k := range []string{"a", "b"} {
		go register(context.Background(), k)
	}
}
`;
  it('reports both the assignment and the delete', () => {
    const findings = scan(src);
    expect(findings.map((f) => [f.rule, f.line])).toEqual([
      ['map-concurrent-write', 8],
      ['map-concurrent-write', 12],
    ]);
    expect(spanText(src, findings[1]!)).toBe('delete(m, key)');
    // the assignment's finding names the delete and both go statements
    expect(relatedLines(findings[0]!)).toEqual(expect.arrayContaining([12, 18, 9]));
  });
});

describe('HTTP handlers', () => {
  const src = `package main

import "net/http"

var hits = map[string]int{}

func count(w http.ResponseWriter, r *http.Request) {
	hits[r.URL.Path]++
}

func main() {
	http.HandleFunc("/", count)
	_ = http.ListenAndServe(":8080", nil)
}
`;
  it('points the related location at the registration', () => {
    const [f, ...rest] = scan(src);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: 'map-concurrent-write', line: 8 });
    expect(f!.related).toEqual([
      expect.objectContaining({ line: 12, message: expect.stringMatching(/HTTP request runs this handler in its own goroutine/) }),
    ]);
  });
});

describe('held locks that do not cover the other access', () => {
  const src = `package main

import "sync"

var (
	mu sync.Mutex
	m  = map[string]int{}
)

func main() {
	go func() {
		mu.Lock()
		m["a"] = 1
		mu.Unlock()
	}()
	_ = m["a"]
}
`;
  it('names the lock the write holds and the unguarded read', () => {
    const [f] = scan(src);
    expect(f).toMatchObject({ rule: 'map-concurrent-read-write', line: 13 });
    expect(f!.related).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 16, message: 'm is read here' }),
        expect.objectContaining({ line: 12, message: 'mu is locked here, but not around the other access' }),
      ]),
    );
  });
});

describe('safe variants (cases 24, 25, 26, 28)', () => {
  it('24: every access under one mutex, with Unlock or defer Unlock', () => {
    expect(
      scan(`package main

import "sync"

func main() {
	m := make(map[int]int)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 1000; j++ {
				mu.Lock()
				m[j] = j
				mu.Unlock()
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		mu.Lock()
		defer mu.Unlock()
		_ = m[0]
	}()
	wg.Wait()
}
`),
    ).toEqual([]);
  });

  it('25: sync.Map', () => {
    expect(
      scan(`package main

import "sync"

func main() {
	var m sync.Map
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 1000; j++ {
				m.Store(j, j)
			}
		}()
	}
	wg.Wait()
}
`),
    ).toEqual([]);
  });

  it('26: a sharded map whose Get takes the shard read lock', () => {
    expect(
      scan(`package main

import (
	"hash/fnv"
	"sync"
)

type shard struct {
	sync.RWMutex
	m map[string]int
}

type sharded [32]*shard

func (s *sharded) Get(key string) int {
	h := fnv.New32a()
	h.Write([]byte(key))
	sh := s[h.Sum32()%32]
	sh.RLock()
	defer sh.RUnlock()
	return sh.m[key]
}

func (s *sharded) Set(key string, v int) {
	h := fnv.New32a()
	h.Write([]byte(key))
	sh := s[h.Sum32()%32]
	sh.Lock()
	sh.m[key] = v
	sh.Unlock()
}

func main() {
	var s sharded
	for i := range s {
		s[i] = &shard{m: map[string]int{}}
	}
	go s.Set("a", 1)
	go func() { _ = s.Get("a") }()
}
`),
    ).toEqual([]);
  });

  it('28: a map filled by one goroutine and returned', () => {
    expect(
      scan(`package main

func makeMap() map[int]int {
	m := make(map[int]int, 1)
	for i := 0; i < 9; i++ {
		m[i<<3] = i
	}
	return m
}

func main() { _ = makeMap() }
`),
    ).toEqual([]);
  });
});

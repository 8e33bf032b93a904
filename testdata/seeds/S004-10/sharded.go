// Seed 004, §4.4: fnv32a (undefined in the seed) is declared.
package sharded

import (
	"hash/fnv"
	"sync"
)

// shardedMap 核心分片逻辑
type shardedMap struct {
	buckets [32]struct {
		mu sync.RWMutex
		m  map[string]int
	}
}

func (s *shardedMap) Get(k string) int {
	idx := uint32(fnv32a(k)) % 32 // 非加密哈希,低开销
	b := &s.buckets[idx]
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.m[k]
}

func fnv32a(k string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(k))
	return h.Sum32()
}

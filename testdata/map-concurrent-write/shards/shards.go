// Package shards is a sharded map: each shard has its own lock, every access takes it.
package shards

import (
	"hash/fnv"
	"sync"
)

const shardCount = 32

type shard struct {
	mu    sync.RWMutex
	items map[string][]byte
}

type Map struct {
	shards [shardCount]*shard
}

func New() *Map {
	m := &Map{}
	for i := range m.shards {
		m.shards[i] = &shard{items: make(map[string][]byte)}
	}
	return m
}

func (m *Map) shardFor(key string) *shard {
	h := fnv.New32a()
	_, _ = h.Write([]byte(key))
	return m.shards[h.Sum32()%shardCount]
}

func (m *Map) Get(key string) ([]byte, bool) {
	s := m.shardFor(key)
	s.mu.RLock()
	defer s.mu.RUnlock()
	v, ok := s.items[key]
	return v, ok
}

func (m *Map) Set(key string, v []byte) {
	s := m.shardFor(key)
	s.mu.Lock()
	s.items[key] = v
	s.mu.Unlock()
}

func (m *Map) Delete(key string) {
	s := m.shardFor(key)
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.items, key)
}

// Fill stores values from several goroutines at once; Set locks the shard.
func (m *Map) Fill(values map[string][]byte) {
	var wg sync.WaitGroup
	for k, v := range values {
		wg.Add(1)
		go func(k string, v []byte) {
			defer wg.Done()
			m.Set(k, v)
		}(k, v)
	}
	wg.Wait()
}

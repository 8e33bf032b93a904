// Package shards spreads keys over 32 independently locked maps; Get takes the shard's
// read lock, Set its write lock.
package shards

import (
	"hash/fnv"
	"sync"
)

type bucket struct {
	sync.RWMutex
	m map[string]string
}

type ShardedMap struct {
	buckets []*bucket
}

func NewShardedMap() *ShardedMap {
	s := &ShardedMap{buckets: make([]*bucket, 32)}
	for i := range s.buckets {
		s.buckets[i] = &bucket{m: make(map[string]string)}
	}
	return s
}

func (s *ShardedMap) bucketFor(key string) *bucket {
	h := fnv.New32a()
	_, _ = h.Write([]byte(key))
	return s.buckets[h.Sum32()%uint32(len(s.buckets))]
}

func (s *ShardedMap) Get(key string) (string, bool) {
	b := s.bucketFor(key)
	b.RLock()
	defer b.RUnlock()
	v, ok := b.m[key]
	return v, ok
}

func (s *ShardedMap) Set(key, value string) {
	b := s.bucketFor(key)
	b.Lock()
	b.m[key] = value
	b.Unlock()
}

// Load writes from many goroutines and reads back in others; every access locks its shard.
func (s *ShardedMap) Load(pairs map[string]string) int {
	var wg sync.WaitGroup
	found := make(chan bool, len(pairs))
	for k, v := range pairs {
		wg.Add(2)
		go func(k, v string) {
			defer wg.Done()
			s.Set(k, v)
		}(k, v)
		go func(k string) {
			defer wg.Done()
			_, ok := s.Get(k)
			found <- ok
		}(k)
	}
	wg.Wait()
	close(found)
	n := 0
	for ok := range found {
		if ok {
			n++
		}
	}
	return n
}

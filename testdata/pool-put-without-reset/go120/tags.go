package tags

import "sync"

var tagPool = sync.Pool{New: func() any { return map[string]bool{} }}

func unique(tags []string) int {
	seen := tagPool.Get().(map[string]bool)
	for _, t := range tags {
		seen[t] = true
	}
	n := len(seen)
	tagPool.Put(seen) // want `seen goes back to tagPool without being cleared`
	return n
}

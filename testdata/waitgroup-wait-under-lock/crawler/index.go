// A search index that rebuilds its shards while holding the index lock.
package crawler

import "sync"

type Index struct {
	mu   sync.Mutex
	docs map[string]string
}

func (ix *Index) Load(batch map[string]string) {
	var wg sync.WaitGroup
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for k, v := range batch {
		wg.Add(1)
		go func(k, v string) {
			defer wg.Done()
			ix.mu.Lock()
			ix.docs[k] = v
			ix.mu.Unlock()
		}(k, v)
	}
	wg.Wait() // want "wg.Wait\\(\\) while holding ix.mu .*, but the worker started at line 17 locks ix.mu before its Done"
}

// Waiting outside the lock, or under a lock the workers never take.
package safe

import "sync"

type Index struct {
	mu      sync.Mutex
	loading sync.Mutex
	docs    map[string]string
}

func (ix *Index) Load(batch map[string]string) {
	var wg sync.WaitGroup
	for k, v := range batch {
		wg.Add(1)
		go func(k, v string) {
			defer wg.Done()
			ix.mu.Lock()
			ix.docs[k] = v
			ix.mu.Unlock()
		}(k, v)
	}
	wg.Wait()
}

// Reload serialises reloads with a lock the workers do not need.
func (ix *Index) Reload(batch map[string]string, parse func(string) string) {
	ix.loading.Lock()
	defer ix.loading.Unlock()
	out := make([]string, len(batch))
	var wg sync.WaitGroup
	i := 0
	for _, v := range batch {
		wg.Add(1)
		go func(i int, v string) {
			defer wg.Done()
			out[i] = parse(v)
		}(i, v)
		i++
	}
	wg.Wait()
}

package collect

import "sync"

// Safe: a mutex around the append.
func Load(ids []int, get func(int) Item) []Item {
	var (
		mu  sync.Mutex
		out []Item
		wg  sync.WaitGroup
	)
	for _, id := range ids {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			it := get(id)
			mu.Lock()
			out = append(out, it)
			mu.Unlock()
		}(id)
	}
	wg.Wait()
	return out
}

// Safe: results are sent over a channel and appended by one goroutine.
func LoadChan(ids []int, get func(int) Item) []Item {
	ch := make(chan Item)
	for _, id := range ids {
		go func(id int) { ch <- get(id) }(id)
	}
	var out []Item
	for range ids {
		out = append(out, <-ch)
	}
	return out
}

// Safe: per-index writes into a slice allocated up front.
func LoadIndexed(ids []int, get func(int) Item) []Item {
	out := make([]Item, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func(i, id int) {
			defer wg.Done()
			out[i] = get(id)
		}(i, id)
	}
	wg.Wait()
	return out
}

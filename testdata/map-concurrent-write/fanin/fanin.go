// Package fanin merges results into a map passed by pointer.
package fanin

// fillAsync writes into the caller's map from a new goroutine.
func fillAsync(m *map[int]int, n int) {
	go func() {
		for i := 0; i < n; i++ {
			(*m)[i] = i // want `concurrent map writes: \(\*m\) is also written at line 16`
		}
	}()
}

func Merge(n int) map[int]int {
	m := make(map[int]int)
	fillAsync(&m, n)
	m[-1] = -1 // the caller keeps writing while the goroutine fills the map
	return m
}

// MergeTwice hands the same map to two fills in a loop.
func MergeTwice(n int) map[int]int {
	m := make(map[int]int)
	for i := 0; i < 2; i++ {
		fillAsync2(&m, n)
	}
	return m
}

func fillAsync2(m *map[int]int, n int) {
	go func() {
		for i := 0; i < n; i++ {
			(*m)[i] = i // want `concurrent map writes: \(\*m\) is written by goroutines that run at the same time`
		}
	}()
}

// fillOwn fills a map its caller made just for it; each call makes a new one.
func fillOwn(m map[string]bool, keys []string, done chan<- map[string]bool) {
	go func() {
		for _, k := range keys {
			m[k] = true
		}
		done <- m
	}()
}

func Collect(keys []string, done chan<- map[string]bool) {
	m := make(map[string]bool, len(keys))
	fillOwn(m, keys, done)
}

func CollectUpper(keys []string, done chan<- map[string]bool) {
	upper := make(map[string]bool)
	fillOwn(upper, keys, done)
}

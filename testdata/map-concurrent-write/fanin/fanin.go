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

// Package pointer hands a *map to a goroutine and keeps reading the map.
package pointer

// fillAsync fills the caller's map from a goroutine.
func fillAsync(m *map[int]int, n int) {
	go func() {
		for i := 0; i < n; i++ {
			(*m)[i] = i // want `concurrent map read and map write: \(\*m\) is written here while line 15 reads it`
		}
	}()
}

func Probe(m map[int]int) bool {
	fillAsync(&m, 100)
	return m[50] == 50
}

// Seed 001, §2.5: the helper as written.
package inject

func triggerConcurrentWrite(m *map[int]int) {
	go func() {
		for i := 0; i < 100; i++ {
			(*m)[i] = i // ❗无 sync.Mutex,且处于 GC barrier 敏感期
		}
	}()
}

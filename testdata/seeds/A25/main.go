package main

import "sync"

func main() {
	var m sync.Map
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 1000; j++ {
				m.Store(j, j)
				m.Load(j)
			}
		}()
	}
	wg.Wait()
}

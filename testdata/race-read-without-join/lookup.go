package lookup

import "sync"

// Lookup returns its named result before the goroutine has set it.
func Lookup(query func() string) (result string) {
	done := make(chan struct{})
	go func() {
		result = query()
		close(done)
	}()
	return result // want `data race: result is returned here, but the goroutine started at line 8 writes it`
}

type Config struct{ Addr string }

// Reload reads the config the background goroutine writes without waiting.
func Reload(load func() Config, logf func(string, ...any)) string {
	var addr string
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		addr = load().Addr
	}()
	logf("reloading, listening on %s", addr) // want `data race: addr is read here, but the goroutine started at line 22 writes it`
	wg.Wait()
	return addr
}

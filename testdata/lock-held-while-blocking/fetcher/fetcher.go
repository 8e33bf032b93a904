// A read-through HTTP cache and a job runner that hold their lock across network and process waits.
package fetcher

import (
	"io"
	"net/http"
	"os/exec"
	"sync"
)

type Cache struct {
	mu     sync.Mutex
	client *http.Client
	pages  map[string][]byte
}

func fetch(url string) ([]byte, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func (c *Cache) Get(url string) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if b, ok := c.pages[url]; ok {
		return b, nil
	}
	b, err := fetch(url) // want `fetch\(\) \(http\.Get\) does network I/O while c\.mu is held \(locked at line 27\)`
	if err != nil {
		return nil, err
	}
	c.pages[url] = b
	return b, nil
}

func (c *Cache) Refresh(req *http.Request) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	resp, err := c.client.Do(req) // want `c\.client\.Do\(\) does network I/O while c\.mu is held`
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

type Runner struct {
	mu      sync.Mutex
	running map[string]bool
}

func (r *Runner) Run(name string, args ...string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.running[name] = true
	err := exec.Command(name, args...).Run() // want `Run\(\) waits for a process while r\.mu is held`
	delete(r.running, name)
	return err
}

// RunAll waits for its workers while holding the lock; the workers do not need it, so this is
// a long critical section, not a deadlock.
func (r *Runner) RunAll(names []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func(n string) {
			defer wg.Done()
			exec.Command(n).Run()
		}(n)
	}
	wg.Wait() // want `wg\.Wait\(\) waits for other goroutines while r\.mu is held`
}

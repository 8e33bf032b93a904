// Package copies builds copies of shared values in new values before handing them out.
package copies

import "sync"

type Account struct {
	mu      sync.Mutex
	Name    string
	exports map[string]string
}

func NewAccount(name string) *Account {
	return &Account{Name: name, exports: map[string]string{}}
}

// clone fills a new account that nobody else can see until it is returned.
func (a *Account) clone() *Account {
	na := NewAccount(a.Name)
	a.mu.Lock()
	for k, v := range a.exports {
		na.exports[k] = v
	}
	a.mu.Unlock()
	na.exports["cloned-from"] = a.Name // no lock needed: na is not shared yet
	return na
}

func (a *Account) Export(k, v string) {
	a.mu.Lock()
	a.exports[k] = v
	a.mu.Unlock()
}

// Snapshot clones accounts in worker goroutines while another goroutine keeps exporting.
func Snapshot(accounts []*Account, updates <-chan [2]string) []*Account {
	go func() {
		for u := range updates {
			accounts[0].Export(u[0], u[1])
		}
	}()
	out := make([]*Account, len(accounts))
	var wg sync.WaitGroup
	for i, a := range accounts {
		wg.Add(1)
		go func(i int, a *Account) {
			defer wg.Done()
			out[i] = a.clone()
		}(i, a)
	}
	wg.Wait()
	return out
}

// Accounts and the ledger that records their movements, locked in both orders.
package bank

import "sync"

type Account struct {
	mu      sync.Mutex
	id      string
	balance int64
}

type Ledger struct {
	mu      sync.Mutex
	entries []string
}

func Deposit(a *Account, l *Ledger, n int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	l.mu.Lock() // want `l\.mu is locked while holding a\.mu, but Audit locks them in the opposite order \(a\.mu while holding l\.mu, line 35\): two goroutines running both can deadlock`
	defer l.mu.Unlock()
	a.balance += n
	l.entries = append(l.entries, a.id)
}

func (l *Ledger) Len() int {
	return len(l.entries)
}

func Audit(l *Ledger, accounts []*Account) int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	var total int64
	for _, a := range accounts {
		a.mu.Lock()
		total += a.balance
		a.mu.Unlock()
	}
	return total
}

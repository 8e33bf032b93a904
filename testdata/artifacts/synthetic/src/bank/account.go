package bank

import "sync"

type Account struct {
	mu      sync.Mutex
	balance int
}

// Transfer locks the source account, then the destination: two opposite transfers deadlock.
func (a *Account) Transfer(to *Account, amount int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.balance -= amount
	to.mu.Lock()
	defer to.mu.Unlock()
	to.balance += amount
}

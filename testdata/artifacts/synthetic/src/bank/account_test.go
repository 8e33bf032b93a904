package bank

import (
	"sync"
	"testing"
)

func TestTransfer(t *testing.T) {
	a := &Account{balance: 100}
	b := &Account{balance: 100}
	for i := 0; i < 1000; i++ {
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); a.Transfer(b, 100) }()
		go func() { defer wg.Done(); b.Transfer(a, 50) }()
		// The two transfers can each hold one account's lock and wait for the other's
		// (AB-BA): the test then hangs until -timeout.
		wg.Wait()
	}
}

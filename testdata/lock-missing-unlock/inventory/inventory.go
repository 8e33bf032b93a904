// An inventory service whose error paths were added after the happy path.
package inventory

import (
	"errors"
	"fmt"
	"sync"
)

var ErrOutOfStock = errors.New("out of stock")

type Inventory struct {
	mu       sync.Mutex
	stock    map[string]int
	reserved map[string]int
}

func (inv *Inventory) Reserve(item string, n int) error {
	inv.mu.Lock()
	if n <= 0 {
		return fmt.Errorf("bad quantity %d", n) // want `returns with inv\.mu still locked \(locked at line 19; unlocked at line 26 on the other paths\): the next inv\.mu\.Lock\(\) blocks forever`
	}
	if inv.stock[item] < n {
		return ErrOutOfStock // want `returns with inv\.mu still locked`
	}
	inv.mu.Unlock()
	inv.mu.Lock()
	inv.stock[item] -= n
	inv.reserved[item] += n
	inv.mu.Unlock()
	return nil
}

// Release switches on the reason; one case forgets the unlock.
func (inv *Inventory) Release(item string, n int, reason string) error {
	inv.mu.Lock()
	switch reason {
	case "cancel":
		inv.stock[item] += n
	case "ship":
	case "lost":
		return nil // want `returns with inv\.mu still locked`
	default:
		inv.mu.Unlock()
		return fmt.Errorf("unknown reason %q", reason)
	}
	inv.reserved[item] -= n
	inv.mu.Unlock()
	return nil
}

// Restock falls off the end of the function with the lock held when the item is new.
func (inv *Inventory) Restock(item string, n int) {
	inv.mu.Lock()
	if _, ok := inv.stock[item]; ok {
		inv.stock[item] += n
		inv.mu.Unlock()
		return
	}
	inv.stock[item] = n
} // want `the function ends with inv\.mu still locked`

// Take uses defer: every path unlocks.
func (inv *Inventory) Take(item string, n int) error {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	if inv.stock[item] < n {
		return ErrOutOfStock
	}
	inv.stock[item] -= n
	return nil
}

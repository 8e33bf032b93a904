// Package inventory tracks stock levels; a background goroutine restocks while
// request goroutines reserve items.
package inventory

import "time"

type Inventory struct {
	stock   map[string]int
	restock map[string]int
}

func New(restock map[string]int) *Inventory {
	return &Inventory{stock: make(map[string]int), restock: restock}
}

// Start launches the restocking loop; the exported methods keep being called meanwhile.
func (inv *Inventory) Start(every time.Duration) {
	go inv.restockLoop(every)
}

func (inv *Inventory) restockLoop(every time.Duration) {
	for {
		time.Sleep(every)
		for item, n := range inv.restock {
			inv.stock[item] += n // want `concurrent map writes: inv.stock is also written at line 35`
		}
	}
}

// Reserve takes one item out of stock.
func (inv *Inventory) Reserve(item string) bool {
	if inv.stock[item] == 0 {
		return false
	}
	inv.stock[item]--
	return true
}

// Adds before the go statement, and a goroutine counting the children it starts.
package safe

import "sync"

type Node struct {
	Children []*Node
	Visit    func()
}

func Walk(root *Node) {
	var wg sync.WaitGroup
	var walk func(n *Node)
	walk = func(n *Node) {
		defer wg.Done()
		n.Visit()
		for _, c := range n.Children {
			wg.Add(1)
			go walk(c)
		}
	}
	wg.Add(1)
	go walk(root)
	wg.Wait()
}

func Fanout(jobs []func()) {
	var wg sync.WaitGroup
	wg.Add(len(jobs))
	for _, j := range jobs {
		go func(j func()) {
			defer wg.Done()
			j()
		}(j)
	}
	wg.Wait()
}

// Spawn starts a supervisor that counts the workers it starts itself, before its own Done.
func Spawn(n int, work func(int)) {
	var wg sync.WaitGroup
	go func() {
		wg.Add(n)
		for i := 0; i < n; i++ {
			go func(i int) {
				defer wg.Done()
				work(i)
			}(i)
		}
	}()
	_ = &wg
}

// Local WaitGroup inside the goroutine: it counts something else.
func Batch(items [][]int, sum func([]int)) {
	go func() {
		var inner sync.WaitGroup
		inner.Add(1)
		go func() {
			defer inner.Done()
			for _, it := range items {
				sum(it)
			}
		}()
		inner.Wait()
	}()
}

// Ready: each worker signals after its Add, and the starter receives before Wait.
func Ready(n int, work func()) {
	ready := make(chan struct{}, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		go func() {
			wg.Add(1)
			ready <- struct{}{}
			defer wg.Done()
			work()
		}()
	}
	for i := 0; i < n; i++ {
		<-ready
	}
	wg.Wait()
}

// Gate uses the group as a barrier: wait, then count itself in and out.
func Gate(wg *sync.WaitGroup, x *int) {
	go func() {
		wg.Wait()
		wg.Add(1)
		*x = 1
		wg.Add(-1)
	}()
}

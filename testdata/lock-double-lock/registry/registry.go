// A service registry whose public methods lock, and call each other.
package registry

import (
	"errors"
	"sync"
)

type Service struct {
	Name string
	Addr string
}

type Registry struct {
	mu       sync.Mutex
	services map[string]Service
	watchers []chan<- Service
}

func (r *Registry) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.services)
}

func (r *Registry) Lookup(name string) (Service, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.services[name]
	return s, ok
}

// Register calls Len and Lookup, which lock r.mu again: the first registration hangs.
func (r *Registry) Register(s Service) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.Len() > 1000 { // want `\(\*Registry\)\.Len\(\) locks r\.mu again \(line 21\) while this goroutine holds it \(locked at line 35\)`
		return errors.New("registry full")
	}
	if _, dup := r.Lookup(s.Name); dup { // want `Lookup\(\) locks r\.mu again`
		return errors.New("duplicate service")
	}
	r.services[s.Name] = s
	return nil
}

// Remove forgets that it already holds the lock on the error path.
func (r *Registry) Remove(name string) error {
	r.mu.Lock()
	if _, ok := r.services[name]; !ok {
		r.mu.Lock() // want `r\.mu is locked again while this goroutine already holds it \(locked at line 49\)`
		return errors.New("unknown service")
	}
	delete(r.services, name)
	r.mu.Unlock()
	return nil
}

// Notify takes the lock inside a closure that runs on the spot.
func (r *Registry) Notify(s Service) {
	r.mu.Lock()
	defer r.mu.Unlock()
	func() {
		r.mu.Lock() // want `r\.mu is locked again`
		defer r.mu.Unlock()
		for _, w := range r.watchers {
			w <- s
		}
	}()
}

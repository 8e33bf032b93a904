package safe

import (
	"sync"
	"sync/atomic"
	"unsafe"
)

// Double-checked loading: the plain read holds the lock every atomic store holds.
type DLL struct{ Name string }

func load(name string) (*DLL, error) { return &DLL{Name: name}, nil }

type LazyDLL struct {
	mu   sync.Mutex
	dll  *DLL
	Name string
}

func (d *LazyDLL) Load() error {
	if atomic.LoadPointer((*unsafe.Pointer)(unsafe.Pointer(&d.dll))) == nil {
		d.mu.Lock()
		defer d.mu.Unlock()
		if d.dll == nil {
			dll, e := load(d.Name)
			if e != nil {
				return e
			}
			atomic.StorePointer((*unsafe.Pointer)(unsafe.Pointer(&d.dll)), unsafe.Pointer(dll))
		}
	}
	return nil
}

// A key-value store that persists and serves its entries while holding its mutex.
package store

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
)

type Entry struct {
	Key   string
	Value string
}

type Store struct {
	mu   sync.RWMutex
	data map[string]string
	log  *os.File
}

// Snapshot writes every entry to disk with the lock held.
func (s *Store) Snapshot(f *os.File) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, v := range s.data {
		if _, err := fmt.Fprintf(f, "%s=%s\n", k, v); err != nil { // want `fmt\.Fprintf\(\.\.\.\) runs on every iteration of this loop while s\.mu is held \(locked at line 26\)`
			return err
		}
	}
	return f.Sync()
}

// ServeHTTP streams the entries to a client that may read slowly.
func (s *Store) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	enc := json.NewEncoder(w)
	s.mu.RLock()
	for k, v := range s.data {
		enc.Encode(Entry{k, v}) // want `enc\.Encode\(\.\.\.\) runs on every iteration of this loop while s\.mu is held`
	}
	s.mu.RUnlock()
}

// Replay copies each segment under the lock.
func (s *Store) Replay(segments []io.Reader) error {
	s.mu.Lock()
	for _, seg := range segments {
		if _, err := io.Copy(s.log, seg); err != nil { // want `io\.Copy\(\.\.\.\) runs on every iteration`
			s.mu.Unlock()
			return err
		}
	}
	s.mu.Unlock()
	return nil
}

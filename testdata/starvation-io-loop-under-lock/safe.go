// Critical sections that copy under the lock and do the I/O after it.
package store

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"strings"
)

func (s *Store) SnapshotCopy(f *os.File) error {
	s.mu.RLock()
	entries := make([]Entry, 0, len(s.data))
	for k, v := range s.data {
		entries = append(entries, Entry{k, v})
	}
	s.mu.RUnlock()
	for _, e := range entries {
		if _, err := fmt.Fprintf(f, "%s=%s\n", e.Key, e.Value); err != nil {
			return err
		}
	}
	return nil
}

// Formatting into memory under the lock, one write after Unlock.
func (s *Store) Dump(f *os.File) error {
	var buf bytes.Buffer
	var sb strings.Builder
	h := sha256.New()
	s.mu.Lock()
	for k, v := range s.data {
		fmt.Fprintf(&buf, "%s=%s\n", k, v)
		sb.WriteString(k)
		h.Write([]byte(v))
	}
	s.mu.Unlock()
	_, err := f.Write(buf.Bytes())
	return err
}

// One append to the log under the lock: a single write, not one per entry.
func (s *Store) Set(k, v string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data[k] = v
	_, err := fmt.Fprintf(s.log, "%s=%s\n", k, v)
	return err
}

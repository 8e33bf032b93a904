// Consumers that start a goroutine for every message they receive.
package consumer

import (
	"bufio"
	"database/sql"
	"io"
)

type Message struct {
	ID   string
	Body []byte
}

type Stream interface {
	Recv() (*Message, error)
}

type Handler struct {
	store *sql.DB
}

func (h *Handler) process(m Message) {}

// Consume starts one goroutine per queued message.
func (h *Handler) Consume(msgs <-chan Message) {
	for m := range msgs {
		go h.process(m) // want `a new goroutine for every item from msgs, with no limit`
	}
}

// Follow reads an RPC stream and handles every message concurrently.
func (h *Handler) Follow(s Stream) error {
	for {
		m, err := s.Recv()
		if err != nil {
			return err
		}
		go func() { // want `a new goroutine for every item from s\.Recv\(\), with no limit`
			h.process(*m)
		}()
	}
}

// ImportLines spawns per input line.
func (h *Handler) ImportLines(r io.Reader) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		go h.process(Message{Body: []byte(line)}) // want `a new goroutine for every item from sc\.Scan\(\)`
	}
}

// Reindex spawns per database row.
func (h *Handler) Reindex(rows *sql.Rows) {
	for rows.Next() {
		var m Message
		if err := rows.Scan(&m.ID, &m.Body); err != nil {
			continue
		}
		go h.process(m) // want `a new goroutine for every item from rows\.Next\(\)`
	}
}

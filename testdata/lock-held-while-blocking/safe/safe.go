// Blocking near a mutex that is fine: none of these may be reported.
package safe

import (
	"bufio"
	"net"
	"os"
	"sync"
	"time"
)

type Queue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []int
	out   chan int
	wake  chan struct{}
}

func NewQueue() *Queue {
	q := &Queue{out: make(chan int, 64), wake: make(chan struct{}, 1)}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// Cond.Wait releases q.mu while it waits.
func (q *Queue) Pop() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.cond.Wait()
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v
}

// The sleep happens after the unlock.
func (q *Queue) PushSlowly(v int) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
	time.Sleep(time.Millisecond)
	q.cond.Signal()
}

// A send in a select with a default never blocks.
func (q *Queue) Notify() {
	q.mu.Lock()
	defer q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// A buffered channel: the send only blocks when 64 items are pending.
func (q *Queue) Forward(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.out <- v
}

func (q *Queue) Drain() {
	for v := range q.out {
		q.mu.Lock()
		q.items = append(q.items, v)
		q.mu.Unlock()
	}
}

// Conn serialises writes to its connection: the mutex exists for that I/O.
type Conn struct {
	writeMu sync.Mutex
	conn    net.Conn
	bw      *bufio.Writer
}

func (c *Conn) WriteFrame(p []byte) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	if _, err := c.conn.Write(p); err != nil {
		return err
	}
	return c.flush()
}

func (c *Conn) flush() error {
	_, err := c.conn.Write(nil)
	return err
}

// Log appends to a file under the lock: serialised file writes are the point.
type Log struct {
	mu sync.Mutex
	f  *os.File
}

func (l *Log) Append(line string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, err := l.f.Write([]byte(line + "\n"))
	return err
}

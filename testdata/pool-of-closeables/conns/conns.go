package conns

import (
	"net"
	"os"
	"sync"
	"time"
)

// A "connection cache" on top of sync.Pool.
var upstream = sync.Pool{
	New: func() any { // want `upstream holds the result of net.DialTimeout, which needs Close\(\)`
		c, err := net.DialTimeout("tcp", "10.0.0.7:6379", time.Second)
		if err != nil {
			return nil
		}
		return c
	},
}

func Do(cmd []byte) error {
	c, _ := upstream.Get().(net.Conn)
	if c == nil {
		return os.ErrDeadlineExceeded
	}
	defer upstream.Put(c)
	_, err := c.Write(cmd)
	return err
}

// Spill files reused across sorts.
var spills = sync.Pool{New: func() any { // want `spills holds the result of os.CreateTemp, which needs Close\(\)`
	f, _ := os.CreateTemp("", "spill-*")
	return f
}}

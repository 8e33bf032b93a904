// Package owner serialises every access to its map through one goroutine.
package owner

type lookup struct {
	key   string
	reply chan string
}

type Directory struct {
	sets    chan [2]string
	lookups chan lookup
	names   map[string]string
}

func NewDirectory() *Directory {
	d := &Directory{sets: make(chan [2]string), lookups: make(chan lookup), names: map[string]string{}}
	go d.serve()
	return d
}

func (d *Directory) serve() {
	for {
		select {
		case kv := <-d.sets:
			d.names[kv[0]] = kv[1]
		case l := <-d.lookups:
			l.reply <- d.names[l.key]
		}
	}
}

func (d *Directory) Set(k, v string) { d.sets <- [2]string{k, v} }

func (d *Directory) Lookup(k string) string {
	reply := make(chan string)
	d.lookups <- lookup{key: k, reply: reply}
	return <-reply
}

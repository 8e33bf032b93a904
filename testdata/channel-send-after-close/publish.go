package events

type Bus struct {
	events chan string
	errs   chan error
}

// Closing before the last send: the send panics.
func (b *Bus) Finish(last string) {
	close(b.events)
	b.events <- last // want "send on closed channel: b.events is closed at line 10 on every path to this send"
}

// Closed on both branches, then used in a select.
func (b *Bus) Abort(err error, fatal bool) {
	if fatal {
		close(b.errs)
	} else {
		close(b.errs)
	}
	select {
	case b.errs <- err: // want "b.errs is closed at line 17 on every path"
	default:
	}
}

package poll

// Polls two channels as fast as it can.
func consume(jobs <-chan int, quit <-chan struct{}, handle func(int)) {
	for {
		select {
		case j := <-jobs:
			handle(j)
		case <-quit:
			return
		default: // want "busy loop: this empty default makes the endless for-select spin"
		}
	}
}

// Spinning while waiting for one result.
func await(result <-chan error) error {
	for {
		select {
		case err := <-result:
			return err
		default: // want "busy loop"
		}
	}
}

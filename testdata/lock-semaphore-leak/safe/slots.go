package safe

import "errors"

var resizing = make(chan struct{}, 4)

var errEmpty = errors.New("empty image")

func Thumbnail(img []byte, resize func([]byte) []byte) ([]byte, error) {
	resizing <- struct{}{}
	defer func() { <-resizing }()
	if len(img) == 0 {
		return nil, errEmpty
	}
	return resize(img), nil
}

func Convert(img []byte, conv func([]byte) ([]byte, error)) ([]byte, error) {
	resizing <- struct{}{}
	out, err := conv(img)
	<-resizing
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Each worker gives its slot back when it is done.
func ResizeAll(imgs [][]byte, resize func([]byte)) {
	for _, img := range imgs {
		resizing <- struct{}{}
		go func(img []byte) {
			defer func() { <-resizing }()
			resize(img)
		}(img)
	}
}

// Results travel over an unbuffered channel: a hand-off, not a semaphore.
func Relay(in <-chan int, out chan int) {
	for v := range in {
		out <- v
		if v < 0 {
			return
		}
		<-out
	}
}

package gateway

import "errors"

// At most four resizes at a time: a buffered channel as a counting semaphore.
var resizing = make(chan struct{}, 4)

var errEmpty = errors.New("empty image")

func Thumbnail(img []byte, resize func([]byte) []byte) ([]byte, error) {
	resizing <- struct{}{}
	if len(img) == 0 {
		return nil, errEmpty // want "returns holding the slot that `resizing <- struct\\{\\}\\{\\}` took \\(line 11; released by `<-resizing` at line 16"
	}
	out := resize(img)
	<-resizing
	return out, nil
}

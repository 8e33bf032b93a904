package go123

// On Go 1.23+ unreferenced tickers are collected: still reported, at info severity.

import (
	"net/http"
	"time"
)

func Stream(w http.ResponseWriter, r *http.Request) {
	t := time.NewTicker(time.Second) // want `t is not stopped on every path: it keeps firing until it becomes unreachable \(Go 1.23\+ collects unreferenced tickers\)`
	for i := 0; i < 3; i++ {
		<-t.C
		w.Write([]byte("."))
	}
}

// Command loadtest hammers the inventory service with concurrent requests until the
// unguarded visits map breaks. Its crash output is examples/crash.log:
//
//	go run -trimpath ./cmd/loadtest 2> crash.log
package main

import (
	"net/http"
	"net/http/httptest"
	"sync"

	"example.com/inventory/inventory"
)

func main() {
	srv := inventory.NewServer()
	mux := http.NewServeMux()
	srv.Routes(mux)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100000; i++ {
				mux.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/stock", nil))
			}
		}()
	}
	wg.Wait()
}

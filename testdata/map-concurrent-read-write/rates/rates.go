// Package rates refreshes exchange rates in the background and serves them over HTTP.
package rates

import (
	"fmt"
	"net/http"
	"time"
)

var rates = map[string]float64{"EUR": 1}

func refresh(fetch func(string) float64, every time.Duration) {
	for {
		for cur := range rates {
			rates[cur] = fetch(cur) // want `concurrent map read and map write: rates is written here while line 22 reads it`
		}
		time.Sleep(every)
	}
}

func price(w http.ResponseWriter, r *http.Request) {
	rate, ok := rates[r.FormValue("currency")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	fmt.Fprintf(w, "%.4f\n", rate)
}

func Serve(fetch func(string) float64) error {
	go refresh(fetch, time.Minute)
	http.HandleFunc("/price", price)
	return http.ListenAndServe(":8080", nil)
}

package go122

// Go 1.22+: every iteration has its own variable, nothing is reported.

import (
	"net/http"
	"sync"
)

func FetchAll(client *http.Client, urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if resp, err := client.Get(u); err == nil {
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
}

func StartWorkers(n int, jobs <-chan string, handle func(id int, job string)) {
	for id := 0; id < n; id++ {
		go func() {
			for j := range jobs {
				handle(id, j)
			}
		}()
	}
}

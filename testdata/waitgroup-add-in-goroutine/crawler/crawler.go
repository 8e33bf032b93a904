// A crawler that fetches pages concurrently and counts its fetchers from inside them.
package crawler

import "sync"

type Page struct {
	URL  string
	Body string
}

type Crawler struct {
	fetch func(string) string
	wg    sync.WaitGroup
}

func (c *Crawler) Crawl(urls []string) []Page {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		pages []Page
	)
	for _, u := range urls {
		go func(u string) {
			wg.Add(1) // want "wg.Add runs inside the goroutine it counts"
			defer wg.Done()
			body := c.fetch(u)
			mu.Lock()
			pages = append(pages, Page{URL: u, Body: body})
			mu.Unlock()
		}(u)
	}
	wg.Wait()
	return pages
}

// Prefetch counts on the crawler's own WaitGroup; Close waits on it.
func (c *Crawler) Prefetch(u string) {
	go func() {
		c.wg.Add(1) // want "c.wg.Add runs inside the goroutine it counts"
		defer c.wg.Done()
		c.fetch(u)
	}()
}

func (c *Crawler) Close() {
	c.wg.Wait()
}

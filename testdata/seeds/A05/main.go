package main

func fill(m *map[int]int) {
	go func() {
		for i := 0; i < 100; i++ {
			(*m)[i] = i // want `concurrent map read and map write: \(\*m\) is written here while line 14 reads it`
		}
	}()
}

func main() {
	m := map[int]int{}
	fill(&m)
	println(m[1])
}

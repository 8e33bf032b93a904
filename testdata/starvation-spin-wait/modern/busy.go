// The seed's busy loop under go 1.21 (inherited go.mod): asynchronous preemption makes it harmless.
package modern

func BusyLoop() int {
	i := 0
	for i < 1e9 {
		i++
	}
	return i
}

// Seed 001, §2.1: the statements wrapped in a function.
package grow

func fill() map[int]int {
	m := make(map[int]int, 1)
	// 强制填满 1 个桶(8 个键)并制造高冲突哈希
	for i := 0; i < 9; i++ {
		m[i<<3] = i // 相同低 3 位 → 同一桶 + 溢出
	}
	return m
}

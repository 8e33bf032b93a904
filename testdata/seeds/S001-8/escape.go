package escape

func makeMap() map[string]int {
	m := make(map[string]int) // line 2
	m["key"] = 42
	return m // ⚠️ 逃逸:返回局部 map 的指针 → 分配到堆
}

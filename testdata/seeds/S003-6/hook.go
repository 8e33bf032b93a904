package hook

import _ "unsafe" // go:linkname

// 使用 go:linkname 绕过导出限制,直接访问未导出的 scheduler trace 点
//go:linkname traceGoSched runtime.traceGoSched
func traceGoSched() {
	// 注入轻量级时间戳记录,标记 goroutine 让出调度点
}

// Seed 002, §2.5 as written. The gc compiler rejects it ("//go:linkname must
// refer to declared function or variable"): the directive is the defect itself,
// so it is kept; there is no smaller change that compiles and keeps it.
package zerocopy

// 绑定 runtime.stringStruct 字段布局(Go 1.22+)
//go:linkname stringStruct reflect.stringStruct
type stringStruct struct {
	str *byte
	len int
}

// Seed 001, §2.3: atomic.Or32 does not exist; Go 1.23 added atomic.OrUint32
// (hence go.mod), which is the only change.
package flags

import (
	"sync/atomic"
	"unsafe"
)

var flags uint32

func write() { atomic.OrUint32(&flags, 1) } // 正确:原子或
func unsafeRead() {
	p := (*uint32)(unsafe.Pointer(&flags)) // 绕过类型安全
	_ = *p & 1                             // 非同步裸读 → 触发 race detector
}

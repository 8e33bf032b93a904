// Seed 000, §2.1: a trivial cgo wrapper around sqrt.
package sqrt

/*
#cgo LDFLAGS: -lm
#include <math.h>
double c_sqrt(double x) { return sqrt(x); }
*/
import "C"

func callCSqrt(x float64) float64 {
	return float64(C.c_sqrt(C.double(x))) // ⚠️ 阻塞调用期间G与M绑定,P被释放
}

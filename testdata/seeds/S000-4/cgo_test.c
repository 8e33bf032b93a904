// cgo_test.c
#include <stdlib.h>
void* unsafe_alloc() {
return malloc(64); // C堆分配,无Go GC感知
}

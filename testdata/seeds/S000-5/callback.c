#include <stdio.h>
typedef void (*cb_t)(void);
void call_cb(cb_t cb) { cb(); }

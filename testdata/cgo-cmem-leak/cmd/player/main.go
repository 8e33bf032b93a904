// A command: memory allocated once for the life of the process is not a leak worth reporting.
package main

/*
#include <stdlib.h>
void player_init(const char *device);
void player_run(void);
*/
import "C"

import "os"

func main() {
	dev := "default"
	if len(os.Args) > 1 {
		dev = os.Args[1]
	}
	C.player_init(C.CString(dev))
	C.player_run()
}

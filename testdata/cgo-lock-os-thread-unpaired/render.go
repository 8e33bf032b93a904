// A renderer that binds a C graphics context to the calling thread.
package render

/*
typedef struct gfx_ctx gfx_ctx;
int  gfx_make_current(gfx_ctx *c);
void gfx_release_current(void);
void gfx_swap(gfx_ctx *c);
*/
import "C"

import (
	"errors"
	"runtime"
)

type Context struct{ c *C.gfx_ctx }

var errBind = errors.New("render: cannot make the context current")

// Frame forgets to unlock on its error path.
func (ctx *Context) Frame(draw func()) error {
	runtime.LockOSThread() // want `runtime\.LockOSThread is not undone when Frame returns here: the caller's goroutine stays wired to this OS thread, and when it exits the thread is terminated instead of reused`
	if C.gfx_make_current(ctx.c) != 0 {
		return errBind
	}
	draw()
	C.gfx_swap(ctx.c)
	C.gfx_release_current()
	runtime.UnlockOSThread()
	return nil
}

// Screenshot never unlocks, and it is called from request handlers.
func (ctx *Context) Screenshot() []byte {
	runtime.LockOSThread() // want `runtime\.LockOSThread is never undone in Screenshot, which returns to its caller`
	C.gfx_make_current(ctx.c)
	buf := make([]byte, 4)
	C.gfx_release_current()
	return buf
}

// Thumbnails calls its closure directly: the caller's goroutine stays locked after an error.
func (ctx *Context) Thumbnails(n int) error {
	one := func() error {
		runtime.LockOSThread() // want `runtime\.LockOSThread is not undone when the function literal returns here`
		if C.gfx_make_current(ctx.c) != 0 {
			return errBind
		}
		C.gfx_release_current()
		runtime.UnlockOSThread()
		return nil
	}
	for i := 0; i < n; i++ {
		if err := one(); err != nil {
			return err
		}
	}
	return nil
}

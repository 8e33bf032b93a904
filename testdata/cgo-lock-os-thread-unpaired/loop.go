// Locking done right: deferred unlocks, a render goroutine that owns its thread, helpers named for it.
package render

/*
typedef struct gfx_ctx gfx_ctx;
int  gfx_make_current(gfx_ctx *c);
void gfx_release_current(void);
void gfx_swap(gfx_ctx *c);
*/
import "C"

import "runtime"

// Draw unlocks on every path.
func (ctx *Context) Draw(draw func()) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if C.gfx_make_current(ctx.c) != 0 {
		return errBind
	}
	defer C.gfx_release_current()
	draw()
	C.gfx_swap(ctx.c)
	return nil
}

// Run starts a goroutine that keeps its thread for its whole life.
func (ctx *Context) Run(frames <-chan func()) {
	go func() {
		runtime.LockOSThread()
		C.gfx_make_current(ctx.c)
		for draw := range frames {
			draw()
			C.gfx_swap(ctx.c)
		}
	}()
}

// renderLoop is only ever started with go.
func renderLoop(ctx *Context, frames <-chan func()) {
	runtime.LockOSThread()
	for draw := range frames {
		draw()
	}
}

func Start(ctx *Context, frames <-chan func()) {
	go renderLoop(ctx, frames)
}

// lockThread is a helper: its caller unlocks.
func lockThread() {
	runtime.LockOSThread()
}

func WithThread(f func()) {
	lockThread()
	defer runtime.UnlockOSThread()
	f()
}

// A deferred closure unlocks too.
func (ctx *Context) Present() {
	runtime.LockOSThread()
	defer func() {
		C.gfx_release_current()
		runtime.UnlockOSThread()
	}()
	C.gfx_make_current(ctx.c)
	C.gfx_swap(ctx.c)
}

// Panics leave the goroutine anyway.
func (ctx *Context) MustBind() {
	runtime.LockOSThread()
	if C.gfx_make_current(ctx.c) != 0 {
		panic(errBind)
	}
	C.gfx_release_current()
	runtime.UnlockOSThread()
}

// A local worker closure only ever started with go: each worker retires its thread when it exits.
func StartWorkers(ctx *Context, jobs <-chan func(), n int) {
	worker := func(id int) {
		for job := range jobs {
			runtime.LockOSThread()
			C.gfx_make_current(ctx.c)
			job()
			if id == 0 {
				return // the first worker exits locked on purpose: its thread state is dirty
			}
			runtime.UnlockOSThread()
		}
	}
	for i := 0; i < n; i++ {
		go worker(i)
	}
}

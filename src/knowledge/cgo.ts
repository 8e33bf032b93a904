// Facts about cgo used by the cgo rules: which C.x names allocate C memory, free it, copy it back
// to Go, or are type conversions, and the name heuristics for C functions that keep a pointer
// after they return. Tables only; src/model/cgo.ts and src/model/cmem.ts use them.

/** `C.x` calls whose result is C memory the caller must free with C.free (src/cmd/cgo/doc.go). */
export const C_ALLOCATORS: ReadonlyMap<string, string> = new Map([
  ['malloc', 'C.malloc'],
  ['calloc', 'C.calloc'],
  ['realloc', 'C.realloc'],
  ['CString', 'C.CString'],
  ['CBytes', 'C.CBytes'],
  ['strdup', 'C.strdup'],
  ['strndup', 'C.strndup'],
]);

/** Helpers cgo generates that copy C data into Go memory: they neither keep nor free their argument. */
export const C_COPY_HELPERS: ReadonlySet<string> = new Set(['GoString', 'GoStringN', 'GoBytes']);

/** Allocation helpers cgo generates in Go (no C call to keep a pointer). */
export const C_GO_HELPERS: ReadonlySet<string> = new Set(['CString', 'CBytes', 'GoString', 'GoStringN', 'GoBytes']);

/** Basic C types cgo exposes as C.<name> (src/cmd/cgo/doc.go "Go references to C"). */
export const C_BASIC_TYPES: ReadonlySet<string> = new Set([
  'char',
  'schar',
  'uchar',
  'short',
  'ushort',
  'int',
  'uint',
  'long',
  'ulong',
  'longlong',
  'ulonglong',
  'float',
  'double',
  'complexfloat',
  'complexdouble',
  'size_t',
  'ssize_t',
  'uintptr_t',
  'intptr_t',
  'ptrdiff_t',
  'off_t',
  'int8_t',
  'int16_t',
  'int32_t',
  'int64_t',
  'uint8_t',
  'uint16_t',
  'uint32_t',
  'uint64_t',
  'bool',
  '_Bool',
]);

/** Words in a C function name that say it releases its pointer argument. */
export const C_FREEING_WORDS: ReadonlySet<string> = new Set(['free', 'release', 'destroy', 'dispose', 'delete', 'unref', 'dealloc', 'deallocate']);

/**
 * Words in a C function name that suggest it keeps the pointer it is given after returning
 * (registers a callback argument, queues a buffer for playback, starts asynchronous work).
 * A heuristic: the rules that use it say so in their messages.
 */
export const C_RETAINING_WORDS: ReadonlySet<string> = new Set([
  'register',
  'queue',
  'enqueue',
  'play',
  'start',
  'submit',
  'attach',
  'post',
  'schedule',
  'install',
  'subscribe',
  'async',
  'retain',
  'keep',
  'hold',
  'adopt',
  'own',
]);

/**
 * `set` alone mostly sets a value from the argument (mpz_set_str, setopt): it suggests keeping the
 * pointer only together with one of these words (set_buffer, SetUserData, set_callback).
 */
export const C_SET_OBJECT_WORDS: ReadonlySet<string> = new Set([
  'buffer',
  'buf',
  'data',
  'user',
  'userdata',
  'callback',
  'cb',
  'pointer',
  'ptr',
  'handler',
  'source',
  'stream',
  'memory',
  'mem',
  'pcm',
  'samples',
  'pixels',
  'context',
  'ctx',
  'target',
  'output',
]);

/** Words that say a call is done with its arguments when it returns (or only reads state). */
export const C_NOT_RETAINING_WORDS: ReadonlySet<string> = new Set(['get', 'unset', 'unregister', 'blocking', 'sync', 'wait', 'copy', 'dup', 'is', 'has']);

/**
 * C library functions whose name matches a retaining word but that copy their arguments (or
 * only read them during the call), and functions that keep them although no word says so.
 */
export const C_COPYING_FUNCS: ReadonlySet<string> = new Set([
  'setenv',
  'setlocale',
  'setsockopt',
  'sethostname',
  'setdomainname',
  'setpriority',
  'setrlimit',
  'setitimer',
  'settimeofday',
  'setuid',
  'setgid',
  'seteuid',
  'setegid',
  'setreuid',
  'setregid',
  'setgroups',
  'setpgid',
  'setsid',
  'setjmp',
  'sigsetjmp',
  'sigset',
  'pthread_setname_np',
  'pthread_attr_setstacksize',
  'pthread_sigmask',
  'sigprocmask',
  'memset',
]);

export const C_KNOWN_RETAINING_FUNCS: ReadonlySet<string> = new Set(['putenv', 'setvbuf', 'setbuf', 'setbuffer']);

/** Words in a C function name that end what a retaining call started (wait for it, take the pointer back). */
export const C_UNRETAIN_WORDS: ReadonlySet<string> = new Set([
  'stop',
  'wait',
  'join',
  'drain',
  'flush',
  'finish',
  'sync',
  'close',
  'unregister',
  'unset',
  'clear',
  'remove',
  'reset',
  'detach',
  'cancel',
  'dequeue',
  'unqueue',
  'end',
  'done',
  'shutdown',
  'destroy',
  'free',
  'release',
]);

/** Splits a C (or Go) identifier into lower-case words: `SDL_QueueAudio` → sdl, queue, audio. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_\d]+/)
    .filter((w) => w.length > 0);
}

/** True when a C function's name says it frees its argument (`free`, `av_free`, `SDL_FreeWAV`, `g_object_unref`). */
export function isFreeingCName(name: string): boolean {
  return nameWords(name).some((w) => C_FREEING_WORDS.has(w));
}

/** The word that makes a C function's name suggest it keeps a pointer, or null. */
export function retainingWord(name: string): string | null {
  if (C_KNOWN_RETAINING_FUNCS.has(name)) return name;
  if (C_COPYING_FUNCS.has(name)) return null;
  const words = nameWords(name);
  if (words.some((w) => C_FREEING_WORDS.has(w) || C_NOT_RETAINING_WORDS.has(w))) return null;
  const word = words.find((w) => C_RETAINING_WORDS.has(w));
  if (word !== undefined) return word;
  if (words.includes('set') && words.some((w) => C_SET_OBJECT_WORDS.has(w))) return 'set';
  return null;
}

/** True when a C function's name suggests it ends asynchronous use of a pointer (stop, wait, unregister...). */
export function isUnretainingCName(name: string): boolean {
  return nameWords(name).some((w) => C_UNRETAIN_WORDS.has(w));
}

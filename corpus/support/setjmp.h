/* setjmp/longjmp for the corpus programs, on Wasm exception handling.
 *
 * Debian's wasi-libc predates its setjmp support, so the corpus brings
 * the small runtime that LLVM's `-mllvm -wasm-enable-sjlj` lowering calls
 * (sjlj.c beside this file). clang rewrites each `setjmp`/`longjmp` call;
 * these declarations only have to exist. */
#ifndef SPINDLE_CORPUS_SETJMP_H
#define SPINDLE_CORPUS_SETJMP_H

/* Room for what sjlj.c keeps in a buffer (see struct jmp_buf_impl). */
typedef struct { unsigned long long words[4]; } jmp_buf[1];

int setjmp(jmp_buf env) __attribute__((returns_twice));
_Noreturn void longjmp(jmp_buf env, int val);

#define _setjmp setjmp
#define _longjmp longjmp

#endif

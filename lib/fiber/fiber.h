/* fiber.h - fibers for C programs built by clang for wasm32-wasi, on the
 * stack-switching proposal (typed continuations).
 *
 * The switching itself happens in lib/fiber/fiber.wat, which the runtime
 * loads as module "env" before the program:
 *
 *   clang --target=wasm32-wasi -O2 -Ilib/fiber prog.c lib/fiber/fiber.c \
 *         -Wl,--import-table -Wl,--growable-table -o prog.wasm
 *   spindle run --preload env=lib/fiber/fiber.wat prog.wasm
 *
 * Each fiber has its own shadow stack (the region of linear memory that
 * clang's `__stack_pointer` walks for address-taken locals), allocated by
 * fiber_alloc and switched together with the Wasm stack. Values passed
 * between fibers are intptr_t (a pointer fits).
 *
 * Two styles, which can be mixed:
 * - asymmetric: fiber_resume(f, v) runs f until it calls fiber_yield(v') or
 *   returns; fiber_resume then returns v' (or f's result). Resumes nest: a
 *   fiber can resume another fiber.
 * - symmetric: inside a fiber, fiber_switch_to(g, v) hands control straight
 *   to fiber g (fresh, yielded or switched away), which runs under the same
 *   fiber_resume. When some fiber of that group yields or returns, that
 *   fiber_resume returns; fiber_last() tells which fiber it was.
 *
 * Not thread-safe (wasm32-wasi has no threads); do not longjmp across a
 * switch.
 */
#ifndef SPINDLE_FIBER_H
#define SPINDLE_FIBER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct fiber fiber_t;

/* A fiber's body: `arg` as given to fiber_alloc, `value` the value of the
 * first fiber_resume / fiber_switch_to. Its result is what that fiber_resume
 * returns when the fiber finishes. */
typedef intptr_t (*fiber_fn)(void *arg, intptr_t value);

/* Shadow stack size used when fiber_alloc gets 0. */
#define FIBER_DEFAULT_STACK_SIZE (16 * 1024)

/* A new fiber (not started) that will run entry(arg, first value) on a
 * shadow stack of stack_size bytes (0: FIBER_DEFAULT_STACK_SIZE). NULL if
 * memory runs out. */
fiber_t *fiber_alloc(fiber_fn entry, void *arg, size_t stack_size);

/* Runs f (fresh or yielded) until a fiber running under this call yields or
 * returns; the yielded value or the result. Aborts if f is running or
 * finished. */
intptr_t fiber_resume(fiber_t *f, intptr_t value);

/* Suspends the running fiber back to the fiber_resume that runs it;
 * returns the value of the next fiber_resume / fiber_switch_to of this
 * fiber. Aborts outside a fiber. */
intptr_t fiber_yield(intptr_t value);

/* Suspends the running fiber and runs f (fresh, yielded or switched away)
 * in its place, under the same fiber_resume; returns the value of whatever
 * resumes or switches back to this fiber. Outside a fiber it is
 * fiber_resume(f, value). */
intptr_t fiber_switch_to(fiber_t *f, intptr_t value);

/* Whether f's body returned. */
int fiber_done(const fiber_t *f);

/* Frees f and its stack. f must not be running (nor resuming another
 * fiber); a suspended fiber is dropped without running further. */
void fiber_free(fiber_t *f);

/* The running fiber, NULL on the main stack. */
fiber_t *fiber_self(void);

/* The fiber that last yielded or finished (what the latest fiber_resume
 * returned from). */
fiber_t *fiber_last(void);

/* The user data given to fiber_alloc. */
void *fiber_arg(const fiber_t *f);

#ifdef __cplusplus
}
#endif

#endif /* SPINDLE_FIBER_H */

/* fiber.c - the C side of the fiber library (see fiber.h, fiber.wat).
 *
 * The Wasm stacks are switched by the primitives that fiber.wat exports
 * (imported here from module "env"); this file adds what the Wasm side
 * cannot see: each fiber's shadow stack in linear memory. clang keeps the
 * top of the shadow stack in the mutable global `__stack_pointer`, which
 * only this module can name, so every switch point here
 *   1. saves the running fiber's stack pointer in its record,
 *   2. sets the stack pointer of the fiber it hands control to (needed when
 *      that fiber is fresh: its first function's prologue reads it),
 *   3. calls the primitive, and when control comes back to this fiber,
 *   4. restores its own stack pointer from its record (whoever switched
 *      back to it may have left its own there).
 * The saved value is exact: nothing between the read in step 1 and the
 * primitive call moves the stack pointer (the primitive is an import).
 */
#include "fiber.h"

#include <stdio.h>
#include <stdlib.h>

#if !defined(__wasm32__)
#error "fiber.c is for wasm32 (values and table indices are i32)"
#endif

#define FIBER_IMPORT(name) __attribute__((import_module("env"), import_name(#name)))

FIBER_IMPORT(fiber_new) int32_t spindle_fiber_new(int32_t entry, int32_t arg);
FIBER_IMPORT(fiber_resume) int32_t spindle_fiber_resume(int32_t handle, int32_t value);
FIBER_IMPORT(fiber_yield) int32_t spindle_fiber_yield(int32_t value);
FIBER_IMPORT(fiber_switch_to) int32_t spindle_fiber_switch_to(int32_t handle, int32_t value);
FIBER_IMPORT(fiber_free) void spindle_fiber_free(int32_t handle);

/* Macros, not functions: at -O0 a helper function would have its own
 * prologue/epilogue that moves the stack pointer. */
#define FIBER_GET_SP(sp) \
  __asm__ volatile("global.get __stack_pointer\n\tlocal.set %0" : "=r"(sp) : : "memory")
#define FIBER_SET_SP(sp) \
  __asm__ volatile("local.get %0\n\tglobal.set __stack_pointer" : : "r"(sp) : "memory")

#define FIBER_MAGIC 0x46494245u /* "FIBE" */

struct fiber {
  uintptr_t sp;      /* saved stack pointer while not running */
  int32_t handle;    /* fiber.wat handle, 0 for the main stack */
  int32_t done;
  fiber_fn entry;
  void *arg;
  uintptr_t stack_lo; /* lowest usable address of the shadow stack */
  size_t stack_size;
  fiber_t *next_cached;
  uint32_t magic; /* overwritten by a shadow stack overflow */
};

/* Freed fibers kept for reuse by fiber_alloc (same stack size), so that
 * programs making many short-lived fibers do not pay malloc and free for
 * each. */
#define FIBER_CACHE_MAX 64
static fiber_t *fiber_cache;
static int fiber_cached;

static fiber_t fiber_main_rec; /* the main stack: only .sp is used */
static fiber_t *fiber_cur = &fiber_main_rec;
static fiber_t *fiber_last_ = NULL;

static void fiber_panic(const char *msg) {
  fprintf(stderr, "fiber: %s\n", msg);
  abort();
}

static void fiber_check(const fiber_t *f) {
  if (f->magic != FIBER_MAGIC)
    fiber_panic("shadow stack overflow (give fiber_alloc a bigger stack)");
}

/* Every fiber starts here (through fiber.wat's trampoline, by table index),
 * on its own shadow stack: the resumer or switcher set the stack pointer. */
static intptr_t fiber_start(intptr_t fp, intptr_t value) {
  fiber_t *f = (fiber_t *)fp;
  intptr_t r = f->entry(f->arg, value);
  fiber_check(f);
  f->done = 1;
  fiber_last_ = f;
  return r;
}

fiber_t *fiber_alloc(fiber_fn entry, void *arg, size_t stack_size) {
  if (stack_size == 0)
    stack_size = FIBER_DEFAULT_STACK_SIZE;
  /* One block: the record, then the stack (growing down towards it). */
  size_t head = (sizeof(fiber_t) + 15) & ~(size_t)15;
  fiber_t *f = fiber_cache;
  if (f != NULL && f->stack_size == stack_size) {
    fiber_cache = f->next_cached;
    fiber_cached--;
  } else {
    f = malloc(head + stack_size);
    if (f == NULL)
      return NULL;
    f->stack_size = stack_size;
  }
  unsigned char *mem = (unsigned char *)f;
  f->entry = entry;
  f->arg = arg;
  f->done = 0;
  f->magic = FIBER_MAGIC;
  f->stack_lo = (uintptr_t)(mem + head);
  f->sp = (uintptr_t)(mem + head + stack_size) & ~(uintptr_t)15;
  f->handle = spindle_fiber_new((int32_t)(intptr_t)&fiber_start, (int32_t)(intptr_t)f);
  return f;
}

intptr_t fiber_resume(fiber_t *f, intptr_t value) {
  fiber_t *me = fiber_cur;
  if (f->done)
    fiber_panic("fiber_resume of a finished fiber");
  if (f == me)
    fiber_panic("fiber_resume of the running fiber");
  FIBER_GET_SP(me->sp);
  fiber_cur = f;
  uintptr_t sp = f->sp;
  FIBER_SET_SP(sp);
  intptr_t r = spindle_fiber_resume(f->handle, value);
  sp = me->sp;
  FIBER_SET_SP(sp);
  fiber_cur = me;
  return r;
}

intptr_t fiber_yield(intptr_t value) {
  fiber_t *me = fiber_cur;
  if (me == &fiber_main_rec)
    fiber_panic("fiber_yield outside a fiber");
  fiber_check(me);
  FIBER_GET_SP(me->sp);
  fiber_last_ = me;
  intptr_t r = spindle_fiber_yield(value);
  uintptr_t sp = me->sp;
  FIBER_SET_SP(sp);
  fiber_cur = me;
  return r;
}

intptr_t fiber_switch_to(fiber_t *f, intptr_t value) {
  fiber_t *me = fiber_cur;
  if (me == &fiber_main_rec)
    return fiber_resume(f, value);
  if (f->done)
    fiber_panic("fiber_switch_to a finished fiber");
  if (f == me)
    fiber_panic("fiber_switch_to the running fiber");
  fiber_check(me);
  FIBER_GET_SP(me->sp);
  fiber_cur = f;
  uintptr_t sp = f->sp;
  FIBER_SET_SP(sp);
  intptr_t r = spindle_fiber_switch_to(f->handle, value);
  sp = me->sp;
  FIBER_SET_SP(sp);
  fiber_cur = me;
  return r;
}

int fiber_done(const fiber_t *f) { return f->done; }

void fiber_free(fiber_t *f) {
  if (f == NULL)
    return;
  if (f == fiber_cur)
    fiber_panic("fiber_free of the running fiber");
  fiber_check(f);
  spindle_fiber_free(f->handle);
  if (fiber_last_ == f)
    fiber_last_ = NULL;
  if (fiber_cached < FIBER_CACHE_MAX) {
    f->next_cached = fiber_cache;
    fiber_cache = f;
    fiber_cached++;
  } else {
    free(f);
  }
}

fiber_t *fiber_self(void) { return fiber_cur == &fiber_main_rec ? NULL : fiber_cur; }

fiber_t *fiber_last(void) { return fiber_last_; }

void *fiber_arg(const fiber_t *f) { return f->arg; }

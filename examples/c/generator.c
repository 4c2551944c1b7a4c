/* generator.c - a generator fiber yielding values to its consumer.
 *
 * `generator [N]` (default 10): a fiber yields the first N Fibonacci
 * numbers one at a time (fiber_yield); main resumes it until it returns,
 * printing each value. The value passed to each resume is the index the
 * consumer expects next, which the generator checks (values flow both
 * ways). Then a second generator shows a fiber that is freed while still
 * suspended, and a fiber whose body uses its shadow stack across yields
 * (a local array it fills while yielding).
 *
 *   spindle run --preload env=lib/fiber/fiber.wat generator.wasm 10
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fiber.h"

static intptr_t fib_gen(void *arg, intptr_t first) {
  int n = (int)(intptr_t)arg;
  unsigned long long a = 0, b = 1;
  intptr_t want = first;
  for (int i = 0; i < n; i++) {
    if (want != i) {
      printf("generator: consumer asked for %ld, expected %d\n", (long)want, i);
      return -1;
    }
    /* Yield a pointer to a local: the shadow stack survives the yield. */
    unsigned long long cur = a;
    want = fiber_yield((intptr_t)&cur);
    unsigned long long t = a + b;
    a = b;
    b = t;
  }
  return n; /* the result: how many values were produced */
}

/* Fills a local buffer one character per resume, then returns its sum. */
static intptr_t buffer_gen(void *arg, intptr_t first) {
  (void)arg;
  char buf[32];
  int len = 0;
  intptr_t c = first;
  while (c != 0 && len < (int)sizeof buf - 1) {
    buf[len++] = (char)c;
    c = fiber_yield(len);
  }
  buf[len] = 0;
  printf("buffer fiber got \"%s\"\n", buf);
  return len;
}

/* Never finishes. */
static intptr_t counter(void *arg, intptr_t first) {
  (void)arg;
  for (intptr_t i = first;; i++)
    fiber_yield(i);
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 10;
  fiber_t *g = fiber_alloc(fib_gen, (void *)(intptr_t)n, 0);
  int i = 0;
  for (;;) {
    intptr_t v = fiber_resume(g, i);
    if (fiber_done(g)) {
      printf("generator returned %ld\n", (long)v);
      break;
    }
    printf("fib(%d) = %llu\n", i, *(unsigned long long *)v);
    i++;
  }
  fiber_free(g);

  fiber_t *b = fiber_alloc(buffer_gen, NULL, 4096);
  const char *word = "continuations";
  intptr_t r = 0;
  for (size_t k = 0; k <= strlen(word); k++)
    r = fiber_resume(b, word[k]);
  printf("buffer fiber returned %ld (done=%d)\n", (long)r, fiber_done(b));
  fiber_free(b);

  fiber_t *c = fiber_alloc(counter, NULL, 1024);
  long sum = 0;
  for (int k = 0; k < 5; k++)
    sum += fiber_resume(c, 100);
  printf("counter fiber: sum %ld, done=%d, freed while suspended\n", sum, fiber_done(c));
  fiber_free(c);
  return 0;
}

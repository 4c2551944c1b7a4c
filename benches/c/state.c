/* state.c - the state effect, handled by the fiber's resumer.
 *
 * `state [N]` (default 10000000): a computation that reads and writes one
 * integer of state only through two operations, get and put, each a
 * fiber_yield of a request to its handler (main), which owns the state
 * and resumes the computation with the answer. N iterations of
 * `put(f(get(), i))`: 2N round trips. The program checks the final state
 * against the same loop on a plain variable and prints it with "ok" (or
 * "mismatch", exit status 1).
 *
 *   spindle run --preload env=lib/fiber/fiber.wat state.wasm
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fiber.h"

/* A request: GET, or a non-negative value to put. */
#define GET ((intptr_t)-1)

static intptr_t get(void) { return fiber_yield(GET); }

static void put(intptr_t v) { fiber_yield(v); }

/* The next state (kept below 2^30, so it never looks like GET). */
static intptr_t next(intptr_t s, long i) {
  return (intptr_t)(((uint32_t)s * 31u + (uint32_t)i) & 0x3fffffffu);
}

static intptr_t computation(void *arg, intptr_t first) {
  (void)first;
  long n = (long)(intptr_t)arg;
  for (long i = 0; i < n; i++)
    put(next(get(), i));
  return get();
}

int main(int argc, char **argv) {
  long n = argc > 1 ? strtol(argv[1], NULL, 10) : 10000000;
  intptr_t want = 7;
  for (long i = 0; i < n; i++)
    want = next(want, i);
  fiber_t *f = fiber_alloc(computation, (void *)(intptr_t)n, 0);
  if (f == NULL) {
    fprintf(stderr, "out of memory\n");
    return 1;
  }
  intptr_t state = 7, answer = 0, result;
  for (;;) {
    intptr_t req = fiber_resume(f, answer);
    if (fiber_done(f)) {
      result = req;
      break;
    }
    if (req == GET) {
      answer = state;
    } else {
      state = req;
      answer = 0;
    }
  }
  fiber_free(f);
  printf("state: %ld %s\n", (long)result, result == want ? "ok" : "mismatch");
  return result == want ? 0 : 1;
}

/* generator.c - the generator workload in C, on the fiber library.
 *
 * `generator [N]` (default 10000000): a fiber yields 0, 1, ..., N-1
 * (fiber_yield); main resumes it until it returns and prints the sum of the
 * values, N*(N-1)/2. Each value costs one fiber_resume and one fiber_yield,
 * which go through lib/fiber/fiber.wat (resume / suspend) and switch the
 * shadow stack pointer, so this is cont_generator plus what a C program
 * pays around each switch.
 *
 *   spindle run --preload env=lib/fiber/fiber.wat generator.wasm 10000000
 *   -> sum: 49999995000000
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fiber.h"

static intptr_t count(void *arg, intptr_t first) {
  (void)first;
  intptr_t n = (intptr_t)arg;
  for (intptr_t i = 0; i < n; i++)
    fiber_yield(i);
  return -1;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? strtol(argv[1], NULL, 10) : 10000000;
  fiber_t *g = fiber_alloc(count, (void *)(intptr_t)n, 0);
  if (g == NULL) {
    fprintf(stderr, "out of memory\n");
    return 1;
  }
  uint64_t sum = 0;
  for (;;) {
    intptr_t v = fiber_resume(g, 0);
    if (fiber_done(g))
      break;
    sum += (uint64_t)v;
  }
  fiber_free(g);
  printf("sum: %llu\n", (unsigned long long)sum);
  return 0;
}

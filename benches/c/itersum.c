/* itersum.c - summing a sequence through an iterator fiber.
 *
 * `itersum [N] [R]` (defaults 1000000 10): an array of N pseudo-random
 * numbers; R times, a fresh iterator fiber walks the array and yields each
 * element (fiber_yield), and main sums what it receives. One
 * fiber_resume + fiber_yield per element, plus the array load between
 * them: the generator pattern over data in linear memory. The program
 * checks its sum against a plain loop and prints it with "ok" (or
 * "mismatch", exit status 1).
 *
 *   spindle run --preload env=lib/fiber/fiber.wat itersum.wasm
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fiber.h"

struct seq {
  const uint32_t *data;
  long len;
};

static intptr_t iterate(void *arg, intptr_t first) {
  (void)first;
  const struct seq *s = arg;
  for (long i = 0; i < s->len; i++)
    fiber_yield((intptr_t)s->data[i]);
  return 0;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
  long rounds = argc > 2 ? strtol(argv[2], NULL, 10) : 10;
  uint32_t *data = malloc((size_t)(n > 0 ? n : 1) * sizeof *data);
  if (data == NULL) {
    fprintf(stderr, "out of memory\n");
    return 1;
  }
  uint32_t x = 12345;
  uint64_t want = 0;
  for (long i = 0; i < n; i++) {
    x = x * 1103515245u + 12345u;
    data[i] = x >> 16;
    want += data[i];
  }
  want *= (uint64_t)rounds;
  struct seq s = {data, n};
  uint64_t sum = 0;
  for (long r = 0; r < rounds; r++) {
    fiber_t *it = fiber_alloc(iterate, &s, 0);
    if (it == NULL) {
      fprintf(stderr, "out of memory\n");
      return 1;
    }
    for (;;) {
      intptr_t v = fiber_resume(it, 0);
      if (fiber_done(it))
        break;
      sum += (uint32_t)v;
    }
    fiber_free(it);
  }
  free(data);
  printf("sum: %llu %s\n", (unsigned long long)sum, sum == want ? "ok" : "mismatch");
  return sum == want ? 0 : 1;
}

/* sieve.c - the concurrent prime sieve, one fiber per prime.
 *
 * `sieve [N]` (default 100) prints the first N primes, 10 per line, and
 * their sum. A `naturals` fiber yields 2, 3, 4, ...; for each prime p found
 * a new filter fiber is stacked on top of the previous source: it resumes
 * its source (a nested fiber_resume from inside a fiber) and yields only
 * the numbers not divisible by p. The k-th prime thus passes through a
 * chain of k-1 filters, each suspended in its own fiber.
 *
 *   spindle run --preload env=lib/fiber/fiber.wat sieve.wasm 100
 */
#include <stdio.h>
#include <stdlib.h>

#include "fiber.h"

struct filter {
  intptr_t prime;
  fiber_t *source;
};

static intptr_t naturals(void *arg, intptr_t first) {
  (void)arg;
  (void)first;
  for (intptr_t n = 2;; n++)
    fiber_yield(n);
}

static intptr_t filter(void *arg, intptr_t first) {
  (void)first;
  struct filter self = *(struct filter *)arg; /* a copy on this fiber's stack */
  free(arg);
  for (;;) {
    intptr_t n = fiber_resume(self.source, 0);
    if (n % self.prime != 0)
      fiber_yield(n);
  }
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 100;
  fiber_t **fibers = malloc(sizeof(fiber_t *) * (size_t)(n + 1));
  fiber_t *source = fibers[0] = fiber_alloc(naturals, NULL, 1024);
  long long sum = 0;
  for (int i = 0; i < n; i++) {
    intptr_t p = fiber_resume(source, 0);
    printf("%5ld%s", (long)p, (i % 10 == 9 || i == n - 1) ? "\n" : " ");
    sum += p;
    struct filter *f = malloc(sizeof *f);
    f->prime = p;
    f->source = source;
    source = fibers[i + 1] = fiber_alloc(filter, f, 1024);
  }
  printf("sum of the first %d primes: %lld\n", n, sum);
  /* Every fiber is suspended (the last filter never started): drop them. */
  for (int i = n; i >= 0; i--)
    fiber_free(fibers[i]);
  free(fibers);
  return 0;
}

/* ring.c - symmetric scheduling: fibers pass a token around a ring with
 * fiber_switch_to, never returning to the scheduler in between.
 *
 * `ring [N] [ROUNDS]` (default 5 fibers, 4 rounds). main resumes fiber 0;
 * each fiber, ROUNDS times, mixes its id into the token and switches to the
 * next fiber of the ring (fresh fibers are started by the switch, the others
 * continue where they switched away). On its last round the last fiber
 * yields instead, so the fiber_resume in main returns although main resumed
 * fiber 0 (fiber_last() tells which fiber yielded). main then resumes every
 * fiber once more so that each returns, and prints the results.
 *
 *   spindle run --preload env=lib/fiber/fiber.wat ring.wasm 5 4
 */
#include <stdio.h>
#include <stdlib.h>

#include "fiber.h"

static int n, rounds;
static fiber_t **ring;
static char trace[256];
static int trace_len;

static intptr_t member(void *arg, intptr_t token) {
  int id = (int)(intptr_t)arg;
  char name[4] = {'A' + id % 26, 0, 0, 0}; /* on this fiber's stack */
  for (int r = 0; r < rounds; r++) {
    if (trace_len < (int)sizeof trace - 1)
      trace[trace_len++] = name[0];
    token = (intptr_t)((uint32_t)token * 31u + (uint32_t)id + 1u);
    if (id == n - 1 && r == rounds - 1)
      token = fiber_yield(token);
    else
      token = fiber_switch_to(ring[(id + 1) % n], token);
  }
  return token * 1000 + name[0];
}

int main(int argc, char **argv) {
  n = argc > 1 ? atoi(argv[1]) : 5;
  rounds = argc > 2 ? atoi(argv[2]) : 4;
  ring = malloc(sizeof(fiber_t *) * (size_t)n);
  for (int i = 0; i < n; i++)
    ring[i] = fiber_alloc(member, (void *)(intptr_t)i, 2048);
  intptr_t token = fiber_resume(ring[0], 0);
  fiber_t *who = fiber_last();
  int who_id = -1;
  for (int i = 0; i < n; i++)
    if (ring[i] == who)
      who_id = i;
  printf("order: %s\n", trace);
  printf("fiber %d yielded token %lu after %d switches\n", who_id, (unsigned long)(uint32_t)token,
         n * rounds - 1);
  /* Everyone is suspended in its last switch (or yield): let each return. */
  for (int i = n - 1; i >= 0; i--) {
    intptr_t r = fiber_resume(ring[i], i);
    printf("fiber %d returned %ld, done=%d\n", i, (long)r, fiber_done(ring[i]));
  }
  for (int i = 0; i < n; i++)
    fiber_free(ring[i]);
  free(ring);
  return 0;
}

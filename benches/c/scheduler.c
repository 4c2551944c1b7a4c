/* scheduler.c - a round-robin scheduler of cooperative tasks.
 *
 * `scheduler [TASKS] [STEPS]` (defaults 1000 10000): TASKS fibers, each
 * running STEPS steps of a small computation on its own state and
 * yielding to the scheduler after each step; the scheduler keeps a ring
 * of runnable tasks, resumes them in turn, and frees each one when it
 * returns. TASKS * STEPS switches in and out, with TASKS stacks live at a
 * time. The program checks the tasks' combined result against the same
 * computation without fibers and prints it with "ok" (or "mismatch",
 * exit status 1).
 *
 *   spindle run --preload env=lib/fiber/fiber.wat scheduler.wasm
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fiber.h"

static long steps;

/* One step of task `id`'s computation. */
static uint32_t step(uint32_t acc, long id, long i) {
  return (acc ^ (uint32_t)(id * 2654435761u + (uint32_t)i)) * 16777619u;
}

static intptr_t task(void *arg, intptr_t first) {
  (void)first;
  long id = (long)(intptr_t)arg;
  uint32_t acc = 2166136261u;
  for (long i = 0; i < steps; i++) {
    acc = step(acc, id, i);
    fiber_yield(0);
  }
  return (intptr_t)acc;
}

int main(int argc, char **argv) {
  long tasks = argc > 1 ? strtol(argv[1], NULL, 10) : 1000;
  steps = argc > 2 ? strtol(argv[2], NULL, 10) : 10000;
  fiber_t **ring = malloc((size_t)(tasks > 0 ? tasks : 1) * sizeof *ring);
  if (ring == NULL) {
    fprintf(stderr, "out of memory\n");
    return 1;
  }
  uint64_t want = 0;
  for (long id = 0; id < tasks; id++) {
    uint32_t acc = 2166136261u;
    for (long i = 0; i < steps; i++)
      acc = step(acc, id, i);
    want += acc;
    ring[id] = fiber_alloc(task, (void *)(intptr_t)id, 0);
    if (ring[id] == NULL) {
      fprintf(stderr, "out of memory\n");
      return 1;
    }
  }
  /* The ring holds the runnable tasks in [0, live); a finished task's
     place goes to the last one. */
  uint64_t sum = 0;
  long live = tasks, at = 0;
  while (live > 0) {
    if (at >= live)
      at = 0;
    fiber_t *f = ring[at];
    intptr_t v = fiber_resume(f, 0);
    if (fiber_done(f)) {
      sum += (uint32_t)v;
      fiber_free(f);
      ring[at] = ring[--live];
    } else {
      at++;
    }
  }
  free(ring);
  printf("result: %llu %s\n", (unsigned long long)sum, sum == want ? "ok" : "mismatch");
  return sum == want ? 0 : 1;
}

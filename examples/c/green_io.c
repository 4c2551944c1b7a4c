/* green_io: WASI calls from inside fibers.
 *
 * Two green threads take turns (they yield after every step). Each prints
 * a line and appends a line to its own file in the directory given as the
 * first argument (a preopened directory), then they finish; main reads the
 * files back and prints them.
 *
 *   spindle run --dir out::/out --preload env=lib/fiber/fiber.wat green_io.wasm /out
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fiber.h"

static const char *dir;

static intptr_t worker(void *arg, intptr_t value) {
  int id = (int)(intptr_t)arg;
  char path[256];
  snprintf(path, sizeof path, "%s/worker%d.txt", dir, id);
  for (int step = 0; step < 3; step++) {
    printf("worker %d: step %d\n", id, step);
    FILE *f = fopen(path, step == 0 ? "w" : "a");
    if (!f) {
      printf("worker %d: cannot open %s\n", id, path);
      return -1;
    }
    fprintf(f, "worker %d wrote line %d\n", id, step);
    fclose(f);
    value = fiber_yield(value + 1);
  }
  return id * 100;
}

int main(int argc, char **argv) {
  dir = argc > 1 ? argv[1] : ".";
  fiber_t *a = fiber_alloc(worker, (void *)1, 0);
  fiber_t *b = fiber_alloc(worker, (void *)2, 0);
  intptr_t va = 0, vb = 0;
  while (!fiber_done(a) || !fiber_done(b)) {
    if (!fiber_done(a)) va = fiber_resume(a, va);
    if (!fiber_done(b)) vb = fiber_resume(b, vb);
  }
  printf("results: %ld %ld\n", (long)va, (long)vb);
  for (int id = 1; id <= 2; id++) {
    char path[256], line[128];
    snprintf(path, sizeof path, "%s/worker%d.txt", dir, id);
    FILE *f = fopen(path, "r");
    if (!f) {
      printf("cannot read %s\n", path);
      return 1;
    }
    while (fgets(line, sizeof line, f)) printf("%s", line);
    fclose(f);
  }
  fiber_free(a);
  fiber_free(b);
  return 0;
}

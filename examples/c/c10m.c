/* c10m.c - a C10M-style server simulation: many short-lived connections,
 * each a fiber, a bounded number alive at a time.
 *
 * `c10m [TOTAL] [LIVE] [STACK]` (defaults 10000000, 10000, 2048): TOTAL
 * connections are served, at most LIVE at a time, each on a fiber with a
 * STACK-byte shadow stack. A connection fills a 64-byte request buffer on
 * its own stack in a few 16-byte "reads" (1 to 4, by its id), yielding
 * after each one as if the socket would block, then hashes the buffer and
 * returns the hash as its "response". The event loop keeps LIVE slots: it
 * resumes each live connection in turn, and when one finishes it adds its
 * response to a checksum, frees the fiber and accepts the next connection
 * into the slot.
 * It prints the counts and the checksum (the same for every engine).
 *
 *   spindle run --preload env=lib/fiber/fiber.wat c10m.wasm 100000 1000
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fiber.h"

#define BUF 64  /* bytes of request buffer */
#define READ 16 /* bytes per read */

static intptr_t connection(void *arg, intptr_t first) {
  (void)first;
  uint32_t id = (uint32_t)(uintptr_t)arg;
  uint32_t buf[BUF / 4]; /* the request, on this fiber's shadow stack */
  memset(buf, 0, sizeof buf);
  uint32_t reads = 1 + id % 4;
  for (uint32_t r = 0; r < reads; r++) {
    for (uint32_t k = 0; k < READ / 4; k++)
      buf[(r * (READ / 4) + k) % (BUF / 4)] = id * 2654435761u + r * 40503u + k;
    fiber_yield(READ); /* "would block": bytes read in this step */
  }
  uint32_t h = 2166136261u ^ id;
  for (uint32_t k = 0; k < BUF / 4; k++)
    h = (h ^ buf[k]) * 16777619u;
  return (intptr_t)h;
}

int main(int argc, char **argv) {
  uint64_t total = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000000;
  uint32_t live = argc > 2 ? (uint32_t)strtoul(argv[2], NULL, 10) : 10000;
  size_t stack = argc > 3 ? (size_t)strtoul(argv[3], NULL, 10) : 2048;
  if (live == 0)
    live = 1;
  fiber_t **slots = calloc(live, sizeof *slots);
  uint64_t accepted = 0, finished = 0, resumes = 0, bytes = 0;
  uint32_t open = 0, peak = 0, checksum = 0;
  while (finished < total) {
    for (uint32_t i = 0; i < live; i++) {
      fiber_t *f = slots[i];
      if (f == NULL) {
        if (accepted == total)
          continue;
        f = slots[i] = fiber_alloc(connection, (void *)(uintptr_t)accepted, stack);
        if (f == NULL) {
          fprintf(stderr, "out of memory after %llu connections\n", (unsigned long long)accepted);
          return 1;
        }
        accepted++;
        if (++open > peak)
          peak = open;
      }
      intptr_t v = fiber_resume(f, 0);
      resumes++;
      if (fiber_done(f)) {
        checksum = checksum * 31u + (uint32_t)v;
        finished++;
        open--;
        fiber_free(f);
        slots[i] = NULL;
      } else {
        bytes += (uint64_t)v;
      }
    }
  }
  free(slots);
  printf("connections: %llu\n", (unsigned long long)finished);
  printf("peak live: %u\n", peak);
  printf("resumes: %llu\n", (unsigned long long)resumes);
  printf("bytes read: %llu\n", (unsigned long long)bytes);
  printf("checksum: %08x\n", checksum);
  return 0;
}

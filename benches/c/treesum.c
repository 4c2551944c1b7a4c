/* treesum.c - summing a tree through a recursive generator fiber.
 *
 * `treesum [DEPTH] [R]` (defaults 20 10): a complete binary tree of depth
 * DEPTH (2^DEPTH - 1 nodes) with pseudo-random values; R times, a
 * generator fiber walks it in order by plain recursion and yields every
 * node's value from whatever depth it is at, and main sums them. The
 * fiber's shadow stack holds the recursion (DEPTH frames) across every
 * yield. The program checks its sum against a recursive sum without
 * fibers and prints it with "ok" (or "mismatch", exit status 1).
 *
 *   spindle run --preload env=lib/fiber/fiber.wat treesum.wasm
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fiber.h"

struct node {
  struct node *left, *right;
  uint32_t value;
};

static uint32_t seed = 42;

static struct node *build(int depth) {
  if (depth == 0)
    return NULL;
  struct node *n = malloc(sizeof *n);
  if (n == NULL) {
    fprintf(stderr, "out of memory\n");
    exit(1);
  }
  seed = seed * 1664525u + 1013904223u;
  n->value = seed >> 20;
  n->left = build(depth - 1);
  n->right = build(depth - 1);
  return n;
}

static uint64_t plain_sum(const struct node *n) {
  return n == NULL ? 0 : plain_sum(n->left) + n->value + plain_sum(n->right);
}

static void walk(const struct node *n) {
  if (n == NULL)
    return;
  walk(n->left);
  fiber_yield((intptr_t)n->value);
  walk(n->right);
}

static intptr_t walker(void *arg, intptr_t first) {
  (void)first;
  walk(arg);
  return 0;
}

static void release(struct node *n) {
  if (n == NULL)
    return;
  release(n->left);
  release(n->right);
  free(n);
}

int main(int argc, char **argv) {
  int depth = argc > 1 ? atoi(argv[1]) : 20;
  long rounds = argc > 2 ? strtol(argv[2], NULL, 10) : 10;
  struct node *root = build(depth);
  uint64_t want = plain_sum(root) * (uint64_t)rounds;
  uint64_t sum = 0;
  for (long r = 0; r < rounds; r++) {
    fiber_t *g = fiber_alloc(walker, root, 0);
    if (g == NULL) {
      fprintf(stderr, "out of memory\n");
      return 1;
    }
    for (;;) {
      intptr_t v = fiber_resume(g, 0);
      if (fiber_done(g))
        break;
      sum += (uint32_t)v;
    }
    fiber_free(g);
  }
  release(root);
  printf("sum: %llu %s\n", (unsigned long long)sum, sum == want ? "ok" : "mismatch");
  return sum == want ? 0 : 1;
}

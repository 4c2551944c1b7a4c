/* Shared by the corpus's compression drivers: deterministic input data
 * (text-like and binary-like parts, so compressors have work of both
 * kinds) and a checksum that does not depend on the library under test. */
#ifndef SPINDLE_CORPUS_COMMON_H
#define SPINDLE_CORPUS_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t corpus_rng = 0x243F6A8885A308D3ull;

static uint32_t corpus_next(void) {
    corpus_rng ^= corpus_rng << 13;
    corpus_rng ^= corpus_rng >> 7;
    corpus_rng ^= corpus_rng << 17;
    return (uint32_t)(corpus_rng >> 11);
}

/* `len` bytes: runs of words from a small vocabulary, numbers, and
 * stretches of noise. */
static unsigned char *corpus_data(size_t len) {
    static const char *words[] = {"continuation ", "stack ", "resume ", "suspend ", "switch ",
                                  "handler ", "tag ", "frame ", "the ", "of ", "a ", "\n"};
    unsigned char *p = malloc(len);
    if (p == NULL) {
        printf("out of memory\n");
        exit(1);
    }
    size_t i = 0;
    while (i < len) {
        uint32_t r = corpus_next();
        if (r % 16 == 0) {
            size_t n = 8 + r % 64;
            for (size_t k = 0; k < n && i < len; k++) p[i++] = (unsigned char)corpus_next();
        } else if (r % 16 < 4) {
            char num[16];
            int n = snprintf(num, sizeof num, "%u ", corpus_next() % 100000);
            for (int k = 0; k < n && i < len; k++) p[i++] = (unsigned char)num[k];
        } else {
            const char *w = words[r % 12];
            for (size_t k = 0; w[k] && i < len; k++) p[i++] = (unsigned char)w[k];
        }
    }
    return p;
}

/* FNV-1a, 64 bits. */
static uint64_t corpus_checksum(const unsigned char *p, size_t len) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

/* The input size from argv[1] in KiB (default `dflt`). */
static size_t corpus_size(int argc, char **argv, size_t dflt) {
    return (argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : dflt) * 1024;
}

#endif

/* Zstandard (as bundled by the zstd-sys crate): one-shot compression at
 * several levels, streaming compression with a checksum, decompression,
 * and every round trip checked.
 *
 * usage: zstd_roundtrip [KIB]   (default 256) */
#include "common.h"
#include "zstd.h"

int main(int argc, char **argv) {
    size_t len = corpus_size(argc, argv, 256);
    unsigned char *in = corpus_data(len);
    printf("zstd %s, %zu bytes, fnv %016llx\n", ZSTD_versionString(), len,
           (unsigned long long)corpus_checksum(in, len));
    size_t bound = ZSTD_compressBound(len);
    unsigned char *z = malloc(bound), *out = malloc(len);
    static const int levels[] = {-1, 1, 3, 9, 15};
    for (int l = 0; l < 5; l++) {
        size_t zlen = ZSTD_compress(z, bound, in, len, levels[l]);
        if (ZSTD_isError(zlen)) {
            printf("compress: %s\n", ZSTD_getErrorName(zlen));
            return 1;
        }
        size_t n = ZSTD_decompress(out, len, z, zlen);
        int same = !ZSTD_isError(n) && n == len && memcmp(in, out, len) == 0;
        printf("level %d: %zu bytes, fnv %016llx, round trip %s\n", levels[l], zlen,
               (unsigned long long)corpus_checksum(z, zlen), same ? "ok" : "FAILED");
        if (!same) return 1;
    }
    ZSTD_CCtx *c = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 5);
    ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
    ZSTD_outBuffer ob = {z, bound, 0};
    for (size_t off = 0; off < len; off += 10000) {
        ZSTD_inBuffer ib = {in + off, len - off < 10000 ? len - off : 10000, 0};
        ZSTD_EndDirective mode = off + 10000 >= len ? ZSTD_e_end : ZSTD_e_continue;
        size_t rc;
        do {
            rc = ZSTD_compressStream2(c, &ob, &ib, mode);
            if (ZSTD_isError(rc)) return 1;
        } while (mode == ZSTD_e_end ? rc != 0 : ib.pos < ib.size);
    }
    ZSTD_freeCCtx(c);
    size_t n = ZSTD_decompress(out, len, z, ob.pos);
    int same = !ZSTD_isError(n) && n == len && memcmp(in, out, len) == 0;
    printf("streaming: %zu bytes, round trip %s\n", ob.pos, same ? "ok" : "FAILED");
    return same ? 0 : 1;
}

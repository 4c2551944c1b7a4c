/* LZ4 (as bundled by the lz4-sys crate): block compression (fast with
 * several accelerations, and HC at several levels), the frame format,
 * decompression, and xxHash; every round trip is checked.
 *
 * usage: lz4_roundtrip [KIB]   (default 256) */
#include "common.h"
#include "lz4.h"
#include "lz4frame.h"
#include "lz4hc.h"
#include "xxhash.h"

static int check(const char *what, int arg, const unsigned char *in, size_t len, const char *z, int zlen,
                 unsigned char *out) {
    int n = LZ4_decompress_safe(z, (char *)out, zlen, (int)len);
    int same = n == (int)len && memcmp(in, out, len) == 0;
    printf("%s %d: %d bytes, xxh32 %08x, round trip %s\n", what, arg, zlen,
           XXH32(z, (size_t)zlen, 0), same ? "ok" : "FAILED");
    return same;
}

int main(int argc, char **argv) {
    size_t len = corpus_size(argc, argv, 256);
    unsigned char *in = corpus_data(len);
    printf("lz4 %s, %zu bytes, fnv %016llx, xxh64 %016llx\n", LZ4_versionString(), len,
           (unsigned long long)corpus_checksum(in, len), (unsigned long long)XXH64(in, len, 1));
    int bound = LZ4_compressBound((int)len);
    char *z = malloc((size_t)bound);
    unsigned char *out = malloc(len);
    static const int accels[] = {1, 4, 16};
    for (int a = 0; a < 3; a++) {
        int zlen = LZ4_compress_fast((const char *)in, z, (int)len, bound, accels[a]);
        if (!check("fast", accels[a], in, len, z, zlen, out)) return 1;
    }
    static const int levels[] = {3, 9, 12};
    for (int l = 0; l < 3; l++) {
        int zlen = LZ4_compress_HC((const char *)in, z, (int)len, bound, levels[l]);
        if (!check("hc", levels[l], in, len, z, zlen, out)) return 1;
    }
    LZ4F_preferences_t prefs;
    memset(&prefs, 0, sizeof prefs);
    prefs.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled;
    prefs.frameInfo.blockSizeID = LZ4F_max64KB;
    size_t fbound = LZ4F_compressFrameBound(len, &prefs);
    char *f = malloc(fbound);
    size_t flen = LZ4F_compressFrame(f, fbound, in, len, &prefs);
    if (LZ4F_isError(flen)) {
        printf("frame: %s\n", LZ4F_getErrorName(flen));
        return 1;
    }
    LZ4F_dctx *d;
    if (LZ4F_isError(LZ4F_createDecompressionContext(&d, LZ4F_VERSION))) return 1;
    size_t got = 0, pos = 0, rc = 1;
    while (pos < flen && rc != 0) {
        size_t src = flen - pos, dst = len - got;
        rc = LZ4F_decompress(d, out + got, &dst, f + pos, &src, NULL);
        if (LZ4F_isError(rc)) return 1;
        pos += src;
        got += dst;
    }
    LZ4F_freeDecompressionContext(d);
    int same = got == len && memcmp(in, out, len) == 0;
    printf("frame: %zu bytes, round trip %s\n", flen, same ? "ok" : "FAILED");
    return same ? 0 : 1;
}

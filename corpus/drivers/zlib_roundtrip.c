/* zlib (as bundled by the libz-sys crate): deflate at several levels and
 * strategies, inflate, and check every round trip; also crc32/adler32
 * and a streaming inflate in small chunks.
 *
 * usage: zlib_roundtrip [KIB]   (default 256) */
#include "common.h"
#include "zlib.h"

int main(int argc, char **argv) {
    size_t len = corpus_size(argc, argv, 256);
    unsigned char *in = corpus_data(len);
    printf("zlib %s, %zu bytes, fnv %016llx\n", zlibVersion(), len,
           (unsigned long long)corpus_checksum(in, len));
    printf("crc32 %08lx adler32 %08lx\n", crc32(0, in, (uInt)len), adler32(1, in, (uInt)len));
    uLong bound = compressBound((uLong)len);
    unsigned char *z = malloc(bound), *out = malloc(len);
    static const int levels[] = {1, 6, 9};
    static const int strategies[] = {Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE};
    for (int l = 0; l < 3; l++) {
        for (int s = 0; s < 4; s++) {
            z_stream st;
            memset(&st, 0, sizeof st);
            if (deflateInit2(&st, levels[l], Z_DEFLATED, 15, 8, strategies[s]) != Z_OK) return 1;
            st.next_in = in;
            st.avail_in = (uInt)len;
            st.next_out = z;
            st.avail_out = (uInt)bound;
            if (deflate(&st, Z_FINISH) != Z_STREAM_END) return 1;
            uLong zlen = st.total_out;
            deflateEnd(&st);
            uLongf outlen = (uLongf)len;
            int rc = uncompress(out, &outlen, z, zlen);
            int same = rc == Z_OK && outlen == len && memcmp(in, out, len) == 0;
            printf("level %d strategy %d: %lu bytes, crc %08lx, round trip %s\n", levels[l],
                   strategies[s], zlen, crc32(0, z, (uInt)zlen), same ? "ok" : "FAILED");
            if (!same) return 1;
        }
    }
    /* Streaming inflate, 1000 bytes of input at a time. */
    uLongf zlen = bound;
    if (compress2(z, &zlen, in, (uLong)len, 6) != Z_OK) return 1;
    z_stream st;
    memset(&st, 0, sizeof st);
    if (inflateInit(&st) != Z_OK) return 1;
    st.next_out = out;
    st.avail_out = (uInt)len;
    int rc = Z_OK;
    for (uLong off = 0; off < zlen && rc == Z_OK; off += 1000) {
        st.next_in = z + off;
        st.avail_in = (uInt)(zlen - off < 1000 ? zlen - off : 1000);
        rc = inflate(&st, Z_NO_FLUSH);
    }
    inflateEnd(&st);
    printf("streaming: %s, fnv %016llx\n", rc == Z_STREAM_END ? "ok" : "FAILED",
           (unsigned long long)corpus_checksum(out, st.total_out));
    return rc == Z_STREAM_END ? 0 : 1;
}

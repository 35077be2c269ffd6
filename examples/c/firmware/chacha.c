/* ChaCha20 as a random source that matches rand_chacha's ChaCha20Rng draw
 * for draw: the transcript was recorded with it, so the same seed must give
 * the same ephemeral keys and IVs. Each fill consumes whole 32-bit words
 * (the unused bytes of the last word are dropped), as rand_core's block RNG
 * does. A real device fills from its TRNG instead. */
#include "chacha.h"

#define ROTL(a, b) (((a) << (b)) | ((a) >> (32 - (b))))
#define QR(a, b, c, d)                                                                             \
    (a += b, d ^= a, d = ROTL(d, 16), c += d, b ^= c, b = ROTL(b, 12), a += b, d ^= a,            \
     d = ROTL(d, 8), c += d, b ^= c, b = ROTL(b, 7))

void chacha_seed(chacha_rng *r, const uint8_t seed[32]) {
    int i;
    for (i = 0; i < 8; i++) {
        r->key[i] = (uint32_t)seed[4 * i] | (uint32_t)seed[4 * i + 1] << 8 |
                    (uint32_t)seed[4 * i + 2] << 16 | (uint32_t)seed[4 * i + 3] << 24;
    }
    r->counter = 0;
    r->index = 16;
}

static void block(chacha_rng *r) {
    static const uint32_t sigma[4] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
    uint32_t x[16], in[16];
    int i;
    for (i = 0; i < 4; i++) in[i] = sigma[i];
    for (i = 0; i < 8; i++) in[4 + i] = r->key[i];
    in[12] = (uint32_t)r->counter;
    in[13] = (uint32_t)(r->counter >> 32);
    in[14] = 0; /* stream 0 */
    in[15] = 0;
    for (i = 0; i < 16; i++) x[i] = in[i];
    for (i = 0; i < 10; i++) {
        QR(x[0], x[4], x[8], x[12]);
        QR(x[1], x[5], x[9], x[13]);
        QR(x[2], x[6], x[10], x[14]);
        QR(x[3], x[7], x[11], x[15]);
        QR(x[0], x[5], x[10], x[15]);
        QR(x[1], x[6], x[11], x[12]);
        QR(x[2], x[7], x[8], x[13]);
        QR(x[3], x[4], x[9], x[14]);
    }
    for (i = 0; i < 16; i++) r->words[i] = x[i] + in[i];
    r->counter++;
    r->index = 0;
}

int32_t chacha_fill(void *user, uint8_t *buf, size_t len) {
    chacha_rng *r = user;
    size_t i = 0;
    while (i < len) {
        uint32_t w;
        int b;
        if (r->index >= 16) block(r);
        w = r->words[r->index++];
        for (b = 0; b < 4 && i < len; b++, i++) buf[i] = (uint8_t)(w >> (8 * b));
    }
    return 0;
}

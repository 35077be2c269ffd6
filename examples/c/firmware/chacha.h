#ifndef CHACHA_H
#define CHACHA_H
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t key[8];
    uint64_t counter;
    uint32_t words[16];
    unsigned index;
} chacha_rng;

void chacha_seed(chacha_rng *r, const uint8_t seed[32]);
/* A threeds_fill_random callback; `user` is a chacha_rng. */
int32_t chacha_fill(void *user, uint8_t *buf, size_t len);
#endif

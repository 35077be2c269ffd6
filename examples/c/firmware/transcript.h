/* The recorded transcript of firmware/ (generated into transcript.c). */
#ifndef TRANSCRIPT_H
#define TRANSCRIPT_H
#include <stddef.h>
#include <stdint.h>

typedef struct {
    int answer; /* 0 initial, 1 text, 2 single select */
    const char *text;
    const uint8_t *creq;
    size_t creq_len;
    const uint8_t *cres;
    size_t cres_len;
} fw_exchange;

typedef struct {
    const char *name;
    uint8_t seed;
    uint8_t gcm;
    const uint8_t *ds_key;
    size_t ds_key_len;
    const uint8_t *root;
    size_t root_len;
    const uint8_t *auth_request;
    size_t auth_request_len;
    const uint8_t *ares;
    size_t ares_len;
    const fw_exchange *exchanges;
    unsigned exchange_count;
} fw_txn;

extern const fw_txn FW_TXNS[];
extern const unsigned FW_TXN_COUNT;
/* Bytes of recorded messages in flash (excluded from the code figure). */
extern const unsigned FW_TRANSCRIPT_BYTES;
#endif

/*
 * Helpers shared by the host examples: a libcurl POST, file reading, the
 * OS random source and a monotonic clock. Nothing here is 3DS-specific.
 */
#ifndef THREEDS_EXAMPLE_COMMON_H
#define THREEDS_EXAMPLE_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* A growable response body. */
typedef struct {
    uint8_t *data;
    size_t len;
    size_t cap;
} body_t;

/* POSTs `len` bytes to `url` with `content_type`, trusting only the CA
 * certificate file `ca_file` (PEM) for HTTPS. The answer goes to `*out`
 * (freed by the caller with body_free). Returns the HTTP status, or -1 when
 * the exchange failed (connection, TLS, `timeout_ms` passed). */
long http_post(const char *url, const char *content_type, const uint8_t *body, size_t len,
               const char *ca_file, long timeout_ms, body_t *out);

void body_free(body_t *b);

/* Reads a whole file into `*out` (malloc'd); returns 0 on success. */
int read_file(const char *path, uint8_t **out, size_t *len);

/* Reads a PEM certificate file and decodes its first certificate to DER
 * (malloc'd); returns 0 on success. */
int read_pem_cert(const char *path, uint8_t **der, size_t *der_len);

/* The threeds_fill_random callback over /dev/urandom. */
int32_t os_fill_random(void *user, uint8_t *buf, size_t len);

/* Monotonic milliseconds and the wall clock in seconds. */
uint64_t monotonic_ms(void);
uint64_t unix_seconds(void);

/* Overwrites `len` bytes at `p` in a way the compiler keeps. */
void wipe(void *p, size_t len);

#endif

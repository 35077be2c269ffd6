#define _POSIX_C_SOURCE 200809L
#include "common.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *user) {
    body_t *b = user;
    size_t n = size * nmemb;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->len + n) cap *= 2;
        uint8_t *p = realloc(b->data, cap);
        if (!p) return 0;
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, ptr, n);
    b->len += n;
    return n;
}

long http_post(const char *url, const char *content_type, const uint8_t *body, size_t len,
               const char *ca_file, long timeout_ms, body_t *out) {
    char header[128];
    long status = -1;
    CURL *curl = curl_easy_init();
    struct curl_slist *headers = NULL;
    memset(out, 0, sizeof *out);
    if (!curl) return -1;
    snprintf(header, sizeof header, "Content-Type: %s", content_type);
    headers = curl_slist_append(headers, header);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, (const char *)body);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, out);
    if (curl_easy_perform(curl) == CURLE_OK) {
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return status;
}

void body_free(body_t *b) {
    free(b->data);
    memset(b, 0, sizeof *b);
}

int read_file(const char *path, uint8_t **out, size_t *len) {
    FILE *f = fopen(path, "rb");
    long n;
    if (!f) return -1;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return -1;
    }
    *out = malloc((size_t)n + 1);
    if (!*out || fread(*out, 1, (size_t)n, f) != (size_t)n) {
        free(*out);
        fclose(f);
        return -1;
    }
    fclose(f);
    *len = (size_t)n;
    return 0;
}

static int b64_value(int c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

int read_pem_cert(const char *path, uint8_t **der, size_t *der_len) {
    static const char begin[] = "-----BEGIN CERTIFICATE-----";
    uint8_t *pem;
    size_t len, i, n = 0;
    uint32_t acc = 0;
    int bits = 0;
    char *start, *end;
    if (read_file(path, &pem, &len) != 0) return -1;
    pem[len] = 0;
    start = strstr((char *)pem, begin);
    end = start ? strstr(start, "-----END CERTIFICATE-----") : NULL;
    if (!start || !end) {
        free(pem);
        return -1;
    }
    start += sizeof begin - 1;
    *der = malloc((size_t)(end - start));
    if (!*der) {
        free(pem);
        return -1;
    }
    for (i = 0; start + i < end; i++) {
        int v = b64_value((unsigned char)start[i]);
        if (v < 0) continue; /* line breaks and '=' padding */
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            (*der)[n++] = (uint8_t)(acc >> bits);
        }
    }
    *der_len = n;
    free(pem);
    return 0;
}

int32_t os_fill_random(void *user, uint8_t *buf, size_t len) {
    FILE *f = fopen("/dev/urandom", "rb");
    size_t got;
    (void)user;
    if (!f) return -1;
    got = fread(buf, 1, len, f);
    fclose(f);
    return got == len ? 0 : -1;
}

uint64_t monotonic_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

uint64_t unix_seconds(void) {
    return (uint64_t)time(NULL);
}

void wipe(void *p, size_t len) {
    volatile uint8_t *v = p;
    while (len--) *v++ = 0;
}

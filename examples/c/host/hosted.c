/*
 * One 3DS transaction through the hosted API (the reference Client in C),
 * against `threeds sim`:
 *
 *   hosted BASE_URL PKI_DIR SCENARIO EXPECTED_STATUS [VERSION] [curl|https|https-refuse] [CRYPTO]
 *
 * `curl` (default): the client's HTTPS goes through the app's callback, here
 * libcurl. `https`: the library's built-in HTTPS transport, whose TLS events
 * reach `on_ssl_*`. Exits 0 when the transaction ends with EXPECTED_STATUS,
 * 1 otherwise. `https-refuse`: the app refuses the ACS certificate; exits 0
 * when the challenge then fails without any answer from the ACS. CRYPTO
 * names the crypto provider (`threeds_crypto_providers`); with it the DS
 * key is the EC one (ECDH-ES device information).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "threeds.h"

typedef struct {
    const char *ca_file;
    unsigned packets_out, packets_in, errors, server_certs;
    int refuse; /* the app's verdict on every server certificate: 1 refuse */
} app_t;

/* The transport callback: POST with libcurl, copy the answer out. */
static int32_t curl_post(void *user, const char *url, const char *content_type, const uint8_t *body,
                         size_t body_len, uint64_t timeout_ms, uint8_t *response, size_t response_cap,
                         size_t *response_len, uint16_t *http_status) {
    app_t *app = user;
    body_t resp;
    long status = http_post(url, content_type, body, body_len, app->ca_file, (long)timeout_ms, &resp);
    if (status < 0) {
        body_free(&resp);
        return THREEDS_POST_CONNECTION;
    }
    if (resp.len > response_cap) {
        body_free(&resp);
        return THREEDS_POST_TOO_LARGE;
    }
    if (resp.len) memcpy(response, resp.data, resp.len);
    *response_len = resp.len;
    *http_status = (uint16_t)status;
    body_free(&resp);
    return THREEDS_POST_OK;
}

static void on_packet_out(void *user, const uint8_t *data, size_t len) {
    (void)data;
    (void)len;
    ((app_t *)user)->packets_out++;
}

static void on_packet_in(void *user, const uint8_t *data, size_t len) {
    (void)data;
    (void)len;
    ((app_t *)user)->packets_in++;
}

static void on_error(void *user, uint16_t code, const char *description) {
    ((app_t *)user)->errors++;
    printf("  on_error %u: %s\n", (unsigned)code, description);
}

/* The built-in HTTPS transport shows each server certificate: `*accept`
 * holds the verifier's verdict, which the app may overturn. */
static void on_ssl_server_authentication(void *user, const uint8_t *cert_der, size_t cert_len,
                                         const char *subject, const char *issuer, const char *status,
                                         int32_t *accept) {
    app_t *app = user;
    (void)cert_der;
    app->server_certs++;
    printf("  TLS server certificate (%zu bytes) %s, issued by %s: %s%s\n", cert_len, subject, issuer,
           status, app->refuse ? "; refused by the app" : "");
    if (app->refuse) *accept = 0;
}

static void on_ssl_status(void *user, const char *message) {
    (void)user;
    printf("  TLS: %.120s\n", message);
}

static void on_log(void *user, uint8_t level, const char *type, const char *message) {
    (void)user;
    if (level <= 1) printf("  log[%u] %s: %.120s\n", (unsigned)level, type, message);
}

static int client_fail(threeds_client *c, const char *what, int32_t rc) {
    char msg[256] = "";
    int32_t code = 0;
    if (c) threeds_client_last_error(c, &code, msg, sizeof msg, NULL);
    fprintf(stderr, "%s: %s (%d): reference error %d: %s\n", what, threeds_status_message(rc), rc,
            code, msg);
    return 1;
}

/* Reads a string property into a fixed buffer (truncation is an error). */
#define GET(c, prop, buf) (threeds_client_get_##prop((c), (buf), sizeof(buf), NULL) == THREEDS_OK)

int main(int argc, char **argv) {
    char url[512], path[512], ca_file[512], status[8] = "", label[256], answer[64];
    const char *base, *dir, *scenario, *version, *crypto;
    char expected, providers[64], chosen[32];
    uint8_t *ds_cert = NULL, *root = NULL, *ca_pem = NULL;
    size_t ds_cert_len = 0, root_len = 0, ca_len = 0, needed = 0;
    char *areq = NULL;
    body_t resp = {0};
    app_t app = {0};
    threeds_client_events events;
    threeds_client *client = NULL;
    int32_t rc;
    int round, https, exit_code = 1;
    int32_t refused_code = 0;
    int challenged = 0;
    unsigned packets_in_at_ares = 0;

    if (argc < 5) {
        fprintf(stderr, "usage: %s BASE_URL PKI_DIR SCENARIO EXPECTED_STATUS [VERSION] [curl|https|https-refuse] [CRYPTO]\n",
                argv[0]);
        return 2;
    }
    base = argv[1];
    dir = argv[2];
    scenario = argv[3];
    expected = argv[4][0];
    version = argc > 5 ? argv[5] : "2.2.0";
    https = argc > 6 && strncmp(argv[6], "https", 5) == 0;
    app.refuse = argc > 6 && strcmp(argv[6], "https-refuse") == 0;
    crypto = argc > 7 ? argv[7] : NULL;
    snprintf(ca_file, sizeof ca_file, "%s/tls-ca.crt.pem", dir);
    app.ca_file = ca_file;
    snprintf(path, sizeof path, "%s/ds-enc-%s.crt.pem", dir, crypto ? "ec" : "rsa");
    if (read_pem_cert(path, &ds_cert, &ds_cert_len) != 0) return client_fail(NULL, path, 0);
    snprintf(path, sizeof path, "%s/ds-root.crt.pem", dir);
    if (read_pem_cert(path, &root, &root_len) != 0) return client_fail(NULL, path, 0);

    memset(&events, 0, sizeof events);
    events.user = &app;
    events.on_log = on_log;
    events.on_data_packet_in = on_packet_in;
    events.on_data_packet_out = on_packet_out;
    events.on_error = on_error;
    events.on_ssl_server_authentication = on_ssl_server_authentication;
    events.on_ssl_status = on_ssl_status;
    if (https) {
        if (read_file(ca_file, &ca_pem, &ca_len) != 0) return client_fail(NULL, ca_file, 0);
        ca_pem[ca_len] = 0;
        rc = threeds_client_new_https((const char *)ca_pem, &events, &client);
    } else {
        rc = threeds_client_new(curl_post, &app, &events, &client);
    }
    if (rc != THREEDS_OK) return client_fail(NULL, "new", rc);
    if (crypto && (rc = threeds_client_set_crypto(client, crypto)) != THREEDS_OK) {
        threeds_crypto_providers(providers, sizeof providers, NULL);
        client_fail(client, "set_crypto", rc);
        fprintf(stderr, "  this build has: %s\n", providers);
        goto done;
    }
    if (threeds_client_crypto(client, chosen, sizeof chosen, NULL) == THREEDS_OK) {
        printf("%s: crypto provider %s\n", scenario, chosen);
    }

    /* The reference's properties and settings. */
    if ((rc = threeds_client_set_message_version(client, version)) ||
        (rc = threeds_client_set_sdk_app_id(client, "9f3c3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e0f")) ||
        (rc = threeds_client_set_directory_server_id(client, "A000000802")) ||
        (rc = threeds_client_set_directory_server_cert(client, ds_cert, ds_cert_len)) ||
        (rc = threeds_client_add_acs_root_cert(client, root, root_len)) ||
        (rc = threeds_client_config(client, "SDKReferenceNumber=THREEDS-C-HOSTED", NULL, 0, NULL)) ||
        (rc = threeds_client_add_device_param(client, "", "1.0", 2, 0)) ||
        (rc = threeds_client_add_device_param(client, "C001", "Linux", 2, 1)) ||
        (rc = threeds_client_add_device_param(client, "C010", "RE01", 2, 2))) {
        client_fail(client, "setup", rc);
        goto done;
    }

    /* get_auth_request: ask for the size, then fetch the kept request. */
    rc = threeds_client_get_auth_request(client, NULL, 0, &needed);
    if (rc != THREEDS_ERR_BUFFER_TOO_SMALL) {
        client_fail(client, "get_auth_request", rc);
        goto done;
    }
    areq = malloc(needed);
    rc = threeds_client_get_auth_request(client, areq, needed, NULL);
    if (rc != THREEDS_OK) {
        client_fail(client, "get_auth_request", rc);
        goto done;
    }
    printf("%s (hosted, %s): auth request %zu bytes\n", scenario, https ? "built-in HTTPS" : "libcurl",
           strlen(areq));
    snprintf(url, sizeof url, "%s/3ds/auth?scenario=%s", base, scenario);
    if (http_post(url, "application/json; charset=utf-8", (const uint8_t *)areq, strlen(areq), ca_file,
                  30000, &resp) != 200) {
        fprintf(stderr, "3DS Server refused the auth request\n");
        goto done;
    }
    /* The ARes as a C string. */
    {
        char *ares = malloc(resp.len + 1);
        memcpy(ares, resp.data, resp.len);
        ares[resp.len] = 0;
        rc = threeds_client_check_auth_response(client, ares);
        free(ares);
        body_free(&resp);
    }
    if (rc != THREEDS_OK) {
        client_fail(client, "check_auth_response", rc);
        goto done;
    }
    if (!GET(client, transaction_status, status)) goto done;
    printf("  ARes transStatus %s\n", status);
    packets_in_at_ares = app.packets_in;
    if (strcmp(status, "D") == 0) {
        char info[520];
        if (threeds_client_get_cardholder_info(client, THREEDS_CARDHOLDER_TEXT, info, sizeof info, NULL) ==
            THREEDS_OK) {
            printf("  decoupled: %s\n", info);
        }
    }

    for (round = 0; round < 10 && strcmp(status, "C") == 0; round++) {
        int32_t complete = 0;
        size_t options = 0;
        challenged = 1;
        rc = threeds_client_send_challenge_request(client);
        if (rc == THREEDS_ERR_HTTP_STATUS) {
            uint16_t http = 0;
            client_fail(client, "send_challenge_request", rc);
            threeds_client_get_last_http_status(client, &http);
            fprintf(stderr, "  the ACS answered HTTP %u\n", (unsigned)http);
            break;
        }
        if (rc != THREEDS_OK) {
            client_fail(client, "send_challenge_request", rc);
            if (app.refuse) threeds_client_last_error(client, &refused_code, NULL, 0, NULL);
            break;
        }
        threeds_client_get_challenge_complete(client, &complete);
        if (complete) {
            if (!GET(client, transaction_status, status)) status[0] = 0;
            break;
        }
        if (GET(client, challenge_info_header, label)) printf("  screen: %s\n", label);
        if (GET(client, submit_authentication_label, label)) printf("    submit: %s\n", label);
        threeds_client_get_challenge_select_info_count(client, &options);
        strcpy(answer, "123456");
        if (options > 0) {
            char name[64], value[128];
            size_t i;
            for (i = 0; i < options; i++) {
                if (threeds_client_get_challenge_select_info(client, i, name, sizeof name, NULL, value,
                                                             sizeof value, NULL) == THREEDS_OK) {
                    printf("    option %s = %s\n", name, value);
                }
            }
            strcpy(answer, strcmp(scenario, "challenge-multi-select") == 0 ? "grcy,cafe" : "phon");
        }
        threeds_client_set_challenge_data_entry(client, answer);
    }

done:
    printf("  final transStatus %s (expected %c); packets out %u, in %u; errors %u\n",
           status[0] ? status : "-", expected, app.packets_out, app.packets_in, app.errors);
    exit_code = (status[0] ? status[0] : '-') == expected ? 0 : 1;
    if (strcmp(status, "C") == 0) exit_code = 1;
    /* The built-in transport reports every handshake. */
    if (https && challenged && app.server_certs == 0) exit_code = 1;
    if (app.refuse) {
        /* Refused: the transport failed (151) before any CReq byte left. */
        printf("  refused: reference error %d, %u certificate(s) shown, %u packet(s) in after the ARes\n",
               refused_code, app.server_certs, app.packets_in - packets_in_at_ares);
        exit_code = refused_code == 151 && app.server_certs == 1 && app.packets_in == packets_in_at_ares ? 0 : 1;
    }
    if (areq) wipe(areq, strlen(areq));
    free(areq);
    free(ds_cert);
    free(root);
    free(ca_pem);
    threeds_client_free(client); /* wipes the client's secrets */
    return exit_code;
}

/*
 * One 3DS transaction through the firmware (sans-IO) API, with libcurl as
 * the transport, against `threeds sim`:
 *
 *   sans_io BASE_URL PKI_DIR SCENARIO EXPECTED_STATUS [VERSION] [CRYPTO]
 *
 * BASE_URL is the simulator's (https://127.0.0.1:PORT), PKI_DIR the
 * directory given to `threeds sim --out`. Exits 0 when the transaction ends
 * with EXPECTED_STATUS (a transStatus letter), 1 otherwise. CRYPTO names the
 * crypto provider (one of `threeds_crypto_providers`); with it the device
 * information goes to the DS's EC key (ECDH-ES), so the provider's key
 * generation and ECDH run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "threeds.h"

#define EXCHANGE_TIMEOUT_MS 30000L

static const char DEVICE_INFO[] =
    "{\"DV\":\"1.0\",\"DD\":{\"C001\":\"Linux\",\"C002\":\"C example\"},"
    "\"DPNA\":{\"C010\":\"RE01\"},\"SW\":[\"SW01\"]}";

/* The object lives in memory the app owns: here a static, aligned array. */
static uint64_t txn_mem[THREEDS_TXN_SIZE / sizeof(uint64_t)];

static int fail(threeds_txn *txn, const char *what, int32_t rc) {
    char msg[256];
    int32_t status = 0;
    uint16_t code = 0;
    msg[0] = 0;
    if (txn) threeds_txn_last_error(txn, &status, &code, msg, sizeof msg, NULL);
    fprintf(stderr, "%s: %s (%d; protocol code %u) %s\n", what, threeds_status_message(rc), rc,
            (unsigned)code, msg);
    return 1;
}

static void print_field(threeds_txn *txn, const char *name, uint8_t field) {
    const char *text;
    size_t len;
    if (threeds_screen_text(txn, field, &text, &len) == THREEDS_OK && text) {
        printf("    %-14s %.*s\n", name, (int)(len > 200 ? 200 : len), text);
    }
}

/* Shows the screen and chooses the cardholder's answer for the simulator's
 * scenarios (OTP 123456, option "phon", options "grcy"+"cafe", ...). */
static void answer_screen(threeds_txn *txn, threeds_challenge_input *in, const char **keys) {
    threeds_screen_info info;
    uint16_t i;
    memset(in, 0, sizeof *in);
    in->trust_list = -1;
    in->device_binding = -1;
    if (threeds_screen_get_info(txn, &info) != THREEDS_OK) return;
    printf("  screen: UI type %02u, round %u\n", (unsigned)info.ui_type, (unsigned)info.round);
    print_field(txn, "header", THREEDS_FIELD_HEADER);
    print_field(txn, "info label", THREEDS_FIELD_INFO_LABEL);
    print_field(txn, "info text", THREEDS_FIELD_INFO_TEXT);
    print_field(txn, "submit", THREEDS_FIELD_SUBMIT_LABEL);
    print_field(txn, "continue", THREEDS_FIELD_CONTINUE_LABEL);
    for (i = 0; i < info.option_count; i++) {
        const char *key, *label;
        size_t key_len, label_len;
        if (threeds_screen_option(txn, i, &key, &key_len, &label, &label_len) == THREEDS_OK) {
            printf("    option %u       %s = %s\n", (unsigned)i, key, label);
        }
    }
    switch (info.ui_type) {
    case 1:
        in->answer = THREEDS_ANSWER_TEXT;
        in->entry = "123456";
        break;
    case 2:
        in->answer = THREEDS_ANSWER_SINGLE_SELECT;
        in->entry = "phon";
        break;
    case 3:
        in->answer = THREEDS_ANSWER_MULTI_SELECT;
        keys[0] = "grcy";
        keys[1] = "cafe";
        in->keys = keys;
        in->key_count = 2;
        break;
    case 4:
        in->answer = THREEDS_ANSWER_OOB_CONTINUE;
        in->oob_continue = 1;
        break;
    case 5:
    case 6:
        in->answer = THREEDS_ANSWER_HTML;
        in->entry = "otp=123456";
        break;
    default:
        in->answer = THREEDS_ANSWER_INFO_CONTINUE;
        break;
    }
}

int main(int argc, char **argv) {
    char url[512], ca_file[512], path[512], acs_url[2100];
    const char *base, *dir, *scenario, *version, *crypto;
    char expected, providers[64], chosen[32];
    uint8_t *ds_cert = NULL, *root = NULL, *out = NULL, *work = NULL;
    size_t ds_cert_len = 0, root_len = 0, out_len = 0, work_cap = 0, work_needed = 0;
    threeds_txn *txn = NULL;
    threeds_auth_params params;
    threeds_bytes roots[1];
    threeds_trust trust;
    threeds_ares_result ares;
    threeds_challenge_input input;
    const char *keys[2];
    body_t resp = {0};
    uint8_t status = 0;
    long http;
    int32_t rc;
    int exit_code = 1, round;

    if (argc < 5) {
        fprintf(stderr, "usage: %s BASE_URL PKI_DIR SCENARIO EXPECTED_STATUS [VERSION] [CRYPTO]\n", argv[0]);
        return 2;
    }
    base = argv[1];
    dir = argv[2];
    scenario = argv[3];
    expected = argv[4][0];
    version = argc > 5 ? argv[5] : "2.2.0";
    crypto = argc > 6 ? argv[6] : NULL;
    snprintf(ca_file, sizeof ca_file, "%s/tls-ca.crt.pem", dir);
    snprintf(path, sizeof path, "%s/ds-enc-%s.crt.pem", dir, crypto ? "ec" : "rsa");
    if (read_pem_cert(path, &ds_cert, &ds_cert_len) != 0) return fail(NULL, path, 0);
    snprintf(path, sizeof path, "%s/ds-root.crt.pem", dir);
    if (read_pem_cert(path, &root, &root_len) != 0) return fail(NULL, path, 0);

    rc = threeds_txn_init(txn_mem, sizeof txn_mem, os_fill_random, NULL, &txn);
    if (rc != THREEDS_OK) return fail(NULL, "init", rc);
    if (crypto) {
        /* A name this build lacks is refused: the object keeps its provider. */
        rc = threeds_txn_set_crypto(txn, crypto);
        if (rc != THREEDS_OK) {
            threeds_crypto_providers(providers, sizeof providers, NULL);
            fail(txn, "set_crypto", rc);
            fprintf(stderr, "  this build has: %s\n", providers);
            goto done;
        }
    }
    if (threeds_txn_crypto(txn, chosen, sizeof chosen, NULL) == THREEDS_OK) {
        printf("%s: crypto provider %s\n", scenario, chosen);
    }

    /* 1. The auth request: ask for the size first, then build it. */
    memset(&params, 0, sizeof params);
    params.message_version = version;
    params.ds_key_der.ptr = ds_cert;
    params.ds_key_der.len = ds_cert_len;
    params.ds_id = "A000000802";
    params.sdk_app_id = "9f3c3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e0f";
    params.sdk_reference_number = "THREEDS-C-EXAMPLE";
    params.device_info.ptr = (const uint8_t *)DEVICE_INFO;
    params.device_info.len = sizeof DEVICE_INFO - 1;
    params.sdk_interface = 3;
    rc = threeds_txn_begin(txn, &params, monotonic_ms(), NULL, 0, &out_len);
    if (rc != THREEDS_ERR_BUFFER_TOO_SMALL) goto error_begin;
    out = malloc(out_len > THREEDS_CREQ_MAX ? out_len : THREEDS_CREQ_MAX);
    rc = threeds_txn_begin(txn, &params, monotonic_ms(), out, out_len, &out_len);
    if (rc != THREEDS_OK) goto error_begin;
    printf("%s: auth request %zu bytes\n", scenario, out_len);

    /* 2. The 3DS Server (the simulator) answers with the ARes. */
    snprintf(url, sizeof url, "%s/3ds/auth?scenario=%s", base, scenario);
    http = http_post(url, "application/json; charset=utf-8", out, out_len, ca_file,
                     EXCHANGE_TIMEOUT_MS, &resp);
    if (http != 200) {
        fprintf(stderr, "3DS Server: HTTP %ld\n", http);
        goto done;
    }
    roots[0].ptr = root;
    roots[0].len = root_len;
    trust.roots = roots;
    trust.root_count = 1;
    trust.accept_any_cert = 0;
    rc = threeds_txn_handle_ares(txn, resp.data, resp.len, &trust, unix_seconds(), &ares);
    body_free(&resp);
    if (rc != THREEDS_OK) {
        fail(txn, "ARes", rc);
        goto done;
    }
    printf("  ARes transStatus %c\n", ares.trans_status ? ares.trans_status : '-');
    if (ares.outcome == THREEDS_ARES_DECOUPLED) {
        /* The cardholder approves elsewhere (the banking app): show the
         * issuer's text; the result reaches the 3DS Server, not the SDK. */
        char info[520];
        if (threeds_txn_cardholder_info(txn, THREEDS_CARDHOLDER_TEXT, info, sizeof info, NULL) == THREEDS_OK) {
            printf("  decoupled: %s\n", info);
        }
    }
    if (ares.outcome != THREEDS_ARES_CHALLENGE) {
        threeds_txn_trans_status(txn, &status);
        goto done;
    }

    /* 3. The challenge: CReq out, CRes in, until a final CRes. */
    rc = threeds_txn_acs_url(txn, acs_url, sizeof acs_url, NULL);
    if (rc != THREEDS_OK) {
        fail(txn, "acs_url", rc);
        goto done;
    }
    memset(&input, 0, sizeof input);
    input.answer = THREEDS_ANSWER_INITIAL;
    input.trust_list = -1;
    input.device_binding = -1;
    for (round = 0; round < 10; round++) {
        threeds_cres_result cres;
        rc = threeds_txn_build_creq(txn, &input, monotonic_ms(), out, THREEDS_CREQ_MAX, &out_len);
        if (rc != THREEDS_OK) {
            fail(txn, "build_creq", rc);
            goto send_erro;
        }
        http = http_post(acs_url, "application/jose; charset=UTF-8", out, out_len, ca_file,
                         EXCHANGE_TIMEOUT_MS, &resp);
        if (http < 0) {
            /* No answer in time: the transaction reports 402 to the ACS. */
            threeds_txn_report_exchange_timeout(txn);
            goto send_erro;
        }
        if (http != 200) {
            fprintf(stderr, "ACS: HTTP %ld\n", http);
            threeds_txn_abort(txn);
            body_free(&resp);
            goto done;
        }
        /* The work buffer holds the decrypted CRes and the screen texts. */
        if (work_cap < 2 * resp.len + THREEDS_CRES_WORK_EXTRA) {
            if (work) wipe(work, work_cap);
            free(work);
            work_cap = 2 * resp.len + THREEDS_CRES_WORK_EXTRA;
            work = malloc(work_cap);
        }
        rc = threeds_txn_handle_cres(txn, resp.data, resp.len, work, work_cap, &work_needed,
                                     monotonic_ms(), &cres);
        body_free(&resp);
        if (rc != THREEDS_OK) {
            fail(txn, "handle_cres", rc);
            goto done;
        }
        if (cres.outcome == THREEDS_CRES_SCREEN) {
            answer_screen(txn, &input, keys);
            continue;
        }
        if (cres.outcome == THREEDS_CRES_COMPLETED) {
            status = cres.trans_status;
            goto done;
        }
        printf("  CRes outcome %u, error code %u\n", (unsigned)cres.outcome, (unsigned)cres.erro_code);
        goto send_erro;
    }
    threeds_txn_abort(txn);

send_erro:
    /* 4. A protocol failure or a timeout leaves an Erro for the ACS. */
    rc = threeds_txn_poll_erro(txn, out, THREEDS_CREQ_MAX, &out_len);
    if (rc == THREEDS_OK && out_len > 0) {
        printf("  sending Erro (%zu bytes)\n", out_len);
        http_post(acs_url, "application/json; charset=utf-8", out, out_len, ca_file,
                  EXCHANGE_TIMEOUT_MS, &resp);
        body_free(&resp);
    }
    goto done;

error_begin:
    fail(txn, "begin", rc);

done:
    printf("  final transStatus %c (expected %c)\n", status ? status : '-', expected);
    exit_code = (status ? (char)status : '-') == expected ? 0 : 1;
    if (work) wipe(work, work_cap); /* the decrypted CRes */
    if (out) wipe(out, THREEDS_CREQ_MAX);
    free(work);
    free(out);
    free(ds_cert);
    free(root);
    threeds_txn_fini(txn);
    return exit_code;
}

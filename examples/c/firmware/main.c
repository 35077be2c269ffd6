/*
 * The C firmware: replays firmware/'s recorded transactions through the
 * firmware API of libthreeds.a (thumbv7em-none-eabihf) under QEMU
 * mps2-an386, and checks that the auth request and every CReq equal the
 * recording byte for byte (same seeds, same clock as the Rust firmware).
 * Prints the figures `.ci/firmware` reports: instructions, peak stack,
 * peak heap. Exit status 0 when every transaction matches.
 */
#include <stdint.h>

#include "board.h"
#include "chacha.h"
#include "threeds.h"
#include "transcript.h"

#define NOW_MS 1000u
#define NOW_UNIX 1893456000u
#define IO_LEN 2048u
#define HEAP_LEN (24u * 1024u)

int memcmp(const void *a, const void *b, size_t n);

static const char DEVICE_INFO[] =
    "{\"DV\":\"1.0\",\"DD\":{\"C001\":\"Embedded\",\"C002\":\"Cortex-M4F\",\"C003\":\"threeds-fw\"},"
    "\"DPNA\":{\"C010\":\"RE01\"},\"SW\":[\"SW01\"]}";

static uint64_t txn_mem[THREEDS_TXN_SIZE / 8];
static uint64_t heap[HEAP_LEN / 8];
static uint8_t io[IO_LEN];
/* handle_cres: 2 × the CRes (≤ 1,905 bytes in the transcript) + the extra. */
static uint8_t work[2u * IO_LEN + THREEDS_CRES_WORK_EXTRA];

static int same(const char *what, const uint8_t *got, size_t len, const uint8_t *want, size_t want_len) {
    if (len == want_len && memcmp(got, want, len) == 0) return 1;
    board_print("  FAIL: the ");
    board_print(what);
    board_print_u(" differs from the transcript (produced ", len, " bytes)\n");
    return 0;
}

static int failed(const char *call, int32_t rc) {
    board_print("  FAIL: ");
    board_print(call);
    board_print(": ");
    board_print(threeds_status_message(rc));
    board_print("\n");
    return 0;
}

static int run(const fw_txn *t, uint64_t *instructions) {
    chacha_rng rng;
    uint8_t seed[32];
    threeds_txn *txn = 0;
    threeds_auth_params p = {0};
    threeds_bytes roots[1];
    threeds_trust trust;
    threeds_ares_result ares;
    size_t len = 0, needed = 0;
    unsigned i;
    int ok = 1;
    int32_t rc;
    uint64_t start = board_instructions();

    for (i = 0; i < 32; i++) seed[i] = t->seed;
    chacha_seed(&rng, seed);
    rc = threeds_txn_init(txn_mem, sizeof txn_mem, chacha_fill, &rng, &txn);
    if (rc != THREEDS_OK) return failed("init", rc);
    p.message_version = "2.2.0";
    p.ds_key_der.ptr = t->ds_key;
    p.ds_key_der.len = t->ds_key_len;
    p.ds_id = "A000000802";
    p.sdk_app_id = "9f3c3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e0f";
    p.sdk_reference_number = "THREEDS-FW-0001";
    p.sdk_max_timeout_minutes = 5;
    p.exchange_timeout_ms = 30000;
    p.device_info.ptr = (const uint8_t *)DEVICE_INFO;
    p.device_info.len = sizeof DEVICE_INFO - 1;
    p.use_aes_gcm = t->gcm;
    p.sdk_interface = 1;
    p.sdk_ui_types = 0xF; /* native: text, single, multi, OOB */
    rc = threeds_txn_begin(txn, &p, NOW_MS, io, IO_LEN, &len);
    if (rc != THREEDS_OK) {
        ok = failed("begin", rc);
        goto end;
    }
    if (!(ok = same("auth request", io, len, t->auth_request, t->auth_request_len))) goto end;
    roots[0].ptr = t->root;
    roots[0].len = t->root_len;
    trust.roots = roots;
    trust.root_count = 1;
    trust.accept_any_cert = 0;
    rc = threeds_txn_handle_ares(txn, t->ares, t->ares_len, &trust, NOW_UNIX, &ares);
    if (rc != THREEDS_OK) {
        ok = failed("handle_ares", rc);
        goto end;
    }
    if (t->exchange_count == 0) {
        ok = ares.outcome == THREEDS_ARES_FRICTIONLESS && ares.trans_status == 'Y';
        goto end;
    }
    for (i = 0; i < t->exchange_count; i++) {
        const fw_exchange *ex = &t->exchanges[i];
        threeds_challenge_input in = {0};
        threeds_cres_result cres;
        in.answer = ex->answer == 2 ? THREEDS_ANSWER_SINGLE_SELECT
                    : ex->answer == 1 ? THREEDS_ANSWER_TEXT
                                      : THREEDS_ANSWER_INITIAL;
        in.entry = ex->answer ? ex->text : 0;
        in.trust_list = -1;
        in.device_binding = -1;
        rc = threeds_txn_build_creq(txn, &in, NOW_MS, io, IO_LEN, &len);
        if (rc != THREEDS_OK) {
            ok = failed("build_creq", rc);
            goto end;
        }
        if (!(ok = same("CReq", io, len, ex->creq, ex->creq_len))) goto end;
        rc = threeds_txn_handle_cres(txn, ex->cres, ex->cres_len, work, sizeof work, &needed, NOW_MS, &cres);
        if (rc != THREEDS_OK) {
            ok = failed("handle_cres", rc);
            goto end;
        }
        if (i + 1 < t->exchange_count) {
            threeds_screen_info info;
            if (cres.outcome != THREEDS_CRES_SCREEN || threeds_screen_get_info(txn, &info) != THREEDS_OK) {
                ok = failed("screen", 0);
                goto end;
            }
            board_print_u("  screen ", i + 1, "");
            board_print_u(" (UI 0", info.ui_type, ")\n");
        } else {
            ok = cres.outcome == THREEDS_CRES_COMPLETED && cres.trans_status == 'Y';
        }
    }
end:
    threeds_txn_fini(txn);
    *instructions = board_instructions() - start;
    return ok;
}

int main(void) {
    unsigned i, failures = 0;
    uint64_t max_instr = 0;
    uint32_t max_stack = 0;
    board_start_counter();
    if (threeds_heap_init(heap, sizeof heap) != THREEDS_OK) {
        board_print("FAIL: heap\n");
        return 1;
    }
    for (i = 0; i < FW_TXN_COUNT; i++) {
        uint64_t instr = 0;
        uint32_t stack;
        board_print("txn ");
        board_print(FW_TXNS[i].name);
        board_print("\n");
        board_paint_stack();
        if (run(&FW_TXNS[i], &instr)) {
            board_print_u("  OK: ", instr / 1000u, " k instructions");
        } else {
            failures++;
            board_print("  FAILED");
        }
        stack = board_stack_peak();
        board_print_u(", peak stack ", stack, " B\n");
        if (instr > max_instr) max_instr = instr;
        if (stack > max_stack) max_stack = stack;
    }
    board_print_u("figure transcript_bytes ", FW_TRANSCRIPT_BYTES, "\n");
    board_print_u("figure heap_arena ", HEAP_LEN, "\n");
    board_print_u("figure peak_stack ", max_stack, "\n");
    board_print_u("figure peak_heap ", threeds_heap_high_water(), "\n");
    board_print_u("figure max_txn_instructions ", max_instr, "\n");
    if (failures) {
        board_print_u("FAILED (", failures, " transactions)\n");
        return 1;
    }
    board_print_u("ALL OK (", FW_TXN_COUNT, " transactions)\n");
    return 0;
}

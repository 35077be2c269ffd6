/* Vector table, reset handler, SysTick counter and semihosting for the
 * emulated Cortex-M4F, and the few C library functions the library needs
 * (no C library is linked). */
#include <stddef.h>
#include <stdint.h>

#include "board.h"

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _stack_top;
int main(void);

static volatile uint32_t systick_wraps;

void reset_handler(void) {
    uint32_t *src = &_sidata, *dst = &_sdata;
    while (dst < &_edata) *dst++ = *src++;
    for (dst = &_sbss; dst < &_ebss;) *dst++ = 0;
    /* The hard-float ABI: enable CP10/CP11 before any FPU instruction. */
    *(volatile uint32_t *)0xE000ED88 |= 0xFu << 20;
    __asm volatile("dsb\n isb");
    board_exit(main() == 0);
}

static void default_handler(void) {
    board_print("FAIL: fault\n");
    board_exit(0);
}

static void systick_handler(void) {
    systick_wraps++;
}

__attribute__((section(".vectors"), used)) static const void *const vectors[16] = {
    &_stack_top, (void *)reset_handler, (void *)default_handler, (void *)default_handler,
    (void *)default_handler, (void *)default_handler, (void *)default_handler, 0, 0, 0, 0,
    (void *)default_handler, (void *)default_handler, 0, (void *)default_handler,
    (void *)systick_handler,
};

#define SYST_CSR (*(volatile uint32_t *)0xE000E010)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018)
#define RELOAD 0x00FFFFFFu

void board_start_counter(void) {
    SYST_RVR = RELOAD;
    SYST_CVR = 0;
    SYST_CSR = 7; /* core clock, interrupt, enable */
    while (SYST_CVR == 0) {
    }
}

/* SysTick runs at 25 MHz; under QEMU `-icount shift=0` one instruction is
 * 1 ns, so one tick is 40 instructions (as firmware/src/measure.rs). */
uint64_t board_instructions(void) {
    for (;;) {
        uint32_t before = systick_wraps, current = SYST_CVR;
        if (systick_wraps == before) {
            uint64_t ticks = (uint64_t)before * (RELOAD + 1u) + (RELOAD - current);
            return ticks * 40u;
        }
    }
}

static int semihost(int op, const void *arg) {
    register int r0 __asm("r0") = op;
    register const void *r1 __asm("r1") = arg;
    __asm volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void board_print(const char *s) {
    semihost(0x04, s); /* SYS_WRITE0 */
}

void board_print_u(const char *label, uint64_t v, const char *suffix) {
    char buf[24];
    int i = 23;
    buf[i] = 0;
    do {
        buf[--i] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v && i > 0);
    board_print(label);
    board_print(&buf[i]);
    board_print(suffix);
}

void board_exit(int ok) {
    /* SYS_EXIT with ADP_Stopped_ApplicationExit (0x20026) = status 0; any
     * other reason makes QEMU exit with status 1. */
    semihost(0x18, (const void *)(ok ? 0x20026u : 0x20024u));
    for (;;) {
    }
}

void threeds_abort(void);

/* The library's internal-error hook (a bug, or the heap region too small). */
void threeds_abort(void) {
    board_print("FAIL: threeds_abort\n");
    board_exit(0);
    for (;;) {
    }
}

/* Paints the stack below the current frame, then measures how deep it got. */
#define PAINT 0xC0DECAFEu
#define PAINT_WORDS (96u * 1024u / 4u)

void board_paint_stack(void) {
    uint32_t *top = &_stack_top, *p = top - PAINT_WORDS, *sp;
    /* Up to 64 bytes below the current stack pointer (this frame's callees). */
    __asm volatile("mov %0, sp" : "=r"(sp));
    while (p < sp - 16) *p++ = PAINT;
}

uint32_t board_stack_peak(void) {
    uint32_t *top = &_stack_top, *p = top - PAINT_WORDS;
    while (p < top && *p == PAINT) p++;
    return (uint32_t)((top - p) * 4u);
}

/* The C library functions the library calls (a vendor SDK's libc provides
 * faster ones). */
void *memcpy(void *dst, const void *src, size_t n) {
    uint8_t *d = dst;
    const uint8_t *s = src;
    while (n--) *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
    uint8_t *d = dst;
    const uint8_t *s = src;
    if (d < s) {
        while (n--) *d++ = *s++;
    } else {
        while (n--) d[n] = s[n];
    }
    return dst;
}

void *memset(void *dst, int c, size_t n) {
    uint8_t *d = dst;
    while (n--) *d++ = (uint8_t)c;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
    const uint8_t *x = a, *y = b;
    for (; n; n--, x++, y++) {
        if (*x != *y) return *x - *y;
    }
    return 0;
}

/* The unwind tables of the Rust objects name these personality routines;
 * nothing unwinds (panic = "abort"), so they are never called. */
void __aeabi_unwind_cpp_pr0(void) { threeds_abort(); }
void __aeabi_unwind_cpp_pr1(void) { threeds_abort(); }

/* The emulated board's services: output, exit, instruction counter, stack depth. */
#ifndef BOARD_H
#define BOARD_H
#include <stdint.h>

void board_print(const char *s);
void board_print_u(const char *label, uint64_t v, const char *suffix);
void board_exit(int ok) __attribute__((noreturn));
void board_start_counter(void);
uint64_t board_instructions(void);
void board_paint_stack(void);
uint32_t board_stack_peak(void);
#endif

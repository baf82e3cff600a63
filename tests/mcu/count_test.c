/* count_test.c - checks mcu_count_start/stop against code of known
   length: loops written in assembly, so that every instruction between
   the two calls is known. Prints each case and exits 1 on any error. */
#include "mcu.h"

unsigned long probe_call(void);
unsigned long probe_nop(void);
unsigned long probe_loop(unsigned long iters);
unsigned long probe_loop_nop(unsigned long iters);

/* Measured: from after "bl mcu_count_start" up to and including
   "bl mcu_count_stop".
     probe_call          bl                                1
     probe_nop           nop, bl                           2
     probe_loop(n)       mov, n x (subs, bne), bl          2n + 2
     probe_loop_nop(n)   mov, n x (subs, bne), nop, bl     2n + 3 */
__asm__(
    "    .syntax unified\n"
    "    .thumb\n"
    "    .section .text.probes, \"ax\", %progbits\n"
    "    .global probe_call, probe_nop, probe_loop, probe_loop_nop\n"
    "    .thumb_func\n"
    "probe_call:\n"
    "    push {r4, lr}\n"
    "    bl   mcu_count_start\n"
    "    bl   mcu_count_stop\n"
    "    pop  {r4, pc}\n"
    "    .thumb_func\n"
    "probe_nop:\n"
    "    push {r4, lr}\n"
    "    bl   mcu_count_start\n"
    "    nop\n"
    "    bl   mcu_count_stop\n"
    "    pop  {r4, pc}\n"
    "    .thumb_func\n"
    "probe_loop:\n"
    "    push {r4, lr}\n"
    "    mov  r4, r0\n"
    "    bl   mcu_count_start\n"
    "    mov  r0, r4\n"
    "1:  subs r0, r0, #1\n"
    "    bne  1b\n"
    "    bl   mcu_count_stop\n"
    "    pop  {r4, pc}\n"
    "    .thumb_func\n"
    "probe_loop_nop:\n"
    "    push {r4, lr}\n"
    "    mov  r4, r0\n"
    "    bl   mcu_count_start\n"
    "    mov  r0, r4\n"
    "1:  subs r0, r0, #1\n"
    "    bne  1b\n"
    "    nop\n"
    "    bl   mcu_count_stop\n"
    "    pop  {r4, pc}\n"
    "    .text\n");

static unsigned long cases, errors;
static long worst;

static void check(unsigned long want, unsigned long got, int verbose)
{
    long err = (long)(got - want);
    cases++;
    if (err) errors++;
    if ((err < 0 ? -err : err) > (worst < 0 ? -worst : worst)) worst = err;
    if (verbose || err) {
        mcu_puts("  ");
        mcu_put_u32(want);
        mcu_puts(" instructions: counted ");
        mcu_put_u32(got);
        mcu_puts(err ? "  WRONG\n" : "\n");
    }
}

/* n >= 2 instructions through the loop probes */
static void check_n(unsigned long n, int verbose)
{
    if (n % 2) check(n, probe_loop_nop((n - 3) / 2), verbose);
    else check(n, probe_loop((n - 2) / 2), verbose);
}

int main(void)
{
    static const unsigned long big[] = {1000, 1001, 1017, 10000, 10001, 10039,
                                        100000, 100001, 100023, 1000000, 10000001};
    unsigned long n, i;

    mcu_puts("count_test: mcu_count_start/stop against known instruction counts\n");
    check(1, probe_call(), 1);
    check(2, probe_nop(), 1);
    for (n = 4; n < 4 + 3 * 40; n++) check_n(n, 0);   /* every residue mod 40, thrice */
    mcu_puts("  4 .. 123: every one\n");
    for (i = 0; i < sizeof big / sizeof big[0]; i++) check_n(big[i], 1);
    /* the same code twice: the count does not depend on the phase */
    for (i = 0; i < 40; i++) check_n(1000 + i * 41, 0);
    mcu_puts("  1000 + 41 i, i < 40: every one\n");

    mcu_puts("cases ");
    mcu_put_u32(cases);
    mcu_puts(", wrong ");
    mcu_put_u32(errors);
    mcu_puts(", largest error ");
    if (worst < 0) mcu_puts("-");
    mcu_put_u32((unsigned long)(worst < 0 ? -worst : worst));
    mcu_puts(" instructions\n");
    return errors ? 1 : 0;
}

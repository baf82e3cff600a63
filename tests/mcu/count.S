/* count.S - an exact instruction counter from SysTick under QEMU's
   -icount shift=0.

   The clock. With -icount shift=0 QEMU's virtual clock advances exactly
   1 ns per instruction executed, whatever the instruction, and a device
   read sees the clock as it is at that instruction. SysTick, on the
   processor clock (CLKSOURCE = 1, 25 MHz on mps2-an386), then decrements
   its counter every 40 instructions. Reading SYST_CVR twice and
   multiplying by 40 would be right to +-40 instructions only. (On real
   hardware SysTick counts cycles, not instructions: this is for QEMU;
   checked with QEMU 7.2.)

   The vernier. Both ends find a tick edge to the instruction: a poll loop
   (ldr, cmp, beq) first stops at most its own length after an edge E0;
   the next edge E1 = E0 + 40 then falls in a known window of 3 or 4
   instructions, 40 instructions later, and that window is read with one
   load per instruction (ldr, ldr, ldr). How many of those loads already
   see the next value says exactly where E1 fell. Everything between is
   straight code or a delay loop of fixed length, so the distance from
   each edge to the caller's first (start) or last (stop) instruction is
   known to the instruction, and the count between the two edges is 40
   times the ticks between them. The result is the exact number of
   instructions executed from the return of mcu_count_start() to the
   entry of mcu_count_stop(); count_test.c checks it against loops of
   known length from 1 to 10^7 instructions, every residue mod 40.

   Limits: QEMU must run with -icount shift=0 (without icount the result
   follows the host's clock and means nothing); nothing may write SysTick
   in between; no interrupt may run in between (its instructions would be
   counted; this harness enables none). The counter restarts at
   0xFFFFFF in mcu_count_start; if it reaches 0 before mcu_count_stop
   (more than about 2^24 - 3 ticks, 671 million instructions),
   COUNTFLAG says so and the result is MCU_COUNT_OVERFLOW (checked:
   671,088,000 instructions are counted exactly, 671,088,520 overflow).

   Costs: mcu_count_start and mcu_count_stop run about 100 instructions
   each, mostly waiting for tick edges; neither is in the result. */

    .syntax unified
    .cpu cortex-m4
    .thumb

    .equ SYST_CSR, 0xE000E010       @ control and status; RVR +4, CVR +8
    .equ COUNTFLAG, 0x10000

/* count_state: d, the start edge's phase (0..2), then the counter's value
   just after the start edge E1 */
    .section .bss.mcu_count_state, "aw", %nobits
    .align 2
count_state:
    .space 8

/* void mcu_count_start(void) */
    .section .text.mcu_count_start, "ax", %progbits
    .global mcu_count_start
    .type mcu_count_start, %function
    .thumb_func
mcu_count_start:
    ldr   r0, =SYST_CSR
    ldr   r1, =0x00FFFFFF
    str   r1, [r0, #4]              @ RVR: the longest period
    movs  r1, #5
    str   r1, [r0, #0]              @ CSR: enable, processor clock, no interrupt
    str   r1, [r0, #8]              @ CVR: any write clears it, and COUNTFLAG
    ldr   r1, [r0, #8]
0:  ldr   r2, [r0, #8]              @ wait for a first edge: after the
    cmp   r2, r1                    @ restart it may not be a whole tick
    beq   0b
    mov   r1, r2
    /* poll: the load at position p is the first to see the edge E0, so
       E0 = p - d with d in 0..2, and E1 = p + 40 - d */
1:  ldr   r2, [r0, #8]              @ p
    cmp   r2, r1                    @ p+1
    beq   1b                        @ p+2
    movs  r3, #17                   @ p+3: 1 + 2*17 = 35 instructions,
2:  subs  r3, r3, #1                @      p+3 .. p+37
    bne   2b
    ldr   r1, [r0, #8]              @ p+38: new value iff E1 = p+38 (d = 2)
    ldr   r3, [r0, #8]              @ p+39: new value iff d >= 1
    subs  r1, r2, r1                @ p+40
    subs  r3, r2, r3                @ p+41
    adds  r1, r1, r3                @ p+42: r1 = d
    subs  r2, r2, #1                @ p+43: the counter's value from E1 on
    ldr   r3, =count_state          @ p+44
    stmia r3!, {r1, r2}             @ p+45
    bx    lr                        @ p+46; the caller's next one is
    .ltorg                          @ S = p+47 = E1 + 7 + d
    .size mcu_count_start, . - mcu_count_start

/* unsigned long mcu_count_stop(void) */
    .section .text.mcu_count_stop, "ax", %progbits
    .global mcu_count_stop
    .type mcu_count_stop, %function
    .thumb_func
mcu_count_stop:
    push  {r4, lr}                  @ Q = 0: the end of the counted code
    ldr   r0, =SYST_CSR             @ 1
    movs  r3, #0                    @ 2
    ldr   r1, [r0, #8]              @ 3
    /* poll, counting: the k-th load (k = r3 after the loop) is at
       p = 4k and is the first to see the edge E0' = p - d', d' in 0..3;
       E1' = p + 40 - d' */
1:  ldr   r2, [r0, #8]              @ p
    adds  r3, r3, #1                @ p+1
    cmp   r2, r1                    @ p+2
    beq   1b                        @ p+3
    movs  r1, #16                   @ p+4: 1 + 2*16 = 33 instructions,
2:  subs  r1, r1, #1                @      p+4 .. p+36
    bne   2b
    ldr   r1, [r0, #8]              @ p+37: new value iff d' = 3
    ldr   r4, [r0, #8]              @ p+38: new value iff d' >= 2
    ldr   ip, [r0, #8]              @ p+39: new value iff d' >= 1
    /* d' = 3 v' - (s1 + s2 + s3), v' = r2 the value from E0' on */
    adds  r1, r1, r4
    add   r1, r1, ip
    add   r4, r2, r2, lsl #1
    subs  r4, r4, r1                @ r4 = d'
    ldr   r1, [r0, #0]              @ COUNTFLAG: the counter reached 0
    tst   r1, #COUNTFLAG
    bne   3f
    /* N = Q - S = (E1 - S) + (E0' - E1) - (E0' - Q)
         = -(7 + d) + 40 (t - v') - (4k - d') */
    ldr   r0, =count_state
    ldmia r0, {r0, r1}              @ r0 = d, r1 = t
    subs  r1, r1, r2                @ ticks from E1 to E0'
    movs  r2, #40
    muls  r1, r2, r1
    subs  r1, r1, r0
    subs  r1, r1, #7
    sub   r1, r1, r3, lsl #2
    adds  r0, r1, r4
    pop   {r4, pc}
3:  mov   r0, #-1                   @ MCU_COUNT_OVERFLOW
    pop   {r4, pc}
    .ltorg
    .size mcu_count_stop, . - mcu_count_stop

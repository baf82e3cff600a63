/* startup.c - vector table and reset handler for mps2-an386 (mps2.ld).

   Reset: enable the FPU, copy .data from flash, zero .bss, paint the
   stack, run main and exit with its status through semihosting. Any
   other exception is unexpected (no interrupt is ever enabled): it is
   reported with the faulting pc and the fault status registers, and the
   machine exits with failure. */
#include "mcu.h"

int main(void);
void reset_handler(void);
void fault_report(const uint32_t *frame);
void mcu_stack_paint(void);

extern uint32_t __stack_top[];
extern uint32_t __data_start[], __data_end[], __data_load[];
extern uint32_t __bss_start[], __bss_end[];

#define REG(a) (*(volatile uint32_t *)(a))
#define SCB_CPACR REG(0xE000ED88)   /* coprocessor access control */
#define SCB_CFSR REG(0xE000ED28)    /* configurable fault status */
#define SCB_HFSR REG(0xE000ED2C)    /* hard fault status */
#define SCB_MMFAR REG(0xE000ED34)   /* memory management fault address */
#define SCB_BFAR REG(0xE000ED38)    /* bus fault address */

/* The exception's stack frame is on the main stack (nothing here uses the
   process stack): hand it to fault_report. Naked, so that nothing is
   pushed before the stack pointer is read. */
__attribute__((naked)) static void fault_entry(void)
{
    __asm__("mrs r0, msp\n\t"
            "b fault_report\n\t");
}

/* frame: r0-r3, r12, lr, pc, xpsr as the exception pushed them */
void fault_report(const uint32_t *frame)
{
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    mcu_puts("\nfault: exception ");
    mcu_put_u32(ipsr & 0x1FF);
    mcu_puts(" pc ");
    mcu_put_hex32(frame[6]);
    mcu_puts(" lr ");
    mcu_put_hex32(frame[5]);
    mcu_puts(" cfsr ");
    mcu_put_hex32(SCB_CFSR);
    mcu_puts(" hfsr ");
    mcu_put_hex32(SCB_HFSR);
    mcu_puts(" mmfar ");
    mcu_put_hex32(SCB_MMFAR);
    mcu_puts(" bfar ");
    mcu_put_hex32(SCB_BFAR);
    mcu_puts("\n");
    mcu_exit(1);
}

typedef void (*handler)(void);

/* The first 16 entries: the initial stack pointer, then the system
   exceptions. External interrupts are never enabled, so none follow. */
__attribute__((section(".vectors"), used))
static const struct {
    uint32_t *sp;
    handler fn[15];
} vectors = {
    __stack_top,
    {
        reset_handler,
        fault_entry,   /* 2 NMI */
        fault_entry,   /* 3 HardFault */
        fault_entry,   /* 4 MemManage */
        fault_entry,   /* 5 BusFault */
        fault_entry,   /* 6 UsageFault */
        0, 0, 0, 0,    /* 7-10 reserved */
        fault_entry,   /* 11 SVCall */
        fault_entry,   /* 12 DebugMonitor */
        0,             /* 13 reserved */
        fault_entry,   /* 14 PendSV */
        fault_entry,   /* 15 SysTick */
    },
};

void reset_handler(void)
{
    volatile uint32_t *dst;
    const volatile uint32_t *src;

    /* full access to CP10 and CP11 (the FPU) before any floating-point
       instruction; the barriers make it take effect now */
    SCB_CPACR |= 0xFu << 20;
    __asm__ volatile("dsb\n\tisb" ::: "memory");

    /* volatile: keeps these loops from becoming calls of memcpy/memset */
    for (dst = __data_start, src = __data_load; dst < __data_end;) *dst++ = *src++;
    for (dst = __bss_start; dst < __bss_end;) *dst++ = 0;

    mcu_stack_paint();
    mcu_exit(main());
}

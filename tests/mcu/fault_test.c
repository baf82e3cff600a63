/* fault_test.c - a load from an address where nothing is mapped: the bus
   fault must be reported (as a HardFault, the pc of the load and BFAR)
   and QEMU must exit 1. run.sh expects exactly that. */
#include "mcu.h"

int main(void);
int main(void)
{
    mcu_puts("fault_test: loading from 0x30000000\n");
    return (int)*(volatile uint32_t *)0x30000000u;
}

/* Must NOT compile: NN_MALLOC without NN_FREE is refused with #error. */
#include <stdlib.h>
#define NN_MALLOC(n) malloc(n)
#define NN_IMPLEMENTATION
#include "nn.h"

int main(void)
{
    return 0;
}

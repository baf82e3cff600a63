/* the second private copy (see static_a.c); uses only part of the API */
#define NN_STATIC
#define NN_IMPLEMENTATION
#include "nn.h"

int static_b(void);

int static_b(void)
{
    return nn_sigmoid(0) == (nn_real)0.5 ? 0 : 1;
}

/* the one file with the implementation; multi_a.c, multi_b.c and multi_c.c
   include nn.h without it */
#define NN_IMPLEMENTATION
#include "nn.h"

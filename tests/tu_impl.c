/* The implementation's translation unit of a two-file program: this file
   only emits nn.h's definitions; tests/tu_main.c uses them. */
#define NN_IMPLEMENTATION
#include "nn.h"
#include "nn.h" /* a second inclusion defines nothing twice */

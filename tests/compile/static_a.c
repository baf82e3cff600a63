/* NN_STATIC: this file and static_b.c each hold a private copy of the
   implementation; the program links without duplicate symbols. */
#define NN_STATIC
#define NN_IMPLEMENTATION
#include "nn.h"
#include "session.h"

int static_b(void);

int main(void)
{
    return ck_session() | static_b();
}

/* Ownership: a function that makes a network, a work or an optimizer in a
   struct never reads that struct, so a struct never used - whatever bytes
   its stack slot held, another live network's included - is filled and
   nothing it seemed to hold is freed. Run plain (the pointer checks), and by
   make check under ASan and UBSan, valgrind and MSan, at -O0 and -O2 with
   gcc and clang, where a read of the new struct or a double free is an
   error of its own. */
#define NN_IMPLEMENTATION
#include "nn.h"
#include "test.h"
#include <stdlib.h>
#include <string.h>

static const size_t widths[] = {3, 4, 1};
static const nn_act acts[] = {NN_ACT_SIGMOID, NN_ACT_SIGMOID};

/* a's parameters are still a's: 0.25 each, as set_params left them */
static int intact(const nn_net *a)
{
    size_t i;
    for (i = 0; i < a->n_params; i++)
        if (!(a->params[i] == (nn_real)0.25)) return 0;
    return 1;
}

static void set_params(nn_net *a)
{
    size_t i;
    for (i = 0; i < a->n_params; i++) a->params[i] = (nn_real)0.25;
}

/* the program of the 3.0 upgrade notes, as 2.x users wrote it: b is never
   used before the load */
static unsigned char buf[4096];

/* *a = the 3-4-1 network with every parameter 0.25, saved in buf; its length */
static size_t saved(nn_net *a)
{
    size_t len = sizeof buf;
    CHECK_STATUS(nn_net_init_layers(a, 2, widths, acts, NN_LOSS_SSE), NN_OK);
    set_params(a);
    CHECK_STATUS(nn_save_mem(a, buf, len, &len), NN_OK);
    return len;
}

static void test_load_into_new(void)
{
    nn_net a, b;
    size_t len = saved(&a);
    CHECK_STATUS(nn_load_mem(&b, buf, len), NN_OK);   /* b never used, as in 1.x */
    CHECK(b.params != a.params && intact(&a) && intact(&b));
    nn_net_free(&a);
    nn_net_free(&b);
}

/* the stack slot of b holding a's bytes exactly: what gcc -O2 made of the
   program above. The loader must not free a's parameters. */
static void test_load_over_bytes_of_live(void)
{
    nn_net a, b;
    size_t len = saved(&a);
    memcpy(&b, &a, sizeof b);
    CHECK_STATUS(nn_load_mem(&b, buf, len), NN_OK);
    CHECK(b.params != a.params && intact(&a) && intact(&b));
    nn_net_free(&a);      /* each block freed once: ASan and valgrind see */
    nn_net_free(&b);
}

/* nn_net_copy into a never-used struct, and into one holding src's bytes */
static void test_copy_into_new(void)
{
    nn_net a, c, d;
    CHECK_STATUS(nn_net_init_layers(&a, 2, widths, acts, NN_LOSS_SSE), NN_OK);
    set_params(&a);
    CHECK_STATUS(nn_net_copy(&c, &a), NN_OK);         /* c never used */
    CHECK(c.params != a.params && intact(&a) && intact(&c));
    memcpy(&d, &a, sizeof d);
    CHECK_STATUS(nn_net_copy(&d, &a), NN_OK);
    CHECK(d.params != a.params && intact(&a) && intact(&d));
    /* the copy's own parameters: writing them leaves a alone */
    d.params[0] = 1;
    CHECK(intact(&a));
    /* into a live network of the same layers, in place */
    CHECK_STATUS(nn_net_copy_params(&d, &a), NN_OK);
    CHECK(intact(&d));
    nn_net_free(&a);
    nn_net_free(&c);
    nn_net_free(&d);
}

/* init and view fill a struct holding a live network's bytes: nothing freed */
static void test_init_over_bytes_of_live(void)
{
    nn_net a, b, v;
    nn_layer layers[2];
    CHECK_STATUS(nn_net_init_layers(&a, 2, widths, acts, NN_LOSS_SSE), NN_OK);
    set_params(&a);
    memcpy(&b, &a, sizeof b);
    CHECK_STATUS(nn_net_init(&b, 3, 4, 1), NN_OK);
    CHECK(b.params != a.params && intact(&a));
    memcpy(&v, &a, sizeof v);
    CHECK_STATUS(nn_net_view(&v, 2, widths, acts, NN_LOSS_SSE, a.params, a.n_params, layers),
                 NN_OK);
    CHECK(v.params == a.params && intact(&v));
    nn_net_free(&v);      /* a view: frees nothing */
    CHECK(intact(&a));
    nn_net_free(&a);
    nn_net_free(&b);
}

/* nn_work_init and nn_opt_init into never-used structs and into ones
   holding a live work's and optimizer's bytes */
static void test_work_opt_into_new(void)
{
    nn_net a;
    nn_work w, w2;
    nn_opt o, o2;
    CHECK_STATUS(nn_net_init_layers(&a, 2, widths, acts, NN_LOSS_SSE), NN_OK);
    CHECK_STATUS(nn_work_init(&w, &a, 4), NN_OK);     /* never used */
    CHECK_STATUS(nn_opt_init(&o, &a, NN_OPT_ADAM), NN_OK);
    memcpy(&w2, &w, sizeof w2);
    memcpy(&o2, &o, sizeof o2);
    CHECK_STATUS(nn_work_init(&w2, &a, 4), NN_OK);
    CHECK_STATUS(nn_opt_init(&o2, &a, NN_OPT_ADAM), NN_OK);
    CHECK(w2.block_ != w.block_ && o2.m != o.m);
    nn_work_free(&w);
    nn_work_free(&w2);
    nn_opt_free(&o);
    nn_opt_free(&o2);
    nn_net_free(&a);
}

int main(void)
{
    test_load_into_new();
    test_load_over_bytes_of_live();
    test_copy_into_new();
    test_init_over_bytes_of_live();
    test_work_opt_into_new();
    return TEST_SUMMARY();
}

/* Allocation failure: NN_MALLOC fails at the k-th call of a whole session,
   for every k until the session needs no more. Each failure must come back
   as NN_ERR_NOMEM from the call that allocated, that call must have written
   nothing, and when the session has cleaned up no allocation is left live.
   A size that overflows must give NN_ERR_NOMEM without calling NN_MALLOC. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the hooks: a counting allocator that refuses its fail_at-th call and keeps
   the live pointers, so a free of anything else is caught */
#include "alloc.h"
#define NN_IMPLEMENTATION
#include "nn.h"
#include "test.h"

/* a byte pattern for "not written": every byte 0xA5 */
static void ta_poison(void *p, size_t n) { memset(p, 0xA5, n); }
static int ta_untouched(const void *p, size_t n)
{
    const unsigned char *b = (const unsigned char *)p;
    size_t i;
    for (i = 0; i < n; i++)
        if (b[i] != 0xA5) return 0;
    return 1;
}

/* One session: two networks with their work buffers, data matrices, a
   training run and a prediction. Returns the status of the first call that
   failed (after freeing everything made so far) or NN_OK. *untouched is
   cleared when a failing call wrote to its output. The calls made with
   NN_MALLOC, in order: net, work, x, y, net2, work2, then nn_load_mem's
   and nn_load's (scratch, read buffer, the network), then the deep
   network, its copy, the copy over net2, its work, the momentum and Adam
   state, nn_predict's scratch; each must free what it made before
   returning NN_ERR_NOMEM. */
static nn_status ta_session(int *untouched)
{
    static const size_t deep_widths[] = {3, 6, 5, 2};
    static const nn_act deep_acts[] = {NN_ACT_RELU, NN_ACT_TANH, NN_ACT_SOFTMAX};
    nn_net net, net2, deep, copy;
    nn_work work, work2, deep_work;
    nn_opt mom, adam;
    nn_real yhat[8 * 2];
    nn_mat x, y;
    nn_rng rng = nn_rng_seed(11);
    nn_status s;
    nn_real loss = 0;
    size_t calls;
    int i;

    ta_poison(&net, sizeof net);
    s = nn_net_init(&net, 3, 5, 2);
    if (s != NN_OK) {
        if (!ta_untouched(&net, sizeof net)) *untouched = 0;
        return s;
    }
    nn_net_randomize(&net, &rng, -1, 1);

    ta_poison(&work, sizeof work);
    s = nn_work_init(&work, &net, 8);
    if (s != NN_OK) {
        if (!ta_untouched(&work, sizeof work)) *untouched = 0;
        goto free_net;
    }

    ta_poison(&x, sizeof x);
    s = nn_mat_alloc(&x, 8, 3);
    if (s != NN_OK) {
        if (!ta_untouched(&x, sizeof x)) *untouched = 0;
        goto free_work;
    }
    ta_poison(&y, sizeof y);
    s = nn_mat_alloc(&y, 8, 2);
    if (s != NN_OK) {
        if (!ta_untouched(&y, sizeof y)) *untouched = 0;
        goto free_x;
    }
    nn_mat_rand(x, &rng, 0, 1);
    nn_mat_rand(y, &rng, 0, 1);

    /* training allocates nothing after set-up */
    calls = test_mem.calls;
    for (i = 0; i < 20 && s == NN_OK; i++)
        s = nn_train_step(&net, x, y, (nn_real)0.5, &work, &loss);
    if (s == NN_OK) s = nn_forward(&net, x, &work);
    if (s == NN_OK) s = nn_backprop(&net, x, y, &work);
    if (s == NN_OK) nn_update(&net, &work, (nn_real)0.5);
    CHECK(test_mem.calls == calls);
    CHECK_STATUS(s, NN_OK);
    if (s != NN_OK) goto free_y;

    /* a second network for one-row prediction, copied from the first */
    ta_poison(&net2, sizeof net2);
    s = nn_net_init(&net2, 3, 5, 2);
    if (s != NN_OK) {
        if (!ta_untouched(&net2, sizeof net2)) *untouched = 0;
        goto free_y;
    }
    memcpy(net2.params, net.params, net.n_params * sizeof(nn_real));
    ta_poison(&work2, sizeof work2);
    s = nn_work_init(&work2, &net2, 1);
    if (s != NN_OK) {
        if (!ta_untouched(&work2, sizeof work2)) *untouched = 0;
        goto free_net2;
    }
    {
        nn_mat row;
        s = nn_mat_rows(&row, x, 2, 1);
        if (s == NN_OK) s = nn_forward(&net2, row, &work2);
        CHECK_STATUS(s, NN_OK);
    }

    /* model files: net2 saved to memory and to a stream, loaded back */
    {
        static unsigned char file[4096];
        size_t len = 0;
        nn_net back;
        s = nn_save_mem(&net2, NULL, 0, &len);
        if (s == NN_OK && len > sizeof file) s = NN_ERR_ARG;
        if (s == NN_OK) s = nn_save_mem(&net2, file, sizeof file, &len);
        CHECK_STATUS(s, NN_OK);
        if (s != NN_OK) goto free_work2;
        ta_poison(&back, sizeof back);
        s = nn_load_mem(&back, file, len);
        if (s != NN_OK) {
            if (!ta_untouched(&back, sizeof back)) *untouched = 0;
            goto free_work2;
        }
        CHECK(memcmp(back.params, net2.params, net2.n_params * sizeof(nn_real)) == 0);
        nn_net_free(&back);
#ifndef NN_NO_STDIO
        {
            FILE *f = test_tmpfile();
            CHECK(f != NULL);
            if (f) {
                s = nn_save(&net2, f);
                CHECK_STATUS(s, NN_OK);
                rewind(f);
                ta_poison(&back, sizeof back);
                if (s == NN_OK) s = nn_load(&back, f);
                fclose(f);
                if (s != NN_OK) {
                    if (!ta_untouched(&back, sizeof back)) *untouched = 0;
                    goto free_work2;
                }
                CHECK(memcmp(back.params, net2.params,
                             net2.n_params * sizeof(nn_real)) == 0);
                nn_net_free(&back);
            }
        }
#endif
    }

    /* the 2.0 core: a deep network, its copy (into a new struct, and into
       net2's once freed), its work, two optimizers with state, and a
       prediction that takes its own scratch */
    ta_poison(&deep, sizeof deep);
    s = nn_net_init_layers(&deep, 3, deep_widths, deep_acts, NN_LOSS_CE);
    if (s != NN_OK) {
        if (!ta_untouched(&deep, sizeof deep)) *untouched = 0;
        goto free_work2;
    }
    CHECK_STATUS(nn_net_init_weights(&deep, &rng, NN_INIT_HE_UNIFORM), NN_OK);
    ta_poison(&copy, sizeof copy);
    s = nn_net_copy(&copy, &deep);
    if (s != NN_OK) {
        if (!ta_untouched(&copy, sizeof copy)) *untouched = 0;
        goto free_deep;
    }
    nn_net_free(&net2);   /* a copy never frees what its struct held */
    ta_poison(&net2, sizeof net2);
    s = nn_net_copy(&net2, &deep);
    if (s != NN_OK) {
        if (!ta_untouched(&net2, sizeof net2)) *untouched = 0;
        memset(&net2, 0, sizeof net2);
        goto free_copy;
    }
    ta_poison(&deep_work, sizeof deep_work);
    s = nn_work_init(&deep_work, &deep, 8);
    if (s != NN_OK) {
        if (!ta_untouched(&deep_work, sizeof deep_work)) *untouched = 0;
        goto free_copy;
    }
    ta_poison(&mom, sizeof mom);
    s = nn_opt_init(&mom, &deep, NN_OPT_MOMENTUM);
    if (s != NN_OK) {
        if (!ta_untouched(&mom, sizeof mom)) *untouched = 0;
        goto free_deep_work;
    }
    ta_poison(&adam, sizeof adam);
    s = nn_opt_init(&adam, &deep, NN_OPT_ADAM);
    if (s != NN_OK) {
        if (!ta_untouched(&adam, sizeof adam)) *untouched = 0;
        goto free_mom;
    }
    /* training and copying over the same layers allocate nothing */
    calls = test_mem.calls;
    for (i = 0; i < 5 && s == NN_OK; i++) {
        s = nn_train_step_opt(&deep, &mom, x, y, (nn_real)0.01, &deep_work, &loss);
        if (s == NN_OK)
            s = nn_train_step_opt(&deep, &adam, x, y, (nn_real)0.01, &deep_work, &loss);
    }
    if (s == NN_OK) s = nn_net_copy_params(&copy, &deep);
    CHECK(test_mem.calls == calls);
    CHECK_STATUS(s, NN_OK);
    if (s != NN_OK) goto free_adam;
    ta_poison(yhat, sizeof yhat);
    s = nn_predict(&deep, x, nn_mat_view(yhat, 8, 2), NULL, 0);
    if (s != NN_OK) {
        if (!ta_untouched(yhat, sizeof yhat)) *untouched = 0;
        goto free_adam;
    }
    CHECK(memcmp(deep.params, copy.params, deep.n_params * sizeof(nn_real)) == 0);

free_adam:
    nn_opt_free(&adam);
free_mom:
    nn_opt_free(&mom);
free_deep_work:
    nn_work_free(&deep_work);
free_copy:
    nn_net_free(&copy);
free_deep:
    nn_net_free(&deep);
free_work2:
    nn_work_free(&work2);
free_net2:
    nn_net_free(&net2);
free_y:
    nn_mat_free(&y);
free_x:
    nn_mat_free(&x);
free_work:
    nn_work_free(&work);
free_net:
    nn_net_free(&net);
    return s;
}

/* sizes whose byte counts overflow size_t fail before any allocation */
static void test_overflow(void)
{
    nn_mat m;
    nn_net net, ok;
    nn_work w;
    size_t calls = test_mem.calls;
    test_mem.fail_at = 0;

    ta_poison(&m, sizeof m);
    CHECK_STATUS(nn_mat_alloc(&m, SIZE_MAX, 2), NN_ERR_NOMEM);
    CHECK_STATUS(nn_mat_alloc(&m, SIZE_MAX / 2, SIZE_MAX / 2), NN_ERR_NOMEM);
    CHECK_STATUS(nn_mat_alloc(&m, SIZE_MAX / sizeof(nn_real) + 1, 1), NN_ERR_NOMEM);
    CHECK(ta_untouched(&m, sizeof m));

    ta_poison(&net, sizeof net);
    CHECK_STATUS(nn_net_init(&net, SIZE_MAX / 2, 4, 1), NN_ERR_NOMEM);
    CHECK_STATUS(nn_net_init(&net, 1, SIZE_MAX, 1), NN_ERR_NOMEM);
    CHECK_STATUS(nn_net_init(&net, 1, 1, SIZE_MAX), NN_ERR_NOMEM);
    CHECK_STATUS(nn_net_init(&net, 1, SIZE_MAX / 4, 1), NN_ERR_NOMEM);
    CHECK_STATUS(nn_net_init(&net, 1, 2, SIZE_MAX), NN_ERR_NOMEM);      /* H O */
    CHECK_STATUS(nn_net_init(&net, 1, 1, SIZE_MAX / 2), NN_ERR_NOMEM);  /* + O */
    CHECK(ta_untouched(&net, sizeof net));
    CHECK(test_mem.calls == calls);

    CHECK_STATUS(nn_net_init(&ok, 2, 3, 2), NN_OK);
    calls = test_mem.calls;
    ta_poison(&w, sizeof w);
    CHECK_STATUS(nn_work_init(&w, &ok, SIZE_MAX), NN_ERR_NOMEM);
    CHECK_STATUS(nn_work_init(&w, &ok, SIZE_MAX / 3), NN_ERR_NOMEM);
    CHECK_STATUS(nn_work_init(&w, &ok, SIZE_MAX / 6), NN_ERR_NOMEM);
    CHECK_STATUS(nn_work_init(&w, &ok, SIZE_MAX / 8), NN_ERR_NOMEM);
    /* 2*cap*(H+O) = 10 cap fits with a few to spare, the 17 params do not */
    CHECK_STATUS(nn_work_init(&w, &ok, SIZE_MAX / 10), NN_ERR_NOMEM);
    /* 10 cap + 17 elements fit size_t, their bytes do not */
    CHECK_STATUS(nn_work_init(&w, &ok, SIZE_MAX / 40), NN_ERR_NOMEM);
    CHECK(ta_untouched(&w, sizeof w));
    nn_net_free(&ok);
    /* capacity O overflows while capacity H fits; then O alone too large */
    CHECK_STATUS(nn_net_init(&ok, 1, 1, 3), NN_OK);
    CHECK_STATUS(nn_work_init(&w, &ok, SIZE_MAX / 2), NN_ERR_NOMEM);
    nn_net_free(&ok);
    CHECK_STATUS(nn_net_init(&ok, 1, 1, 2), NN_OK);
    CHECK_STATUS(nn_work_init(&w, &ok, SIZE_MAX / 3), NN_ERR_NOMEM);
    CHECK(ta_untouched(&w, sizeof w));
    CHECK(test_mem.calls == calls + 2);
    nn_net_free(&ok);

    /* deep networks: their widths, their work, their prediction scratch */
    {
        size_t widths[4] = {2, 3, SIZE_MAX / 2, 2}, n = 7;
        nn_net deep;
        ta_poison(&net, sizeof net);
        calls = test_mem.calls;
        CHECK_STATUS(nn_net_init_layers(&net, 3, widths, NULL, NN_LOSS_SSE), NN_ERR_NOMEM);
        widths[2] = SIZE_MAX / 16;
        CHECK_STATUS(nn_net_init_layers(&net, 3, widths, NULL, NN_LOSS_SSE), NN_ERR_NOMEM);
        CHECK(ta_untouched(&net, sizeof net));
        CHECK(test_mem.calls == calls);
        widths[2] = 4;
        CHECK_STATUS(nn_net_init_layers(&deep, 3, widths, NULL, NN_LOSS_SSE), NN_OK);
        calls = test_mem.calls;
        ta_poison(&w, sizeof w);
        CHECK_STATUS(nn_work_init(&w, &deep, SIZE_MAX / 4), NN_ERR_NOMEM);
        /* 20 cap elements and the parameters fit size_t, their bytes do not */
        CHECK_STATUS(nn_work_init(&w, &deep, SIZE_MAX / sizeof(nn_real) / 20 + 1), NN_ERR_NOMEM);
        CHECK(ta_untouched(&w, sizeof w));
        CHECK_STATUS(nn_predict_scratch(&deep, SIZE_MAX / 3, &n), NN_ERR_NOMEM);
        CHECK(n == 7);
        CHECK(test_mem.calls == calls);
        nn_net_free(&deep);
    }
    CHECK(test_mem.live == 0);
}

int main(void)
{
    size_t k, needed;
    int untouched = 1, survived = 0;
    nn_status s;

    /* a clean run counts the allocations the session makes */
    test_mem.calls = 0;
    test_mem.fail_at = 0;
    s = ta_session(&untouched);
    needed = test_mem.calls;
    CHECK_STATUS(s, NN_OK);
    CHECK(needed >= 6);
    CHECK(test_mem.live == 0);

    for (k = 1; k <= needed; k++) {
        int ok = 1;
        test_mem.calls = 0;
        test_mem.fail_at = k;
        untouched = 1;
        s = ta_session(&untouched);
        if (s != NN_ERR_NOMEM) {
            fprintf(stderr, "failure at call %lu gave %s\n", (unsigned long)k, nn_strerror(s));
            ok = 0;
        }
        if (!untouched) {
            fprintf(stderr, "failure at call %lu: the failing call wrote\n", (unsigned long)k);
            ok = 0;
        }
        if (test_mem.live != 0) {
            fprintf(stderr, "failure at call %lu: %lu allocations leaked\n",
                    (unsigned long)k, (unsigned long)test_mem.live);
            ok = 0;
        }
        CHECK(ok);
        survived += ok;
        while (test_mem.live) test_free(test_mem.block[0]);
    }
    /* one past the last call: nothing fails */
    test_mem.calls = 0;
    test_mem.fail_at = needed + 1;
    CHECK_STATUS(ta_session(&untouched), NN_OK);
    CHECK(test_mem.calls == needed);

    test_overflow();
    CHECK(test_mem.bad_frees == 0);
    printf("allocation failure points survived: %d of %lu\n", survived,
           (unsigned long)needed);
    return TEST_SUMMARY();
}

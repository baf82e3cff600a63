/* The argument checks and corners that the other tests leave out, so every
   line and nearly every branch of nn.h runs under `make coverage`: each
   refused call returns the documented status and writes nothing. */
#include <stdint.h>
#include <string.h>
#define NN_IMPLEMENTATION
#include "nn.h"
#include "test.h"

/* the state after which nn_rng_next returns `out`: splitmix64 run backwards */
static uint64_t tc_unxorshift(uint64_t y, int s)
{
    uint64_t x = y;
    int i;
    for (i = 0; i < 64 / s + 1; i++) x = y ^ (x >> s);
    return x;
}

static uint64_t tc_inverse(uint64_t c)   /* c odd: c * inverse = 1 mod 2^64 */
{
    uint64_t v = c;
    int i;
    for (i = 0; i < 6; i++) v *= 2 - c * v;
    return v;
}

static nn_rng tc_rng_giving(uint64_t out)
{
    uint64_t z = tc_unxorshift(out, 31);
    z *= tc_inverse(UINT64_C(0x94D049BB133111EB));
    z = tc_unxorshift(z, 27);
    z *= tc_inverse(UINT64_C(0xBF58476D1CE4E5B9));
    z = tc_unxorshift(z, 30);
    return nn_rng_seed(z - UINT64_C(0x9E3779B97F4A7C15));
}

/* the largest draw, u = 1 - 2^-p, makes lo (1-u) + hi u a tie that rounds
   to hi = 2 when lo = 1: nn_mat_rand must still return less than hi */
static void test_rand_top(void)
{
    nn_rng r = tc_rng_giving(UINT64_MAX), copy = r;
    nn_real v[2] = {0, 0};
    nn_mat m = nn_mat_view(v, 1, 1);
    CHECK(nn_rng_next(&copy) == UINT64_MAX);
    nn_mat_rand(m, &r, 1, 2);
    CHECK(v[0] < 2);
    CHECK(v[0] >= (nn_real)1.99);
    CHECK(v[1] == 0);
    /* an empty range gives lo, whatever the draw */
    r = tc_rng_giving(UINT64_MAX);
    nn_mat_rand(m, &r, 3, 3);
    CHECK(v[0] == 3);
    nn_mat_rand(m, &r, 5, 4);
    CHECK(v[0] == 5);
}

/* a view whose byte count overflows size_t: refused, never touched */
static void test_huge_view(void)
{
    nn_real buf[4] = {1, 2, 3, 4};
    nn_mat huge = nn_mat_view(buf, SIZE_MAX / sizeof(nn_real), 2);
    nn_mat small = nn_mat_view(buf, 2, 2), v = small;
    nn_rng r = nn_rng_seed(1);
    CHECK_STATUS(nn_mat_copy(huge, small), NN_ERR_ARG);
    CHECK_STATUS(nn_mat_copy(small, huge), NN_ERR_ARG);
    CHECK_STATUS(nn_mat_rows(&v, huge, 0, 1), NN_ERR_ARG);
    nn_mat_fill(huge, 9);
    nn_mat_rand(huge, &r, 0, 1);
    nn_mat_sigmoid(huge);
    CHECK(buf[0] == 1 && buf[3] == 4);
    CHECK(v.data == buf && v.rows == 2);
}

static void test_mat_args(void)
{
    nn_real a[6] = {1, 2, 3, 4, 5, 6}, b[6] = {0, 0, 0, 0, 0, 0};
    nn_mat m = nn_mat_view(a, 2, 3), d = nn_mat_view(b, 3, 2);
    nn_mat bad = nn_mat_view(NULL, 2, 3), v;
    nn_real loss = -1;
    nn_rng r = nn_rng_seed(2);

    CHECK_STATUS(nn_mat_rows(NULL, m, 0, 1), NN_ERR_ARG);
    CHECK_STATUS(nn_mat_rows(&v, bad, 0, 1), NN_ERR_ARG);
    /* rows of a matrix with no columns: nothing to address, data as given */
    CHECK_STATUS(nn_mat_rows(&v, nn_mat_view(NULL, 5, 0), 1, 2), NN_OK);
    CHECK(v.rows == 2 && v.cols == 0 && v.data == NULL);

    nn_mat_rand(m, NULL, 0, 1);   /* no generator: nothing happens */
    CHECK(a[0] == 1 && a[5] == 6);
    nn_mat_rand(bad, &r, 0, 1);

    CHECK_STATUS(nn_mat_copy(m, bad), NN_ERR_ARG);
    CHECK_STATUS(nn_mat_copy(bad, m), NN_ERR_ARG);
    CHECK_STATUS(nn_mat_copy(d, m), NN_ERR_SHAPE);              /* 3x2 vs 2x3 */
    CHECK_STATUS(nn_mat_copy(nn_mat_view(b, 2, 2), m), NN_ERR_SHAPE);
    CHECK(b[0] == 0 && b[5] == 0);

    CHECK_STATUS(nn_mat_add_row(bad, nn_mat_view(b, 1, 3)), NN_ERR_ARG);
    CHECK_STATUS(nn_mat_add_row(m, nn_mat_view(NULL, 1, 3)), NN_ERR_ARG);
    CHECK_STATUS(nn_mat_add_row(m, nn_mat_view(b, 2, 3)), NN_ERR_SHAPE);
    CHECK_STATUS(nn_mat_add_row(m, nn_mat_view(b, 1, 2)), NN_ERR_SHAPE);
    CHECK(a[0] == 1 && a[5] == 6);

    CHECK_STATUS(nn_loss_sse(m, m, NULL), NN_ERR_ARG);
    CHECK_STATUS(nn_loss_sse(bad, m, &loss), NN_ERR_ARG);
    CHECK_STATUS(nn_loss_sse(m, bad, &loss), NN_ERR_ARG);
    CHECK_STATUS(nn_loss_sse(m, d, &loss), NN_ERR_SHAPE);
    CHECK_STATUS(nn_loss_sse(m, nn_mat_view(b, 2, 2), &loss), NN_ERR_SHAPE);
    CHECK(loss == -1);

#ifndef NN_NO_STDIO
    nn_mat_print(stdout, bad, "bad");   /* refused: prints nothing */
    nn_mat_print(NULL, m, "m");
#endif
    CHECK(a[0] == 1 && a[5] == 6);
}

/* networks laid out by hand that nn_net_init would never make */
static void test_net_shapes(void)
{
    nn_net net, odd;
    nn_work w;
    nn_rng r = nn_rng_seed(4);
    size_t i;
    CHECK_STATUS(nn_net_init(&net, 2, 3, 1), NN_OK);   /* 13 parameters */
    memset(&w, 0xA5, sizeof w);

    odd = net; odd.n_hidden = 0;
    CHECK_STATUS(nn_work_init(&w, &odd, 1), NN_ERR_ARG);
    odd = net; odd.n_out = 0;
    CHECK_STATUS(nn_work_init(&w, &odd, 1), NN_ERR_ARG);
    odd = net; odd.n_in = 0;
    CHECK_STATUS(nn_work_init(&w, &odd, 1), NN_ERR_ARG);
    odd = net; odd.params = NULL;
    CHECK_STATUS(nn_work_init(&w, &odd, 1), NN_ERR_ARG);
    odd = net; odd.n_params = 12;
    CHECK_STATUS(nn_work_init(&w, &odd, 1), NN_ERR_ARG);
    CHECK_STATUS(nn_work_init(&w, &net, 0), NN_ERR_ARG);
    CHECK_STATUS(nn_work_init(NULL, &net, 1), NN_ERR_ARG);
    CHECK(((unsigned char *)&w)[0] == 0xA5);

    nn_net_randomize(&net, NULL, 0, 1);   /* no generator: nothing happens */
    for (i = 0; i < net.n_params; i++) CHECK(net.params[i] == 0);
    nn_net_randomize(&net, &r, 1, 2);
    CHECK(net.params[0] >= 1);
    nn_net_free(&net);
}

static void test_batch_checks(void)
{
    nn_net net, other, wide;
    nn_work w, w_other, w_wide;
    nn_rng r = nn_rng_seed(6);
    nn_real xs[3 * 2] = {0, 1, 1, 0, 1, 1}, ys[3 * 1] = {1, 1, 0}, loss = -1;
    nn_real before[32];
    nn_mat x = nn_mat_view(xs, 3, 2), y = nn_mat_view(ys, 3, 1);
    CHECK_STATUS(nn_net_init(&net, 2, 3, 1), NN_OK);
    CHECK_STATUS(nn_net_init(&other, 3, 3, 1), NN_OK);   /* another n_in */
    CHECK_STATUS(nn_net_init(&wide, 2, 4, 2), NN_OK);    /* another H, O */
    nn_net_randomize(&net, &r, -1, 1);
    CHECK_STATUS(nn_work_init(&w, &net, 3), NN_OK);
    CHECK_STATUS(nn_work_init(&w_other, &other, 3), NN_OK);
    CHECK_STATUS(nn_work_init(&w_wide, &wide, 3), NN_OK);

    /* work made for other widths */
    CHECK_STATUS(nn_forward(&net, x, &w_other), NN_ERR_SHAPE);
    CHECK_STATUS(nn_forward(&net, x, &w_wide), NN_ERR_SHAPE);
    CHECK_STATUS(nn_train_step(&net, x, y, 1, &w_other, &loss), NN_ERR_SHAPE);
    CHECK(loss == -1);

    /* nn_update refuses work of other widths, leaving params alone */
    memcpy(before, net.params, net.n_params * sizeof(nn_real));
    nn_update(&net, &w_other, 1);
    nn_update(&net, &w_wide, 1);
    nn_update(&net, NULL, 1);
    CHECK(memcmp(before, net.params, net.n_params * sizeof(nn_real)) == 0);
    {
        nn_work hollow = w;   /* no buffers */
        hollow.block_ = NULL;
        nn_update(&net, &hollow, 1);
        hollow = w; hollow.n_hidden_ = 4;
        nn_update(&net, &hollow, 1);
        hollow = w; hollow.n_out_ = 2;
        nn_update(&net, &hollow, 1);
    }
    CHECK(memcmp(before, net.params, net.n_params * sizeof(nn_real)) == 0);

    /* inputs inside the work buffers would be overwritten mid-way */
    CHECK_STATUS(nn_forward(&net, x, &w), NN_OK);
    {
        nn_mat in_work = nn_mat_view(w.hidden.data, 1, 2);
        nn_mat y1 = nn_mat_view(ys, 1, 1);
        CHECK_STATUS(nn_train_step(&net, in_work, y1, 1, &w, &loss), NN_ERR_ARG);
        CHECK(memcmp(before, net.params, net.n_params * sizeof(nn_real)) == 0);
    }
    /* x inside the work buffers, after a forward pass on as many rows */
    {
        nn_mat in_work = nn_mat_view(w.hidden.data, 3, 2);
        CHECK_STATUS(nn_forward(&net, x, &w), NN_OK);
        CHECK_STATUS(nn_backprop(&net, in_work, y, &w), NN_ERR_ARG);
    }
    /* work for the same n_in and n_hidden but another n_out */
    {
        nn_net out2;
        CHECK_STATUS(nn_net_init(&out2, 2, 3, 2), NN_OK);
        CHECK_STATUS(nn_forward(&out2, x, &w), NN_ERR_SHAPE);
        nn_net_free(&out2);
    }
    /* a nn_work_free'd work: refused */
    nn_work_free(&w_wide);
    CHECK_STATUS(nn_forward(&wide, x, &w_wide), NN_ERR_ARG);

    nn_work_free(&w);
    nn_work_free(&w_other);
    nn_net_free(&net);
    nn_net_free(&other);
    nn_net_free(&wide);
}

/* model files of a network too large to write: the size overflows size_t
   (NN_ERR_NOMEM, nothing read from params); argument and stream errors */
static void test_files(void)
{
    nn_net big, net;
    nn_real dummy[1] = {0};
    size_t len = 7;
    nn_real xs[3] = {1, 2, 3}, ys[3] = {4, 5, 6};
    nn_rng r = nn_rng_seed(8);
    /* I = O = 1: 3H + 1 parameters, as many as nn__param_count allows */
    big.n_in = 1;
    big.n_out = 1;
    big.n_hidden = (SIZE_MAX / sizeof(nn_real) - 1) / 3;
    big.n_params = 3 * big.n_hidden + 1;
    big.params = dummy;
    big.w1 = big.b1 = big.w2 = big.b2 = nn_mat_view(dummy, 1, 1);
    CHECK_STATUS(nn_save_mem(&big, NULL, 0, &len), NN_ERR_NOMEM);
    CHECK(len == 7);
#ifndef NN_NO_STDIO
    CHECK_STATUS(nn_save(&big, stdout), NN_ERR_NOMEM);
#endif
    CHECK_STATUS(nn_net_init(&net, 1, 2, 1), NN_OK);
#ifndef NN_NO_STDIO
    CHECK_STATUS(nn_save_file(&net, NULL), NN_ERR_ARG);
    CHECK_STATUS(nn_save_file(NULL, "unused.safetensors"), NN_ERR_ARG);
    {
        /* a device that refuses every write (Linux): NN_ERR_IO */
        FILE *full = fopen("/dev/full", "wb");
        if (full) {
            CHECK_STATUS(nn_save(&net, full), NN_ERR_IO);
            fclose(full);
        }
    }
#endif
    /* nn_shuffle_rows: y without data */
    CHECK_STATUS(nn_shuffle_rows(nn_mat_view(xs, 3, 1), nn_mat_view(NULL, 3, 1), &r),
                 NN_ERR_ARG);
    CHECK(xs[0] == 1 && xs[2] == 3 && ys[0] == 4);
    nn_net_free(&net);
}

int main(void)
{
    test_files();
    test_rand_top();
    test_huge_view();
    test_mat_args();
    test_net_shapes();
    test_batch_checks();
    return TEST_SUMMARY();
}

/* Tests for the data helpers: nn_shuffle_rows. */
#define NN_IMPLEMENTATION
#include "nn.h"
#include "test.h"

#define N 20

/* x row i = (i, 100 + i), y row i = (i): every row says where it came from */
static void fill_pairs(nn_real *xs, nn_real *ys, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        xs[2 * i] = (nn_real)i;
        xs[2 * i + 1] = (nn_real)(100 + i);
        ys[i] = (nn_real)i;
    }
}

static void test_pairs_kept(void)
{
    nn_real xs[2 * N], ys[N];
    int seen[N] = {0};
    size_t i, moved = 0;
    nn_rng r = nn_rng_seed(7);
    nn_mat x = nn_mat_view(xs, N, 2), y = nn_mat_view(ys, N, 1);
    fill_pairs(xs, ys, N);
    CHECK_STATUS(nn_shuffle_rows(x, y, &r), NN_OK);
    for (i = 0; i < N; i++) {
        size_t from = (size_t)ys[i];
        CHECK(from < N);
        if (from >= N) return;
        seen[from]++;
        CHECK(xs[2 * i] == (nn_real)from);          /* x moved with y */
        CHECK(xs[2 * i + 1] == (nn_real)(100 + from));
        if (from != i) moved++;
    }
    for (i = 0; i < N; i++) CHECK(seen[i] == 1);  /* a permutation */
    CHECK(moved > N / 2);                        /* and not the identity */
}

/* the order as a list of where each row came from */
static void order(nn_real *ys, size_t n, uint64_t seed)
{
    nn_real xs[2 * N];
    nn_rng r = nn_rng_seed(seed);
    fill_pairs(xs, ys, n);
    nn_shuffle_rows(nn_mat_view(xs, n, 2), nn_mat_view(ys, n, 1), &r);
}

static void test_deterministic(void)
{
    nn_real a[N], b[N], c[N];
    order(a, N, 42);
    order(b, N, 42);
    order(c, N, 43);
    CHECK(memcmp(a, b, sizeof a) == 0);
    CHECK(memcmp(a, c, sizeof a) != 0);
}

/* The order is fixed by the documented algorithm and splitmix64, so it is
   the same on every platform: a reference Fisher-Yates over the same draws
   must give the same permutation and use the generator the same way. */
static void test_known_order(void)
{
    nn_real ys[5], xs[10];
    nn_rng r = nn_rng_seed(1), q = nn_rng_seed(1);
    size_t i, ref[5] = {0, 1, 2, 3, 4};
    fill_pairs(xs, ys, 5);
    /* the rejection step never triggers for n <= 5 with these draws:
       2^64 mod n is at most 4 (checked) */
    for (i = 5; i > 1; i--) {
        uint64_t v = nn_rng_next(&q), lim = (0 - (uint64_t)i) % (uint64_t)i;
        size_t j, t;
        CHECK(v >= lim);
        j = (size_t)(v % i);
        t = ref[i - 1]; ref[i - 1] = ref[j]; ref[j] = t;
    }
    CHECK_STATUS(nn_shuffle_rows(nn_mat_view(xs, 5, 2), nn_mat_view(ys, 5, 1), &r),
                 NN_OK);
    for (i = 0; i < 5; i++) CHECK(ys[i] == (nn_real)ref[i]);
    CHECK(r.state == q.state);   /* one draw per row after the first */
}

/* All 6 orders of 3 rows equally likely: 60000 shuffles, 10000 expected each
   (standard deviation about 91). Swapping with any row instead of one in
   [0, i] would give 8889 or 11111, far outside the tolerance. */
static void test_uniform(void)
{
    long count[6] = {0};
    int k;
    nn_rng r = nn_rng_seed(2024);
    for (k = 0; k < 60000; k++) {
        nn_real xs[3] = {0, 1, 2};
        int a, b, idx;
        nn_shuffle_rows(nn_mat_view(xs, 3, 1), nn_mat_view(NULL, 3, 0), &r);
        a = (int)xs[0]; b = (int)xs[1];
        idx = a * 2 + (b > a ? b - 1 : b);   /* rank of the permutation, 0..5 */
        count[idx]++;
    }
    for (k = 0; k < 6; k++) CHECK_NEAR(count[k], 10000, 400);
}

/* every row of 10 lands first about equally often */
static void test_uniform_first(void)
{
    long count[10] = {0};
    int k;
    nn_rng r = nn_rng_seed(99);
    for (k = 0; k < 50000; k++) {
        nn_real xs[10] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        nn_shuffle_rows(nn_mat_view(xs, 10, 1), nn_mat_view(NULL, 10, 0), &r);
        count[(int)xs[0]]++;
    }
    for (k = 0; k < 10; k++) CHECK_NEAR(count[k], 5000, 300);
}

static void test_small(void)
{
    nn_real xs[2] = {1, 2}, ys[1] = {3};
    nn_rng r = nn_rng_seed(5), r0 = r;
    CHECK_STATUS(nn_shuffle_rows(nn_mat_view(NULL, 0, 2), nn_mat_view(NULL, 0, 1), &r),
                 NN_OK);
    CHECK_STATUS(nn_shuffle_rows(nn_mat_view(xs, 1, 2), nn_mat_view(ys, 1, 1), &r),
                 NN_OK);
    CHECK(xs[0] == 1 && xs[1] == 2 && ys[0] == 3);
    CHECK(r.state == r0.state);   /* nothing to draw for 0 or 1 rows */
}

/* on an error nothing is written: not the rows, not the generator */
static void test_errors(void)
{
    nn_real xs[2 * N], ys[N], xs0[2 * N], ys0[N];
    nn_rng r = nn_rng_seed(3), r0 = r;
    nn_mat x = nn_mat_view(xs, N, 2), y = nn_mat_view(ys, N, 1);
    fill_pairs(xs, ys, N);
    memcpy(xs0, xs, sizeof xs);
    memcpy(ys0, ys, sizeof ys);
    CHECK_STATUS(nn_shuffle_rows(x, y, NULL), NN_ERR_ARG);
    CHECK_STATUS(nn_shuffle_rows(x, nn_mat_view(ys, N - 1, 1), &r), NN_ERR_SHAPE);
    CHECK_STATUS(nn_shuffle_rows(x, x, &r), NN_ERR_ARG);               /* same */
    CHECK_STATUS(nn_shuffle_rows(nn_mat_view(xs, N, 1), nn_mat_view(xs + N, N, 1), &r),
                 NN_OK);                                         /* adjacent: fine */
    memcpy(xs, xs0, sizeof xs);
    CHECK_STATUS(nn_shuffle_rows(nn_mat_view(xs, N, 1), nn_mat_view(xs + 1, N, 1), &r),
                 NN_ERR_ARG);                                     /* overlapping */
    CHECK_STATUS(nn_shuffle_rows(nn_mat_view(NULL, N, 2), y, &r), NN_ERR_ARG);
    r = r0;
    CHECK_STATUS(nn_shuffle_rows(x, nn_mat_view(ys, N, 1), NULL), NN_ERR_ARG);
    CHECK_STATUS(nn_shuffle_rows(nn_mat_view(xs, N, 2), nn_mat_view(ys, 2, 1), &r),
                 NN_ERR_SHAPE);
    CHECK(memcmp(xs, xs0, sizeof xs) == 0);
    CHECK(memcmp(ys, ys0, sizeof ys) == 0);
    CHECK(r.state == r0.state);
}

/* the use it is made for: shuffle, then train on row views of the result */
static void test_minibatch_views(void)
{
    nn_real xs[2 * N], ys[N];
    nn_rng r = nn_rng_seed(11);
    nn_mat x = nn_mat_view(xs, N, 2), y = nn_mat_view(ys, N, 1), xb, yb;
    nn_net net;
    nn_work w;
    nn_real loss = -1;
    size_t i;
    fill_pairs(xs, ys, N);
    for (i = 0; i < N; i++) {
        xs[2 * i] = (nn_real)i / N;
        xs[2 * i + 1] = (nn_real)1;
        ys[i] = (nn_real)(i % 2);
    }
    CHECK_STATUS(nn_net_init(&net, 2, 3, 1), NN_OK);
    CHECK_STATUS(nn_work_init(&w, &net, 4), NN_OK);
    nn_net_randomize(&net, &r, -1, 1);
    CHECK_STATUS(nn_shuffle_rows(x, y, &r), NN_OK);
    CHECK_STATUS(nn_mat_rows(&xb, x, 8, 4), NN_OK);
    CHECK_STATUS(nn_mat_rows(&yb, y, 8, 4), NN_OK);
    CHECK(xb.data == xs + 16 && yb.data == ys + 8);   /* views, not copies */
    CHECK_STATUS(nn_train_step(&net, xb, yb, (nn_real)0.1, &w, &loss), NN_OK);
    CHECK(loss >= 0 && loss <= 4);
    nn_work_free(&w);
    nn_net_free(&net);
}

int main(void)
{
    test_pairs_kept();
    test_deterministic();
    test_known_order();
    test_uniform();
    test_uniform_first();
    test_small();
    test_errors();
    test_minibatch_views();
    return TEST_SUMMARY();
}

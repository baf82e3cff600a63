/* The argument checks and corners that the other tests leave out, so every
   line and nearly every branch of nn.h runs under `make coverage`: each
   refused call returns the documented status and writes nothing. */
#include <float.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
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

    odd = net; odd.n_layers = 0;
    CHECK_STATUS(nn_work_init(&w, &odd, 1), NN_ERR_ARG);
    odd = net; odd.params = NULL;
    CHECK_STATUS(nn_work_init(&w, &odd, 1), NN_ERR_ARG);
    odd = net; odd.layers = NULL;
    CHECK_STATUS(nn_work_init(&w, &odd, 1), NN_ERR_ARG);
    odd = net; odd.owner_ = 0;    /* a struct nn.h did not fill */
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
        hollow = w; hollow.n_layers = 3;
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

/* a network laid out by hand, as 1.x allowed: refused by 2.0 (it carries
   no mark of nn_net_init; test_io writes a network too large to save with
   one); argument and stream errors */
static void test_files(void)
{
    nn_net big, net;
    nn_real dummy[1] = {0};
    size_t len = 7;
    nn_real xs[3] = {1, 2, 3}, ys[3] = {4, 5, 6};
    nn_rng r = nn_rng_seed(8);
    memset(&big, 0, sizeof big);
    big.n_in = 1;
    big.n_out = 1;
    big.n_hidden = (SIZE_MAX / sizeof(nn_real) - 1) / 3;
    big.n_params = 3 * big.n_hidden + 1;
    big.params = dummy;
    big.w1 = big.b1 = big.w2 = big.b2 = nn_mat_view(dummy, 1, 1);
    CHECK_STATUS(nn_save_mem(&big, NULL, 0, &len), NN_ERR_ARG);
    CHECK(len == 7);
#ifndef NN_NO_STDIO
    CHECK_STATUS(nn_save(&big, stdout), NN_ERR_ARG);
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

/* ---- the model-file reader: corners of its JSON ---------------------- */

/* the 1-1-1 network, one F64 per tensor: 32 data bytes */
#define TC_HW "\"hidden.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[0,8]}"
#define TC_HB "\"hidden.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}"
#define TC_OW "\"output.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[16,24]}"
#define TC_OB "\"output.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[24,32]}"
#define TC_NET TC_HW "," TC_HB "," TC_OW "," TC_OB

/* the n doubles v as the format stores them, little-endian whatever the
   machine's order (s390x is big-endian) */
static void tc_put_f64(unsigned char *d, const double *v, size_t n)
{
    size_t k;
    for (k = 0; k < 8 * n; k++) {
        uint64_t u;
        memcpy(&u, &v[k / 8], 8);
        d[k] = (unsigned char)(u >> (8 * (k % 8)));
    }
}

/* the status of nn_load_mem on header json (jlen bytes) and 32 data bytes
   holding the doubles 1, 2, 3, 4; a refused load must leave the net as it
   was, a good one must give exactly those parameters */
static nn_status tc_load(const char *json, size_t jlen)
{
    static unsigned char buf[8 + 512 + 32];
    double vals[4] = {1, 2, 3, 4};
    nn_net net;
    nn_status st;
    size_t k;
    if (jlen > 512) return (nn_status)97;
    for (k = 0; k < 8; k++) buf[k] = (unsigned char)((uint64_t)jlen >> (8 * k));
    memcpy(buf + 8, json, jlen);
    tc_put_f64(buf + 8 + jlen, vals, 4);
    memset(&net, 0xA5, sizeof net);
    st = nn_load_mem(&net, buf, 8 + jlen + 32);
    if (st == NN_OK) {
        int right = net.n_in == 1 && net.n_hidden == 1 && net.n_out == 1 &&
                    net.w1.data[0] == 1 && net.b1.data[0] == 2 &&
                    net.w2.data[0] == 3 && net.b2.data[0] == 4;
        nn_net_free(&net);
        return right ? NN_OK : (nn_status)96;
    } else {
        unsigned char *p = (unsigned char *)&net;
        for (k = 0; k < sizeof net; k++)
            if (p[k] != 0xA5) return (nn_status)99;
    }
    return st;
}

#define TC_GOOD(json) CHECK_STATUS(tc_load(json, sizeof(json) - 1), NN_OK)
#define TC_BAD(json) CHECK_STATUS(tc_load(json, sizeof(json) - 1), NN_ERR_FORMAT)
#define TC_Q(v) "{\"hidden.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"q\":" v \
    ",\"data_offsets\":[0,8]}," TC_HB "," TC_OW "," TC_OB "}"
#define TC_META(v) "{\"__metadata__\":{\"a\":" v "}," TC_NET "}"

static void test_reader(void)
{
    TC_GOOD("{" TC_NET "}");
    /* escapes: upper-case hex, the first code point after the surrogates */
    TC_GOOD(TC_META("\"\\u00E9\\uABCD\\uE000\\uFFFF\""));
    TC_BAD(TC_META("\"\\u00:0\""));            /* between '9' and 'A' */
    TC_BAD(TC_META("\"\\u00 0\""));            /* below '0' */
    TC_BAD(TC_META("\"\\u00G0\""));            /* after 'F' */
    TC_BAD(TC_META("\"\\ud83d\\ue000\""));     /* high, then not a low one */
    TC_BAD("{\"__metadata__\":{\"a\":\"\\ud83d");  /* the header ends at it */
    TC_BAD("{\"__metadata__\":{\"a\":\"\\ud83d\\");
    /* UTF-8 as is: 2, 3 and 4 bytes; overlong, surrogate, above U+10FFFF */
    TC_GOOD(TC_META("\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF\""));
    TC_BAD(TC_META("\"\xE0\x9F\xBF\""));
    TC_BAD(TC_META("\"\xF0\x8F\xBF\xBF\""));
    TC_BAD(TC_META("\"\xED\xA0\x80\""));
    TC_BAD(TC_META("\"\xF4\x90\x80\x80\""));
    TC_BAD("{\"__metadata__\":{\"a\":\"\xC3");      /* ends inside a character */
    TC_BAD("{\"__metadata__\":{\"a\":\"\xF0\x9F\x98");
    /* numbers and words as the value of a tensor's unknown key */
    TC_GOOD(TC_Q("1E5"));
    TC_GOOD(TC_Q("-0.5e+5"));
    TC_GOOD(TC_Q("1e-5"));
    TC_GOOD(TC_Q("false"));
    TC_GOOD(TC_Q("[0,-0,10.25E-0,true,null,{\"r\":\"\\u00E9\"}]"));
    TC_BAD(TC_Q("1."));
    TC_BAD(TC_Q("1.e5"));
    TC_BAD(TC_Q("1e"));
    TC_BAD(TC_Q("1e+"));
    TC_BAD(TC_Q("-"));
    TC_BAD(TC_Q("-x"));
    TC_BAD(TC_Q("nul"));
    TC_BAD(TC_Q("fals"));
    TC_BAD("{\"hidden.weight\":{\"q\":-");       /* the header ends inside */
    TC_BAD("{\"hidden.weight\":{\"q\":1e");
    TC_BAD("{\"hidden.weight\":{\"q\":1.");
    TC_BAD("{\"hidden.weight\":{\"q\":1");
    TC_BAD("{\"hidden.weight\":{\"q\":tru");
    TC_BAD("{\"hidden.weight\":{\"q\":[fals");
    /* unknown keys of a tensor take any value */
    TC_GOOD("{\"hidden.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[0,8],"
            "\"q\":[1E5,-0.5e+5,1e-5,false,true,null,{\"r\":\"\\u00E9\"}]},"
            TC_HB "," TC_OW "," TC_OB "}");
    /* a tensor's shape or offsets given twice */
    TC_BAD("{\"hidden.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"shape\":[1,1],"
           "\"data_offsets\":[0,8]}," TC_HB "," TC_OW "," TC_OB "}");
    TC_BAD("{\"hidden.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[0,8],"
           "\"data_offsets\":[0,8]}," TC_HB "," TC_OW "," TC_OB "}");
    /* the output layer's tensors of the wrong rank */
    TC_BAD("{" TC_HW "," TC_HB ",\"output.weight\":{\"dtype\":\"F64\",\"shape\":[1],"
           "\"data_offsets\":[16,24]}," TC_OB "}");
    TC_BAD("{" TC_HW "," TC_HB "," TC_OW ",\"output.bias\":{\"dtype\":\"F64\","
           "\"shape\":[1,1],\"data_offsets\":[24,32]}}");
}

#ifndef NN_NO_STDIO
/* files that cannot be read or written whole (Linux) */
static void test_file_errors(void)
{
    nn_net net, s;
    CHECK_STATUS(nn_net_init(&net, 1, 2, 1), NN_OK);
    memset(&s, 0xA5, sizeof s);
    CHECK_STATUS(nn_load_file(NULL, "tests"), NN_ERR_ARG);
    /* a directory: it opens but cannot be read (Linux), or does not open
       (Windows); either way NN_ERR_IO and nothing written */
    CHECK_STATUS(nn_load_file(&s, "tests"), NN_ERR_IO);
    CHECK(((unsigned char *)&s)[0] == 0xA5);
    /* a device that refuses every write: the buffered bytes fail at fflush
       and again at fclose (Linux); where there is none, it does not open */
    CHECK_STATUS(nn_save_file(&net, "/dev/full"), NN_ERR_IO);
    nn_net_free(&net);
}
#endif

/* a generator whose first draw is 0: nn_shuffle_rows on 3 rows draws from
   [0, 3), where 2^64 mod 3 = 1 makes the draw 0 too low (modulo bias), so
   it draws again; the rows must follow the later draws */
static void test_shuffle_redraw(void)
{
    nn_rng r = tc_rng_giving(0), copy = r;
    nn_real xs[3] = {10, 11, 12}, ys[3] = {20, 21, 22}, want[3] = {10, 11, 12}, t;
    uint64_t v;
    size_t j;
    CHECK(nn_rng_next(&copy) == 0);
    /* the reference: the same Fisher-Yates with the 0 skipped */
    v = nn_rng_next(&copy);
    j = (size_t)(v % 3);
    t = want[2]; want[2] = want[j]; want[j] = t;
    v = nn_rng_next(&copy);   /* [0, 2): 2^64 mod 2 = 0, never redrawn */
    j = (size_t)(v % 2);
    t = want[1]; want[1] = want[j]; want[j] = t;
    CHECK_STATUS(nn_shuffle_rows(nn_mat_view(xs, 3, 1), nn_mat_view(ys, 3, 1), &r), NN_OK);
    for (j = 0; j < 3; j++) {
        CHECK(xs[j] == want[j]);
        CHECK(ys[j] == want[j] + 10);
    }
    CHECK(memcmp(&r, &copy, sizeof r) == 0);   /* exactly three draws */
}

/* matrices with no elements but a huge other dimension: nothing to do */
static void test_empty_huge(void)
{
    nn_real a[2] = {1, 2}, b[2] = {3, 4};
    nn_mat e1 = nn_mat_view(a, 0, SIZE_MAX), e2 = nn_mat_view(b, 0, SIZE_MAX);
    CHECK_STATUS(nn_mat_copy(e1, e2), NN_OK);
    nn_mat_fill(e1, 9);
    nn_mat_sigmoid(e1);
    CHECK(a[0] == 1 && a[1] == 2 && b[0] == 3 && b[1] == 4);
}

/* yhat of one row by the formula, in double */
static double tc_ref_out(const nn_net *net, const nn_real *x, size_t o)
{
    size_t I = net->n_in, H = net->n_hidden, O = net->n_out, i, h;
    double s2 = (double)net->b2.data[o];
    for (h = 0; h < H; h++) {
        double s1 = (double)net->b1.data[h];
        for (i = 0; i < I; i++) s1 += (double)x[i] * (double)net->w1.data[i * H + h];
        s2 += (double)net->w2.data[h * O + o] / (1 + exp(-s1));
    }
    return 1 / (1 + exp(-s2));
}

/* a small batch whose input or output is wider than the tiny path takes,
   and batches of no rows on the general path */
static void test_wide_small(void)
{
    static const size_t shape[3][3] = {{17, 2, 1}, {2, 17, 1}, {2, 2, 17}};
    size_t c, i, o;
    for (c = 0; c < 3; c++) {
        nn_net net;
        nn_work w;
        nn_rng r = nn_rng_seed(40 + c);
        nn_real xs[2 * 17], ys[2 * 17], before[400], loss = -1;
        size_t I = shape[c][0], O = shape[c][2];
        nn_mat x = nn_mat_view(xs, 2, I), y = nn_mat_view(ys, 2, O);
        CHECK_STATUS(nn_net_init(&net, I, shape[c][1], O), NN_OK);
        nn_net_randomize(&net, &r, -1, 1);
        nn_mat_rand(x, &r, -2, 2);
        nn_mat_rand(y, &r, 0, 1);
        CHECK_STATUS(nn_work_init(&w, &net, 2), NN_OK);
        CHECK_STATUS(nn_forward(&net, x, &w), NN_OK);
        for (i = 0; i < 2; i++)
            for (o = 0; o < O; o++)
                CHECK_NEAR(w.out.data[i * O + o], tc_ref_out(&net, xs + i * I, o), 1e-5);
        /* no rows: no change, a zero loss */
        memcpy(before, net.params, net.n_params * sizeof(nn_real));
        CHECK_STATUS(nn_train_step(&net, nn_mat_view(xs, 0, I), nn_mat_view(ys, 0, O),
                                   1, &w, &loss), NN_OK);
        CHECK(loss == 0);
        CHECK(memcmp(before, net.params, net.n_params * sizeof(nn_real)) == 0);
        nn_work_free(&w);
        nn_net_free(&net);
    }
}

#ifndef NN_NO_STDIO
/* nn_load_file: no memory for the first block; nn_save: a stream already
   in error (reading a write-only stream), where every write and the flush
   still succeed */
static void test_stream_states(void)
{
    nn_net net, s;
    FILE *f;
    memset(&s, 0xA5, sizeof s);
    test_mem.fail_next = 1;
    CHECK_STATUS(nn_load_file(&s, "tests/data/golden_f64.safetensors"), NN_ERR_NOMEM);
    CHECK(test_mem.fail_next == 0);
    CHECK(((unsigned char *)&s)[0] == 0xA5 && ((unsigned char *)&s)[sizeof s - 1] == 0xA5);
    CHECK_STATUS(nn_load_file(&s, "tests/data/golden_f64.safetensors"), NN_OK);
    CHECK(s.n_in > 0 && s.n_params > 0);
    nn_net_free(&s);

    CHECK_STATUS(nn_net_init(&net, 1, 2, 1), NN_OK);
    /* a stream with its error indicator set (by a write to a read-only
       stream; reading one opened "wb" sets none with Windows' C library) */
    f = fopen("tests/data/golden_f64.safetensors", "rb");
    CHECK(f != NULL);
    if (f) {
        CHECK(fputc('x', f) == EOF && ferror(f));
        CHECK_STATUS(nn_save(&net, f), NN_ERR_IO);
        fclose(f);
    }
    nn_net_free(&net);
}
#endif

/* F64 values beyond float's range, read into nn_real: in a float build
   they round as IEEE 754 does (FLT_MAX below the halfway point to 2^128),
   in a double build they stay exact */
static void test_wide_values(void)
{
    const char json[] = "{" TC_NET "}";
    unsigned char buf[8 + sizeof json - 1 + 32];
    /* FLT_MAX + 2^102: between FLT_MAX and the halfway point */
    double vals[4], big = ldexp(16777215.0, 104) + ldexp(1.0, 102);
    size_t k, jlen = sizeof json - 1;
    nn_net net;
    memset(&net, 0, sizeof net);   /* loading reads what it held */
    vals[0] = -big; vals[1] = big; vals[2] = -1.5; vals[3] = 0.25;
    for (k = 0; k < 8; k++) buf[k] = (unsigned char)((uint64_t)jlen >> (8 * k));
    memcpy(buf + 8, json, jlen);
    tc_put_f64(buf + 8 + jlen, vals, 4);
    CHECK_STATUS(nn_load_mem(&net, buf, sizeof buf), NN_OK);
    if (sizeof(nn_real) == sizeof(float)) {
        CHECK(net.w1.data[0] == (nn_real)-FLT_MAX);
        CHECK(net.b1.data[0] == (nn_real)FLT_MAX);
    } else {
        CHECK((double)net.w1.data[0] == -big);
        CHECK((double)net.b1.data[0] == big);
    }
    CHECK(net.w2.data[0] == (nn_real)-1.5 && net.b2.data[0] == (nn_real)0.25);
    nn_net_free(&net);
}

/* sums far beyond the sigmoid's range (|s| > 746, where e^-|s| is 0 in
   double) on every path that applies it: the tiny path, the small and the
   blocked products' epilogues, nn_sigmoid and nn_mat_sigmoid. Row i of x is
   all -1 (i even) or all +1, w1 and w2 all 1000, b2 -1000: the hidden layer
   and the output are exactly 0 or 1. */
static void test_saturated(void)
{
    static const size_t shape[3][4] = {{4, 2, 2, 1}, {4, 20, 2, 1}, {96, 96, 96, 1}};
    static nn_real xs[96 * 96];
    nn_real m[4] = {-1000, 1000, -800, 800};
    size_t c, i, k;
    CHECK(nn_sigmoid(-1000) == 0 && nn_sigmoid(1000) == 1);
    nn_mat_sigmoid(nn_mat_view(m, 2, 2));
    CHECK(m[0] == 0 && m[1] == 1 && m[2] == 0 && m[3] == 1);
    for (c = 0; c < 3; c++) {
        size_t N = shape[c][0], I = shape[c][1], H = shape[c][2], O = shape[c][3];
        nn_net net;
        nn_work w;
        int bad = 0;
        CHECK_STATUS(nn_net_init(&net, I, H, O), NN_OK);
        nn_mat_fill(net.w1, 1000);
        nn_mat_fill(net.w2, 1000);
        nn_mat_fill(net.b2, -1000);
        for (i = 0; i < N; i++)
            for (k = 0; k < I; k++) xs[i * I + k] = i % 2 ? 1 : -1;
        CHECK_STATUS(nn_work_init(&w, &net, N), NN_OK);
        CHECK_STATUS(nn_forward(&net, nn_mat_view(xs, N, I), &w), NN_OK);
        for (i = 0; i < N; i++) {
            nn_real want = i % 2 ? 1 : 0;
            for (k = 0; k < H; k++) bad += w.hidden.data[i * H + k] != want;
            bad += w.out.data[i] != want;
        }
        CHECK(bad == 0);
        nn_work_free(&w);
        nn_net_free(&net);
    }
}

int main(void)
{
    test_saturated();
    test_wide_values();
#ifndef NN_NO_STDIO
    test_stream_states();
#endif
    test_shuffle_redraw();
    test_empty_huge();
    test_wide_small();
    test_reader();
#ifndef NN_NO_STDIO
    test_file_errors();
#endif
    test_files();
    test_rand_top();
    test_huge_view();
    test_mat_args();
    test_net_shapes();
    test_batch_checks();
    return TEST_SUMMARY();
}

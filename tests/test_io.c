/* Model files: round trips, the exact bytes written, an independently
   written golden file, and hostile input (every truncation, seeded random
   mutations, each malformed case by hand). Run from the repository root
   (it reads tests/data/). Build with -fsanitize=address,undefined where
   available: a read out of bounds must be caught, not just not observed. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <float.h>
#include "test.h"

/* a counting allocator: live blocks, bytes in use and their peak, and a
   failure on the fail_at-th call (0: never) */
#include "alloc.h"
#define NN_IMPLEMENTATION
#include "nn.h"

#define IS_FLOAT (sizeof(nn_real) == sizeof(float))
/* the temporary files: a pair for each build of this file, since make test
   runs programs side by side */
#if defined(__cplusplus)
#define TIO_NAME "test_io_cpp"
#elif NN__F32
#define TIO_NAME "test_io_float"
#else
#define TIO_NAME "test_io"
#endif
#define TIO_TMP TIO_NAME ".tmp"
#define TIO_META TIO_NAME "_meta.tmp"
#define ES ((size_t)(IS_FLOAT ? 4 : 8))

/* ---- helpers ---------------------------------------------------------- */

/* weights of all magnitudes and signs, full-precision significands */
static nn_net make_net(size_t I, size_t H, size_t O, uint64_t seed)
{
    nn_net net;
    nn_rng r = nn_rng_seed(seed);
    size_t k;
    memset(&net, 0, sizeof net);
    CHECK_STATUS(nn_net_init(&net, I, H, O), NN_OK);
    for (k = 0; k < net.n_params; k++) {
        double u = (double)nn_rng_uniform(&r) - 0.5;
        int e = (int)(nn_rng_next(&r) % 41) - 20;
        net.params[k] = (nn_real)ldexp(u + (double)nn_rng_uniform(&r) * 1e-9, e);
    }
    return net;
}

static int same_net(const nn_net *a, const nn_net *b)
{
    return a->n_in == b->n_in && a->n_hidden == b->n_hidden &&
           a->n_out == b->n_out && a->n_params == b->n_params &&
           memcmp(a->params, b->params, a->n_params * sizeof(nn_real)) == 0;
}

/* the same layers, activations, loss and parameters, bit for bit */
static int same_layers(const nn_net *a, const nn_net *b)
{
    size_t l;
    if (a->n_layers != b->n_layers || a->loss != b->loss || !same_net(a, b)) return 0;
    for (l = 0; l < a->n_layers; l++)
        if (a->layers[l].n_in != b->layers[l].n_in ||
            a->layers[l].n_out != b->layers[l].n_out || a->layers[l].act != b->layers[l].act ||
            memcmp(a->layers[l].act_param, b->layers[l].act_param,
                   sizeof a->layers[l].act_param) != 0)
            return 0;
    return 1;
}

/* nn_save_mem into a fresh buffer (plain malloc) */
static unsigned char *save(const nn_net *net, size_t *len)
{
    unsigned char *buf;
    *len = 0;
    CHECK_STATUS(nn_save_mem(net, NULL, 0, len), NN_OK);
    buf = (unsigned char *)malloc(*len ? *len : 1);
    CHECK_STATUS(nn_save_mem(net, buf, *len, len), NN_OK);
    return buf;
}

static void put64(unsigned char *p, uint64_t v)
{
    int k;
    for (k = 0; k < 8; k++) p[k] = (unsigned char)(v >> (8 * k));
}

/* a file from header text and data: the length prefix counts the text */
static unsigned char *build(const char *json, size_t jlen, const unsigned char *data,
                            size_t dlen, size_t *len)
{
    unsigned char *b = (unsigned char *)malloc(8 + jlen + dlen);
    put64(b, jlen);
    memcpy(b + 8, json, jlen);
    if (dlen) memcpy(b + 8 + jlen, data, dlen);
    *len = 8 + jlen + dlen;
    return b;
}

/* A net file written here, independently of nn.h: widths I H O, element size
   es (4 F32, 8 F64), values in file order (w1^T, b1, w2^T, b2). */
static unsigned char *write_net_file(size_t es, size_t I, size_t H, size_t O,
                                     const double *v, size_t *len)
{
    char json[1024];
    size_t n = I * H + H + H * O + O, k, a = H * I * es, b = a + H * es,
           c = b + O * H * es, d = c + O * es;
    unsigned char *data = (unsigned char *)malloc(n * es), *file;
    const char *dt = es == 4 ? "F32" : "F64";
    int j = snprintf(json, sizeof json,
        "{\"hidden.weight\":{\"dtype\":\"%s\",\"shape\":[%lu,%lu],\"data_offsets\":[0,%lu]},"
        "\"hidden.bias\":{\"dtype\":\"%s\",\"shape\":[%lu],\"data_offsets\":[%lu,%lu]},"
        "\"output.weight\":{\"dtype\":\"%s\",\"shape\":[%lu,%lu],\"data_offsets\":[%lu,%lu]},"
        "\"output.bias\":{\"dtype\":\"%s\",\"shape\":[%lu],\"data_offsets\":[%lu,%lu]}}",
        dt, (unsigned long)H, (unsigned long)I, (unsigned long)a,
        dt, (unsigned long)H, (unsigned long)a, (unsigned long)b,
        dt, (unsigned long)O, (unsigned long)H, (unsigned long)b, (unsigned long)c,
        dt, (unsigned long)O, (unsigned long)c, (unsigned long)d);
    for (k = 0; k < n; k++) {
        if (es == 4) {
            float f = (float)v[k];
            uint32_t u;
            memcpy(&u, &f, 4);
            data[4 * k] = (unsigned char)u;
            data[4 * k + 1] = (unsigned char)(u >> 8);
            data[4 * k + 2] = (unsigned char)(u >> 16);
            data[4 * k + 3] = (unsigned char)(u >> 24);
        } else {
            uint64_t u;
            memcpy(&u, &v[k], 8);
            put64(data + 8 * k, u);
        }
    }
    file = build(json, (size_t)j, data, n * es, len);
    free(data);
    return file;
}

/* a stream whose reads fail: the empty file path opened for reading, with
   its error indicator set by a write, which a read-only stream refuses.
   (Reading a stream opened "wb" fails on Linux, but not with Windows'
   C library, which sets no error for it.) */
static FILE *failing_reader(const char *path)
{
    FILE *f = fopen(path, "wb");
    if (!f) return NULL;
    fclose(f);
    f = fopen(path, "rb");
    if (f && !(fputc('x', f) == EOF && ferror(f))) {
        fclose(f);
        return NULL;
    }
    return f;
}

/* a net whose every byte is 0xA5: "untouched" means still exactly this */
static nn_net sentinel(void)
{
    nn_net s;
    memset(&s, 0xA5, sizeof s);
    return s;
}

static int is_sentinel(const nn_net *n)
{
    nn_net s = sentinel();
    return memcmp(n, &s, sizeof s) == 0;
}

/* load_mem must refuse buf: NN_ERR_FORMAT, net untouched, nothing leaked */
static int refuses(const unsigned char *buf, size_t len)
{
    nn_net net = sentinel();
    nn_status st = nn_load_mem(&net, buf, len);
    return st == NN_ERR_FORMAT && is_sentinel(&net) && test_mem.live == 0;
}

/* ---- round trips and the bytes written -------------------------------- */

static void test_round_trip(void)
{
    static const size_t shapes[][3] = {{1, 1, 1}, {3, 4, 2}, {17, 33, 5}, {2, 1, 7}};
    size_t s;
    for (s = 0; s < 4; s++) {
        nn_net a = make_net(shapes[s][0], shapes[s][1], shapes[s][2], 10 + s), b;
        size_t len;
        unsigned char *buf = save(&a, &len);
        memset(&b, 0, sizeof b);
        CHECK_STATUS(nn_load_mem(&b, buf, len), NN_OK);
        CHECK(same_net(&a, &b));
        /* the loaded net works: views point into its own params */
        CHECK(b.w1.data == b.params && b.b2.data + b.n_out == b.params + b.n_params);
        nn_net_free(&b);
        free(buf);
        nn_net_free(&a);
    }
    CHECK(test_mem.live == 0);
}

static void test_save_mem_contract(void)
{
    nn_net a = make_net(2, 3, 1, 5), zero;
    size_t len = 0, len2 = 7;
    unsigned char small[16];
    memset(&zero, 0, sizeof zero);
    CHECK_STATUS(nn_save_mem(&a, NULL, 0, &len), NN_OK);
    CHECK(len > 8 && (len - 8 - 13 * ES) % 8 == 0);
    memset(small, 0x5A, sizeof small);
    CHECK_STATUS(nn_save_mem(&a, small, sizeof small, &len2), NN_ERR_ARG);
    CHECK(len2 == len);                 /* the size it needs, even so */
    CHECK(small[0] == 0x5A && small[15] == 0x5A);
    len2 = 7;
    CHECK_STATUS(nn_save_mem(&a, NULL, 10, &len2), NN_ERR_ARG);
    CHECK(len2 == 7);
    CHECK_STATUS(nn_save_mem(&a, small, sizeof small, NULL), NN_ERR_ARG);
    CHECK_STATUS(nn_save_mem(NULL, NULL, 0, &len2), NN_ERR_ARG);
    CHECK_STATUS(nn_save_mem(&zero, NULL, 0, &len2), NN_ERR_ARG);
    CHECK(len2 == 7);
    {
        nn_net n = sentinel();
        CHECK_STATUS(nn_load_mem(NULL, small, 8), NN_ERR_ARG);
        CHECK_STATUS(nn_load_mem(&n, NULL, 8), NN_ERR_ARG);
        CHECK_STATUS(nn_load_mem(&n, NULL, 0), NN_ERR_FORMAT);
        CHECK(is_sentinel(&n));
    }
    nn_net_free(&a);
}

/* {"__metadata__":...,"hidden.weight":...} for a 2-3-1 net, byte for byte */
static void test_exact_bytes(void)
{
    const char *want64 =
        "{\"__metadata__\":{\"format\":\"nn.h\",\"activation\":\"sigmoid\"},"
        "\"hidden.weight\":{\"dtype\":\"F64\",\"shape\":[3,2],\"data_offsets\":[0,48]},"
        "\"hidden.bias\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[48,72]},"
        "\"output.weight\":{\"dtype\":\"F64\",\"shape\":[1,3],\"data_offsets\":[72,96]},"
        "\"output.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[96,104]}}";
    const char *want32 =
        "{\"__metadata__\":{\"format\":\"nn.h\",\"activation\":\"sigmoid\"},"
        "\"hidden.weight\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[0,24]},"
        "\"hidden.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[24,36]},"
        "\"output.weight\":{\"dtype\":\"F32\",\"shape\":[1,3],\"data_offsets\":[36,48]},"
        "\"output.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[48,52]}}";
    const char *want = IS_FLOAT ? want32 : want64;
    size_t wl = strlen(want), n = (wl + 7) / 8 * 8, len, k, ok = 1;
    nn_net a;
    unsigned char *buf, *d;
    memset(&a, 0, sizeof a);
    CHECK_STATUS(nn_net_init(&a, 2, 3, 1), NN_OK);
    NN_AT(a.w1, 0, 0) = 1;      /* file element 0: hidden.weight (0,0) */
    NN_AT(a.w1, 1, 0) = -2;     /* file element 1: hidden.weight (0,1) */
    NN_AT(a.w1, 0, 1) = 0.5;    /* file element 2: hidden.weight (1,0) */
    a.b2.data[0] = -0.0;        /* the last element */
    buf = save(&a, &len);
    CHECK(len == 8 + n + 13 * ES);
    for (k = 0; k < 8; k++) ok &= buf[k] == (unsigned char)((uint64_t)n >> (8 * k));
    CHECK(ok);
    CHECK(memcmp(buf + 8, want, wl) == 0);
    for (k = wl, ok = 1; k < n; k++) ok &= buf[8 + k] == ' ';
    CHECK(ok);
    d = buf + 8 + n;
    if (IS_FLOAT) {
        static const unsigned char e[] = {0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0,
                                          0, 0, 0, 0x3F};
        static const unsigned char last[] = {0, 0, 0, 0x80};
        CHECK(memcmp(d, e, sizeof e) == 0);
        CHECK(memcmp(d + 12 * 4, last, 4) == 0);
    } else {
        static const unsigned char e[] = {0, 0, 0, 0, 0, 0, 0xF0, 0x3F,
                                          0, 0, 0, 0, 0, 0, 0, 0xC0,
                                          0, 0, 0, 0, 0, 0, 0xE0, 0x3F};
        static const unsigned char last[] = {0, 0, 0, 0, 0, 0, 0, 0x80};
        CHECK(memcmp(d, e, sizeof e) == 0);
        CHECK(memcmp(d + 12 * 8, last, 8) == 0);
    }
    free(buf);
    nn_net_free(&a);
}

/* ---- the golden files (tests/data/make_golden.py) ---------------------- */

/* volatile: each step rounded to double, as Python does, also where the
   compiler would keep more precision (x87) */
static double golden_value(size_t t, size_t k)
{
    volatile double q = (k % 2 ? -1.0 : 1.0) * (double)(k + 1) / 7.0;
    volatile double v = q + (double)t * 0.25;
    return v;
}

static void check_golden(const char *path, int f32)
{
    nn_net n;
    size_t i, j, bad = 0;
    memset(&n, 0, sizeof n);
    CHECK_STATUS(nn_load_file(&n, path), NN_OK);
    if (n.params == NULL) return;
    CHECK(n.n_in == 3 && n.n_hidden == 4 && n.n_out == 2);
#define GOLD(t, k) (f32 ? (nn_real)(float)golden_value(t, k) : (nn_real)golden_value(t, k))
    for (j = 0; j < 4; j++)
        for (i = 0; i < 3; i++) bad += NN_AT(n.w1, i, j) != GOLD(0, j * 3 + i);
    for (j = 0; j < 4; j++) bad += n.b1.data[j] != GOLD(1, j);
    for (j = 0; j < 2; j++)
        for (i = 0; i < 4; i++) bad += NN_AT(n.w2, i, j) != GOLD(2, j * 4 + i);
    for (j = 0; j < 2; j++) bad += n.b2.data[j] != GOLD(3, j);
#undef GOLD
    CHECK(bad == 0);
    CHECK(NN_AT(n.w2, 1, 1) == (nn_real)(f32 ? (double)(float)golden_value(2, 5) : golden_value(2, 5)));
    nn_net_free(&n);
}

/* a deep seed of make_golden.py: layer l's weight is tensor 2l, its bias
   2l + 1, element k of tensor t golden_value(t, k) */
static void check_deep_golden(const char *path, int f32, const nn_load_opts *opts_in)
{
    static const size_t w[] = {3, 5, 4, 3, 2};
    nn_load_opts o;
    nn_net n;
    size_t l, i, j, bad = 0;
    memset(&n, 0, sizeof n);
    memset(&o, 0, sizeof o);
    if (opts_in) o = *opts_in;
    CHECK_STATUS(nn_load_file_ex(&n, path, &o), NN_OK);
    if (n.params == NULL) return;
    CHECK(n.n_layers == 4 && n.loss == NN_LOSS_CE);
#define GOLD(t, k) (f32 ? (nn_real)(float)golden_value(t, k) : (nn_real)golden_value(t, k))
    for (l = 0; l < 4 && n.n_layers == 4; l++) {
        const nn_layer *y = &n.layers[l];
        bad += y->n_in != w[l] || y->n_out != w[l + 1];
        for (j = 0; j < w[l + 1]; j++)
            for (i = 0; i < w[l]; i++) bad += NN_AT(y->w, i, j) != GOLD(2 * l, j * w[l] + i);
        for (j = 0; j < w[l + 1]; j++) bad += y->b.data[j] != GOLD(2 * l + 1, j);
    }
#undef GOLD
    CHECK(bad == 0);
    CHECK(n.layers[0].act == NN_ACT_RELU && n.layers[1].act == NN_ACT_TANH &&
          n.layers[2].act == NN_ACT_LINEAR && n.layers[3].act == NN_ACT_SOFTMAX);
    nn_net_free(&n);
}

/* ---- one file on every machine ---------------------------------------- */

/* A deep network (3-5-4-2, relu, tanh, softmax) whose parameters are the
   golden values (exact in binary, computed alike everywhere) with -0, the
   smallest subnormal and the largest value among them: the file nn.h writes
   must be, byte for byte, the one it wrote on x86-64 and committed
   (tests/data/x86_64_f64.safetensors, x86_64_f32), and that file must load
   to the same bits. With NN_TEST_WRITE_FILES set in the environment the
   test writes the file first (that is how it was made, on x86-64). */
static void test_same_file_everywhere(void)
{
    static const size_t widths[] = {3, 5, 4, 2};
    static const nn_act acts[] = {NN_ACT_RELU, NN_ACT_TANH, NN_ACT_SOFTMAX};
    const char *path = IS_FLOAT ? "tests/data/x86_64_f32.safetensors"
                                : "tests/data/x86_64_f64.safetensors";
    static unsigned char file[4096];
    size_t len = 0, flen = 0, i;
    unsigned char *buf;
    nn_net a, b;
    FILE *f;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    CHECK_STATUS(nn_net_init_layers(&a, 3, widths, acts, NN_LOSS_CE), NN_OK);
    if (a.params == NULL) return;
    for (i = 0; i < a.n_params; i++) a.params[i] = (nn_real)golden_value(i % 4, i);
    a.params[0] = (nn_real)-0.0;
    a.params[1] = (nn_real)ldexp(1.0, IS_FLOAT ? -149 : -1074);
    a.params[2] = IS_FLOAT ? (nn_real)FLT_MAX : (nn_real)DBL_MAX;
    buf = save(&a, &len);
    if (getenv("NN_TEST_WRITE_FILES") && (f = fopen(path, "wb")) != NULL) {
        fwrite(buf, 1, len, f);
        fclose(f);
    }
    f = fopen(path, "rb");
    CHECK(f != NULL);
    if (f) {
        flen = fread(file, 1, sizeof file, f);
        fclose(f);
    }
    CHECK(flen == len && len < sizeof file && memcmp(file, buf, len) == 0);
    CHECK_STATUS(nn_load_file(&b, path), NN_OK);
    CHECK(b.params != NULL && b.n_params == a.n_params && b.n_layers == 3 &&
          memcmp(b.params, a.params, a.n_params * sizeof(nn_real)) == 0);
    CHECK(b.params != NULL && b.params[0] == 0 && signbit(b.params[0]));   /* -0 */
    free(buf);
    nn_net_free(&a);
    if (b.params) nn_net_free(&b);
}

static void test_golden(void)
{
    static const nn_act acts[] = {NN_ACT_RELU, NN_ACT_TANH, NN_ACT_LINEAR, NN_ACT_SOFTMAX};
    static const nn_loss ce = NN_LOSS_CE;
    nn_load_opts o;
    nn_net n;
    check_golden("tests/data/golden_f64.safetensors", 0);
    check_golden("tests/data/golden_f32.safetensors", 1);
    /* the deep seeds of the fuzzer, written by the same script */
    check_deep_golden("tests/fuzz_corpus/deep_f64.safetensors", 0, NULL);
    check_deep_golden("tests/fuzz_corpus/deep_f32.safetensors", 1, NULL);
    memset(&o, 0, sizeof o);
    o.acts = acts;
    o.n_acts = 4;
    o.loss = &ce;
    check_deep_golden("tests/fuzz_corpus/deep_nometa.safetensors", 0, &o);
    memset(&n, 0, sizeof n);
    CHECK_STATUS(nn_load_file(&n, "tests/fuzz_corpus/old_acts.safetensors"), NN_OK);
    CHECK(n.n_layers == 2 && n.layers[0].act == NN_ACT_RELU &&
          n.layers[1].act == NN_ACT_SIGMOID && n.loss == NN_LOSS_BCE && n.n_hidden == 4);
    nn_net_free(&n);
    CHECK_STATUS(nn_load_file(&n, "tests/fuzz_corpus/deep_one.safetensors"), NN_OK);
    CHECK(n.n_layers == 1 && n.layers[0].act == NN_ACT_TANH && n.n_in == 3 &&
          n.n_out == 5 && n.n_hidden == 0 && n.loss == NN_LOSS_SSE);
    nn_net_free(&n);
}

/* ---- across precisions ------------------------------------------------ */

static void test_cross_precision(void)
{
    /* 2-2-2: 12 elements, in file order */
    double v[12];
    double fmax = (double)FLT_MAX, mid = ldexp(33554431.0, 103);
    size_t len;
    unsigned char *f64, *f32;
    nn_net n;
    v[0] = 0.1; v[1] = 1.0 / 3; v[2] = -2.5; v[3] = 1e-45;
    v[4] = 1e-50; v[5] = fmax; v[6] = mid; v[7] = nextafter(mid, 0);
    v[8] = -1e39; v[9] = HUGE_VAL; v[10] = -0.0; v[11] = 123456789.123456789;
    f64 = write_net_file(8, 2, 2, 2, v, &len);
    memset(&n, 0, sizeof n);
    CHECK_STATUS(nn_load_mem(&n, f64, len), NN_OK);
    if (n.params) {
        /* file order = params order here except the transposed weights */
        nn_real got[12];
        got[0] = NN_AT(n.w1, 0, 0); got[1] = NN_AT(n.w1, 1, 0);
        got[2] = NN_AT(n.w1, 0, 1); got[3] = NN_AT(n.w1, 1, 1);
        got[4] = n.b1.data[0]; got[5] = n.b1.data[1];
        got[6] = NN_AT(n.w2, 0, 0); got[7] = NN_AT(n.w2, 1, 0);
        got[8] = NN_AT(n.w2, 0, 1); got[9] = NN_AT(n.w2, 1, 1);
        got[10] = n.b2.data[0]; got[11] = n.b2.data[1];
        if (IS_FLOAT) {
            /* round to nearest; beyond FLT_MAX + half an ulp: infinity */
            CHECK(got[0] == (nn_real)(float)v[0]);
            {
                float f = (float)got[0];    /* 0.1 to nearest: 0x3DCCCCCD */
                uint32_t u;
                memcpy(&u, &f, 4);
                CHECK(u == 0x3DCCCCCDu);
            }
            CHECK(got[1] == (nn_real)(float)v[1]);
            CHECK(got[2] == (nn_real)-2.5);
            CHECK(got[3] == (nn_real)ldexp(1, -149));   /* nearest subnormal */
            CHECK(got[4] == 0);
            CHECK(got[5] == (nn_real)FLT_MAX);
            CHECK(isinf((double)got[6]) && got[6] > 0);
            CHECK(got[7] == (nn_real)FLT_MAX);
            CHECK(isinf((double)got[8]) && got[8] < 0);
            CHECK(isinf((double)got[9]) && got[9] > 0);
            CHECK(got[10] == 0 && signbit((double)got[10]));
            CHECK(got[11] == (nn_real)123456792.0f);
        } else {
            CHECK(memcmp(got, v, sizeof v) == 0);       /* bit for bit */
        }
    }
    nn_net_free(&n);
    /* an F32 file: exact in either build */
    f32 = write_net_file(4, 2, 2, 2, v, &len);
    CHECK_STATUS(nn_load_mem(&n, f32, len), NN_OK);
    if (n.params) {
        CHECK(NN_AT(n.w1, 0, 0) == (nn_real)(float)v[0]);
        CHECK(NN_AT(n.w1, 1, 0) == (nn_real)(float)v[1]);
        CHECK(n.b2.data[1] == (nn_real)123456792.0f);
        CHECK(NN_AT(n.w2, 1, 0) == (nn_real)FLT_MAX);   /* float's own rounding */
    }
    nn_net_free(&n);
    free(f64);
    free(f32);
}

/* ---- streams and paths ------------------------------------------------ */

static void test_streams(void)
{
    nn_net a = make_net(3, 5, 2, 21), b = make_net(4, 2, 3, 22), c, d;
    size_t len;
    unsigned char *ref = save(&a, &len), *back;
    FILE *f = test_tmpfile();
    memset(&c, 0, sizeof c);
    memset(&d, 0, sizeof d);
    CHECK(f != NULL);
    if (!f) return;
    /* two files back to back in one stream: each load stops at its end */
    CHECK_STATUS(nn_save(&a, f), NN_OK);
    CHECK_STATUS(nn_save(&b, f), NN_OK);
    CHECK((size_t)ftell(f) > len);
    rewind(f);
    back = (unsigned char *)malloc(len);
    CHECK(fread(back, 1, len, f) == len);
    CHECK(memcmp(back, ref, len) == 0);          /* nn_save == nn_save_mem */
    rewind(f);
    CHECK_STATUS(nn_load(&c, f), NN_OK);
    CHECK_STATUS(nn_load(&d, f), NN_OK);
    CHECK(same_net(&a, &c) && same_net(&b, &d));
    nn_net_free(&c);
    {
        nn_net s = sentinel();
        CHECK_STATUS(nn_load(&s, f), NN_ERR_FORMAT);  /* nothing left */
        CHECK(is_sentinel(&s));
        CHECK_STATUS(nn_load(NULL, f), NN_ERR_ARG);
        CHECK_STATUS(nn_load(&s, NULL), NN_ERR_ARG);
        CHECK_STATUS(nn_save(NULL, f), NN_ERR_ARG);
        CHECK_STATUS(nn_save(&a, NULL), NN_ERR_ARG);
    }
    fclose(f);

    /* paths */
    CHECK_STATUS(nn_save_file(&a, TIO_TMP), NN_OK);
    CHECK_STATUS(nn_load_file(&c, TIO_TMP), NN_OK);
    CHECK(same_net(&a, &c));
    nn_net_free(&c);
    f = fopen(TIO_TMP, "ab");     /* one byte more: not a model file */
    if (f) { fputc(' ', f); fclose(f); }
    {
        nn_net s = sentinel();
        CHECK_STATUS(nn_load_file(&s, TIO_TMP), NN_ERR_FORMAT);
        CHECK_STATUS(nn_load_file(&s, "no/such/dir/model.safetensors"), NN_ERR_IO);
        CHECK_STATUS(nn_load_file(&s, NULL), NN_ERR_ARG);
        CHECK(is_sentinel(&s));
    }
    CHECK_STATUS(nn_save_file(&a, "no/such/dir/model.safetensors"), NN_ERR_IO);
    CHECK_STATUS(nn_save_file(&a, NULL), NN_ERR_ARG);

    /* failing streams: reading one whose reads fail, writing a read-only one */
    f = failing_reader(TIO_TMP);
    CHECK(f != NULL);
    if (f) {
        nn_net s = sentinel();
        CHECK_STATUS(nn_load(&s, f), NN_ERR_IO);
        CHECK(is_sentinel(&s));
        fclose(f);
    }
    f = fopen(TIO_TMP, "rb");
    if (f) {
        CHECK_STATUS(nn_save(&a, f), NN_ERR_IO);
        fclose(f);
    }
    f = fopen("/dev/full", "wb");       /* where the system has one */
    if (f) {
        CHECK_STATUS(nn_save(&a, f), NN_ERR_IO);
        fclose(f);
    }
    /* headers over 100 MB are refused before reading them: the stream stops
       after the length; at the limit it reads on (to the early end) */
    f = test_tmpfile();
    if (f) {
        unsigned char pre[8 + 100];
        nn_net s = sentinel();
        memset(pre, '{', sizeof pre);
        put64(pre, 100000001);
        fwrite(pre, 1, sizeof pre, f);
        rewind(f);
        CHECK_STATUS(nn_load(&s, f), NN_ERR_FORMAT);
        CHECK(ftell(f) == 8);
        put64(pre, 100000000);
        rewind(f);
        fwrite(pre, 1, sizeof pre, f);
        rewind(f);
        CHECK_STATUS(nn_load(&s, f), NN_ERR_FORMAT);
        CHECK(ftell(f) == (long)sizeof pre);
        CHECK(is_sentinel(&s));
        fclose(f);
    }
    remove(TIO_TMP);
    CHECK(test_mem.live == 3);             /* a, b, d */
    free(ref);
    free(back);
    nn_net_free(&a);
    nn_net_free(&b);
    nn_net_free(&d);
    CHECK(test_mem.live == 0);
}

/* every allocation failing in turn: NN_ERR_NOMEM, untouched, nothing leaked */
static void test_alloc_failures(void)
{
    nn_net a = make_net(3, 4, 2, 31);
    size_t len, k, mem_ok = 0, stream_ok = 0;
    unsigned char *buf = save(&a, &len);
    FILE *f = test_tmpfile();
    if (f) { fwrite(buf, 1, len, f); }
    for (k = 1; k < 40 && !(mem_ok && stream_ok); k++) {
        nn_net s = sentinel();
        nn_status st;
        test_mem.calls = 0; test_mem.fail_at = k;
        st = nn_load_mem(&s, buf, len);
        if (st == NN_OK) { if (!mem_ok) mem_ok = k; nn_net_free(&s); s = sentinel(); }
        else CHECK(st == NN_ERR_NOMEM && is_sentinel(&s) && test_mem.live == 1);
        if (f) {
            rewind(f);
            test_mem.calls = 0;
            st = nn_load(&s, f);
            if (st == NN_OK) { if (!stream_ok) stream_ok = k; nn_net_free(&s); }
            else CHECK(st == NN_ERR_NOMEM && is_sentinel(&s) && test_mem.live == 1);
        }
    }
    test_mem.fail_at = 0;
    CHECK(mem_ok == 4);         /* keys, tensor records, the network: three */
    CHECK(stream_ok >= 3 || !f);
    if (f) fclose(f);
    free(buf);
    nn_net_free(&a);
}

/* ---- hostile input ---------------------------------------------------- */

/* every proper prefix of the file buf (len bytes) is refused, from memory
   and from a stream; the number that were not */
static size_t truncations_of(const unsigned char *buf, size_t len)
{
    size_t k, bad = 0;
    for (k = 0; k < len; k++) {
        /* a copy of exactly k bytes, so that the sanitizer sees its end */
        unsigned char *t = (unsigned char *)malloc(k ? k : 1);
        FILE *f = test_tmpfile();
        memcpy(t, buf, k);
        if (!refuses(t, k)) bad++;
        if (f) {
            nn_net s = sentinel();
            fwrite(t, 1, k, f);
            rewind(f);
            if (nn_load(&s, f) != NN_ERR_FORMAT || !is_sentinel(&s) || test_mem.live)
                bad++;
            fclose(f);
        }
        free(t);
    }
    return bad;
}

static void test_truncations(void)
{
    nn_net a = make_net(3, 4, 2, 41);
    size_t len;
    unsigned char *buf = save(&a, &len);
    nn_net_free(&a);
    CHECK(truncations_of(buf, len) == 0);
    CHECK(len > 300);
    free(buf);
}

static const char mutate_chars[] = "{}[],:\"\\u0123456789 eE.-+tfn\x01\x7f\x80\xC3\xED\xF4";

/* a loaded network is a sound one: its layers tile its parameters, and it
   saves and loads back to the same network, bit for bit */
static int sound(const nn_net *s)
{
    size_t l, n = 0, len;
    int ok = s->n_layers >= 1;
    unsigned char *buf;
    nn_net back;
    for (l = 0; l < s->n_layers; l++)
        n += s->layers[l].n_in * s->layers[l].n_out + s->layers[l].n_out;
    if (n != s->n_params || !ok) return 0;
    buf = save(s, &len);
    memset(&back, 0, sizeof back);
    ok = nn_load_mem(&back, buf, len) == NN_OK && same_layers(s, &back);
    nn_net_free(&back);
    free(buf);
    return ok;
}

/* Seeded random edits of the file base (len bytes, its header hn bytes):
   every result loads (a sound network) or is refused (NN_ERR_FORMAT, the
   net untouched, a why), nothing leaks, and the allocations stay within
   twice the input. Both outcomes must happen, each at least min times. */
static void mutations_of(const unsigned char *base, size_t len, size_t hn, uint64_t seed,
                         size_t iters, size_t min)
{
    nn_rng r = nn_rng_seed(seed);
    size_t it, n_ok = 0, n_format = 0, bad = 0, too_big = 0, no_why = 0;
    unsigned char *m = (unsigned char *)malloc(len + 64);
    for (it = 0; it < iters; it++) {
        size_t mlen = len, edits = 1 + nn_rng_next(&r) % 4, e;
        nn_net s = sentinel();
        nn_load_opts o;
        nn_status st;
        memcpy(m, base, len);
        for (e = 0; e < edits; e++) {
            uint64_t x = nn_rng_next(&r);
            /* three in four edits land in the header */
            size_t pos = (x & 3) ? 8 + (size_t)(x >> 8) % hn : (size_t)(x >> 8) % mlen;
            switch ((x >> 2) % 6) {
            case 0: m[pos] = (unsigned char)(x >> 40); break;
            case 1: m[pos] = (unsigned char)mutate_chars[(x >> 40) % (sizeof mutate_chars - 1)]; break;
            case 2: m[pos] ^= (unsigned char)(1u << ((x >> 40) % 8)); break;
            case 3:     /* delete a byte */
                if (pos < mlen) { memmove(m + pos, m + pos + 1, mlen - pos - 1); mlen--; }
                break;
            case 4:     /* insert a byte */
                if (mlen < len + 64) {
                    memmove(m + pos + 1, m + pos, mlen - pos);
                    m[pos] = (unsigned char)mutate_chars[(x >> 40) % (sizeof mutate_chars - 1)];
                    mlen++;
                }
                break;
            default:    /* the length prefix */
                m[(x >> 40) % 8] = (unsigned char)(x >> 48);
                break;
            }
        }
        {
            /* an exact-size copy, so that the sanitizer sees its end */
            unsigned char *t = (unsigned char *)malloc(mlen);
            memcpy(t, m, mlen);
            test_mem.peak = test_mem.bytes = 0;
            memset(&o, 0, sizeof o);
            st = nn_load_mem_ex(&s, t, mlen, &o);
            free(t);
        }
        if (test_mem.peak > 2 * mlen) too_big++;
        if (st == NN_OK) {
            n_ok++;
            if (!sound(&s) || o.why[0]) bad++;
            nn_net_free(&s);
        } else if (st == NN_ERR_FORMAT) {
            n_format++;
            if (!is_sentinel(&s)) bad++;
            if (!o.why[0] || strlen(o.why) >= sizeof o.why) no_why++;
        } else {
            bad++;
        }
        if (test_mem.live) bad++;
    }
    CHECK(bad == 0);
    CHECK(too_big == 0);
    CHECK(no_why == 0);
    /* both outcomes happen, so the loop tests something */
    CHECK(n_ok >= min && n_format >= min);
    printf("mutations: %lu loaded, %lu refused\n", (unsigned long)n_ok,
           (unsigned long)n_format);
    free(m);
}

static void test_mutations(void)
{
    nn_net a = make_net(3, 4, 2, 51);
    size_t len;
    unsigned char *base = save(&a, &len);
    size_t hn = len - 8 - a.n_params * ES;      /* header length */
    nn_net_free(&a);
    mutations_of(base, len, hn, 2026, 20000, 100);
    free(base);
}

/* the 1-1-1 network, one F64 per tensor: 32 data bytes */
#define HW "\"hidden.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[0,8]}"
#define HB "\"hidden.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}"
#define OW "\"output.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[16,24]}"
#define OB "\"output.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[24,32]}"
#define NET HW "," HB "," OW "," OB
#define X0 "\"x\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0]}"

/* the status of loading header json (as many bytes as given) + dlen bytes,
   with the options o (NULL: none) */
static nn_status load_json_ex(const char *json, size_t jlen, size_t dlen, nn_load_opts *o)
{
    unsigned char *data = (unsigned char *)malloc(dlen + 1), *b;
    size_t len, k;
    nn_net s = sentinel();
    nn_status st;
    for (k = 0; k < dlen; k++) data[k] = (unsigned char)(k * 37);
    b = build(json, jlen, data, dlen, &len);
    free(data);
    st = nn_load_mem_ex(&s, b, len, o);
    free(b);
    if (st == NN_OK) nn_net_free(&s);
    else if (!is_sentinel(&s)) return (nn_status)99;
    if (test_mem.live) return (nn_status)98;
    return st;
}

static nn_status load_json(const char *json, size_t jlen, size_t dlen)
{
    return load_json_ex(json, jlen, dlen, NULL);
}

#define GOOD(json, dlen) CHECK_STATUS(load_json(json, sizeof(json) - 1, dlen), NN_OK)
#define BAD(json, dlen) CHECK_STATUS(load_json(json, sizeof(json) - 1, dlen), NN_ERR_FORMAT)

static void test_malformed(void)
{
    unsigned char tiny[8] = {0};
    size_t k;
    char deep[1000];

    /* the base case loads: each case below breaks one thing */
    GOOD("{" NET "}", 32);
    GOOD("{" NET "}      ", 32);
    GOOD(" \t\r\n{ " HW " ,\n" HB "\t," OW "," OB " } ", 32);
    GOOD("{\"__metadata__\":{\"format\":\"pt\",\"x\":\"\\u00e9\\ud83d\\ude00\"}," NET "}", 32);
    GOOD("{\"__metadata__\":{}," NET "}", 32);
    GOOD("{\"__metadata__\":{\"activation\":\"sigmoid\"}," NET "}", 32);
    GOOD("{" NET "," X0 "}", 32);                     /* extra tensors ignored */
    GOOD("{" X0 "," NET ",\"y\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[32,36]}}", 36);
    GOOD("{\"hidden\\u002eweight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[0,8]},"
         HB "," OW "," OB "}", 32);                   /* escapes decode */
    GOOD("{\"hidden.weight\":{\"shape\":[1,1],\"x\":{\"a\":[1,-2.5e+3,true,null,\"s\"]},"
         "\"data_offsets\":[0,8],\"dtype\":\"F64\"}," HB "," OW "," OB "}", 32);
    /* 2^53 is a number; 2^53 + 1 is not */
    GOOD("{" NET ",\"z\":{\"dtype\":\"U8\",\"shape\":[0,9007199254740992],\"data_offsets\":[32,32]}}", 32);
    BAD("{" NET ",\"z\":{\"dtype\":\"U8\",\"shape\":[0,9007199254740993],\"data_offsets\":[32,32]}}", 32);
    BAD("{" HW "," HB "," OW ",\"output.bias\":{\"dtype\":\"F64\",\"shape\":[1],"
        "\"data_offsets\":[24,9007199254740993]}}", 32);
    BAD("{" NET ",\"z\":{\"dtype\":\"U8\",\"shape\":[99999999999999999999],\"data_offsets\":[32,32]}}", 32);
    BAD("{" NET ",\"z\":{\"dtype\":\"U8\",\"shape\":[4294967296,4294967296],\"data_offsets\":[32,32]}}", 32);

    /* the length prefix and the bytes around the header */
    for (k = 0; k < 8; k++) CHECK(refuses(tiny, k));
    CHECK(refuses(tiny, 8));                          /* N = 0: no JSON */
    {
        unsigned char b[8 + 2];
        put64(b, 3);
        b[8] = '{'; b[9] = '}';
        CHECK(refuses(b, sizeof b));                   /* N past the end */
        put64(b, (uint64_t)1 << 63);
        CHECK(refuses(b, sizeof b));
        put64(b, ~(uint64_t)0);
        CHECK(refuses(b, sizeof b));
        put64(b, 100000001);                          /* over the limit */
        CHECK(refuses(b, sizeof b));
    }
    BAD("{" NET "}", 31);                             /* data cut short */
    BAD("{" NET "}", 33);                             /* a spare byte */
    BAD("{" NET "} x", 32);                           /* not padding */
    BAD("{" NET "}\0", 32);
    BAD("{" NET "}}", 32);
    BAD("{}", 0);
    BAD("[]", 0);
    BAD("\"x\"", 0);
    BAD("{", 0);
    BAD("{" NET ",}", 32);                            /* trailing comma */
    BAD("{," NET "}", 32);
    BAD("{" HW " " HB "," OW "," OB "}", 32);          /* missing comma */
    BAD("{\"hidden.weight\" {\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[0,8]},"
        HB "," OW "," OB "}", 32);                    /* missing colon */

    /* offsets */
    BAD("{" HW ",\"hidden.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[4,12]},"
        OW "," OB "}", 32);                           /* overlap */
    BAD("{" HW ",\"hidden.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
        OW "," OB "}", 32);                           /* the same bytes twice */
    BAD("{" HW ",\"hidden.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[16,24]},"
        "\"output.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[24,32]},"
        "\"output.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[32,40]}}", 40); /* hole */
    BAD("{" HW "," HB "," OW "," OB ",\"x\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[40,40]}}", 32);
    BAD("{" HW "," HB "," OW "," OB ",\"x\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[4,4]}}", 32);
    BAD("{" HW ",\"hidden.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[16,8]},"
        OW "," OB "}", 32);                           /* begin > end */
    BAD("{\"hidden.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[0,16]},"
        "\"hidden.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[16,24]},"
        "\"output.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[24,32]},"
        "\"output.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[32,40]}}", 40); /* shape x dtype */
    BAD("{\"hidden.weight\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,8]},"
        HB "," OW "," OB "}", 32);
    BAD("{" HW "," HB "," OW ",\"output.bias\":{\"dtype\":\"F64\",\"shape\":[1],"
        "\"data_offsets\":[18446744073709551608,18446744073709551616]}}", 32);

    /* missing, duplicated, or not agreeing tensors */
    BAD("{" X0 "," HB "," OW "," OB "}", 24);
    BAD("{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}," HB "," OW "," OB "}", 32);
    BAD("{" HW ",\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}," OW "," OB "}", 32);
    BAD("{" HW "," HB ",\"w\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[16,24]}," OB "}", 32);
    BAD("{" HW "," HB "," OW ",\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[24,32]}}", 32);
    BAD("{" NET "," HB "}", 32);
    BAD("{" NET ",\"hidden\\u002ebias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[32,40]}}", 40);
    BAD("{" NET "," X0 "," X0 "}", 32);                 /* a duplicated extra tensor */
    BAD("{" NET "," X0 ",\"\\u0078\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[32,32]}}", 32);
    BAD("{\"__metadata__\":{},\"__metadata__\":{}," NET "}", 32);
    BAD("{\"__metadata__\":{\"a\":\"1\",\"b\":\"2\",\"a\":\"3\"}," NET "}", 32);
    BAD("{\"hidden.weight\":{\"dtype\":\"F64\",\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[0,8]},"
        HB "," OW "," OB "}", 32);
    BAD("{\"hidden.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"x\":1,\"x\":2,\"data_offsets\":[0,8]},"
        HB "," OW "," OB "}", 32);
    /* widths that disagree: H 1 in hidden.weight, 2 in hidden.bias */
    BAD("{" HW ",\"hidden.bias\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[8,24]},"
        "\"output.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[24,32]},"
        "\"output.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[32,40]}}", 40);
    BAD("{" HW "," HB ",\"output.weight\":{\"dtype\":\"F64\",\"shape\":[1,2],\"data_offsets\":[16,32]},"
        "\"output.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[32,40]}}", 40);
    BAD("{" HW "," HB "," OW ",\"output.bias\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[24,40]}}", 40);
    /* a zero width, each of the three */
    BAD("{\"hidden.weight\":{\"dtype\":\"F64\",\"shape\":[1,0],\"data_offsets\":[0,0]},"
        "\"hidden.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
        "\"output.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[8,16]},"
        "\"output.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[16,24]}}", 24);
    BAD("{\"hidden.weight\":{\"dtype\":\"F64\",\"shape\":[0,1],\"data_offsets\":[0,0]},"
        "\"hidden.bias\":{\"dtype\":\"F64\",\"shape\":[0],\"data_offsets\":[0,0]},"
        "\"output.weight\":{\"dtype\":\"F64\",\"shape\":[1,0],\"data_offsets\":[0,0]},"
        "\"output.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8);
    BAD("{" HW "," HB ",\"output.weight\":{\"dtype\":\"F64\",\"shape\":[0,1],\"data_offsets\":[16,16]},"
        "\"output.bias\":{\"dtype\":\"F64\",\"shape\":[0],\"data_offsets\":[16,16]}}", 16);
    /* ranks */
    BAD("{\"hidden.weight\":{\"dtype\":\"F64\",\"shape\":[1,1,1],\"data_offsets\":[0,8]},"
        HB "," OW "," OB "}", 32);
    BAD("{" HW ",\"hidden.bias\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[8,16]},"
        OW "," OB "}", 32);
    BAD("{\"hidden.weight\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
        HB "," OW "," OB "}", 32);

    /* dtypes */
    BAD("{\"hidden.weight\":{\"dtype\":\"I64\",\"shape\":[1,1],\"data_offsets\":[0,8]},"
        HB "," OW "," OB "}", 32);                    /* known, not a float */
    BAD("{\"hidden.weight\":{\"dtype\":\"f64\",\"shape\":[1,1],\"data_offsets\":[0,8]},"
        HB "," OW "," OB "}", 32);
    BAD("{" NET ",\"x\":{\"dtype\":\"X99\",\"shape\":[0],\"data_offsets\":[32,32]}}", 32);
    BAD("{" NET ",\"x\":{\"dtype\":\"F64F64F64F64F64F64\",\"shape\":[0],\"data_offsets\":[32,32]}}", 32);
    BAD("{" NET ",\"x\":{\"dtype\":7,\"shape\":[0],\"data_offsets\":[32,32]}}", 32);

    /* tensor entries */
    BAD("{" NET ",\"x\":{\"shape\":[0],\"data_offsets\":[32,32]}}", 32);
    BAD("{" NET ",\"x\":{\"dtype\":\"U8\",\"data_offsets\":[32,32]}}", 32);
    BAD("{" NET ",\"x\":{\"dtype\":\"U8\",\"shape\":[0]}}", 32);
    BAD("{" NET ",\"x\":{}}", 32);
    BAD("{" NET ",\"x\":[]}", 32);
    BAD("{" NET ",\"x\":\"tensor\"}", 32);
    BAD("{" NET ",\"x\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[32]}}", 32);
    BAD("{" NET ",\"x\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[32,32,32]}}", 32);

    /* non-numbers in shapes and offsets */
    BAD("{" NET ",\"x\":{\"dtype\":\"U8\",\"shape\":[\"0\"],\"data_offsets\":[32,32]}}", 32);
    BAD("{" NET ",\"x\":{\"dtype\":\"U8\",\"shape\":[0.0],\"data_offsets\":[32,32]}}", 32);
    BAD("{" NET ",\"x\":{\"dtype\":\"U8\",\"shape\":[-0],\"data_offsets\":[32,32]}}", 32);
    BAD("{" NET ",\"x\":{\"dtype\":\"U8\",\"shape\":[0e0],\"data_offsets\":[32,32]}}", 32);
    BAD("{" NET ",\"x\":{\"dtype\":\"U8\",\"shape\":[00],\"data_offsets\":[32,32]}}", 32);
    BAD("{" NET ",\"x\":{\"dtype\":\"U8\",\"shape\":[false],\"data_offsets\":[32,32]}}", 32);
    BAD("{" NET ",\"x\":{\"dtype\":\"U8\",\"shape\":[0,],\"data_offsets\":[32,32]}}", 32);
    BAD("{" NET ",\"x\":{\"dtype\":\"U8\",\"shape\":[,0],\"data_offsets\":[32,32]}}", 32);
    BAD("{" NET ",\"x\":{\"dtype\":\"U8\",\"shape\":[0 0],\"data_offsets\":[32,32]}}", 32);
    BAD("{" NET ",\"x\":{\"dtype\":\"U8\",\"shape\":0,\"data_offsets\":[32,32]}}", 32);
    BAD("{" NET ",\"x\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[32,+32]}}", 32);
    BAD("{" NET ",\"x\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[32,0x20]}}", 32);

    /* strings: unterminated, bad escapes, lone surrogates, control bytes,
       malformed UTF-8 */
    BAD("{\"hidden.weight", 0);
    BAD("{\"hidden.weight\\", 0);
    BAD("{\"hidden.weight\\u00", 0);
    BAD("{" NET ",\"\\x\":" "{}}", 32);
    BAD("{" NET ",\"\\'\":{}}", 32);
    BAD("{" NET ",\"\\u12G4\":{}}", 32);
    BAD("{" NET ",\"__metadata__\":{\"a\":\"\\ud800\"}}", 32);
    BAD("{" NET ",\"__metadata__\":{\"a\":\"\\udc00\\ud800\"}}", 32);
    BAD("{" NET ",\"__metadata__\":{\"a\":\"\\ud800\\u0041\"}}", 32);
    BAD("{" NET ",\"__metadata__\":{\"a\":\"\\ud800\\\\\"}}", 32);
    BAD("{" NET ",\"__metadata__\":{\"a\":\"\x01\"}}", 32);
    BAD("{" NET ",\"__metadata__\":{\"a\":\"tab\there\"}}", 32);
    BAD("{" NET ",\"__metadata__\":{\"a\":\"\xC0\xAF\"}}", 32);      /* overlong */
    BAD("{" NET ",\"__metadata__\":{\"a\":\"\xE0\x80\xAF\"}}", 32);
    BAD("{" NET ",\"__metadata__\":{\"a\":\"\xED\xA0\x80\"}}", 32);  /* surrogate */
    BAD("{" NET ",\"__metadata__\":{\"a\":\"\xF4\x90\x80\x80\"}}", 32); /* > U+10FFFF */
    BAD("{" NET ",\"__metadata__\":{\"a\":\"\xE2\x82\"}}", 32);      /* cut short */
    BAD("{" NET ",\"__metadata__\":{\"a\":\"\x80\"}}", 32);
    BAD("{" NET ",\"__metadata__\":{\"a\":\"\xFF\"}}", 32);
    GOOD("{" NET ",\"__metadata__\":{\"a\":\"\xE2\x82\xAC\xF0\x9F\x98\x80\\/\\b\\f\\n\\r\\t\\\"\\\\\"}}", 32);

    /* metadata: string values only; an activation nn.h has, softmax last */
    BAD("{\"__metadata__\":{\"a\":1}," NET "}", 32);
    BAD("{\"__metadata__\":{\"a\":null}," NET "}", 32);
    BAD("{\"__metadata__\":{\"a\":{}}," NET "}", 32);
    BAD("{\"__metadata__\":\"nn.h\"," NET "}", 32);
    GOOD("{\"__metadata__\":{\"activation\":\"relu\"}," NET "}", 32);
    BAD("{\"__metadata__\":{\"activation\":\"softmax\"}," NET "}", 32);
    BAD("{\"__metadata__\":{\"activation\":\"sigmoid \"}," NET "}", 32);

    /* nesting inside an ignored value: up to the limit, and past it */
    for (k = 0; k < 2; k++) {
        size_t depth = k ? 40 : 20, j, n;
        n = (size_t)sprintf(deep, "{" NET ",\"x\":{\"dtype\":\"U8\",\"shape\":[0],"
                                  "\"data_offsets\":[32,32],\"deep\":");
        for (j = 0; j < depth; j++) deep[n++] = '[';
        for (j = 0; j < depth; j++) deep[n++] = ']';
        deep[n++] = '}';
        deep[n++] = '}';
        CHECK_STATUS(load_json(deep, n, 32), k ? NN_ERR_FORMAT : NN_OK);
    }
    for (k = 0; k < sizeof deep; k++) deep[k] = '[';
    CHECK_STATUS(load_json(deep, sizeof deep, 0), NN_ERR_FORMAT);
}

/* a header with 20000 tiny metadata keys ("0" .. "4e1f"); with dup the
   first is named like the last */
static unsigned char *many_keys(int dup, size_t *len)
{
    size_t n = 0, k, cap = 200000;
    char *json = (char *)malloc(cap);
    unsigned char data[32] = {0}, *b;
    n += (size_t)sprintf(json, "{\"__metadata__\":{");
    for (k = 0; k < 20000; k++)
        n += (size_t)sprintf(json + n, "%s\"%lx\":\"\"", k ? "," : "",
                             (unsigned long)(dup && k == 0 ? 19999 : k));
    n += (size_t)sprintf(json + n, "}," NET "}");
    b = build(json, n, data, 32, len);
    free(json);
    return b;
}

/* the scratch for the duplicate check stays proportionate to the header */
static void test_allocation_bound(void)
{
    size_t len;
    unsigned char *b = many_keys(0, &len);
    nn_net s = sentinel();
    test_mem.peak = test_mem.bytes = 0;
    CHECK_STATUS(nn_load_mem(&s, b, len), NN_OK);
    CHECK(test_mem.peak <= 2 * len);
    CHECK(test_mem.peak >= 20000 * 8);     /* it did record the keys */
    nn_net_free(&s);
    free(b);
    b = many_keys(1, &len);             /* one key twice, far apart */
    s = sentinel();
    CHECK_STATUS(nn_load_mem(&s, b, len), NN_ERR_FORMAT);
    CHECK(is_sentinel(&s) && test_mem.live == 0);
    free(b);
}

/* ---- networks of any depth ---------------------------------------------- */

/* where the text s first occurs in buf (len bytes), or NULL */
static const unsigned char *find_text(const unsigned char *buf, size_t len, const char *s)
{
    size_t n = strlen(s), k;
    for (k = 0; k + n <= len; k++)
        if (memcmp(buf + k, s, n) == 0) return buf + k;
    return NULL;
}

/* L layers of widths w[0..L], activations acts, the loss; weights as
   make_net draws them */
static nn_net make_deep(size_t L, const size_t *w, const nn_act *acts, nn_loss loss,
                        uint64_t seed)
{
    nn_net net;
    nn_rng r = nn_rng_seed(seed);
    size_t k;
    memset(&net, 0, sizeof net);
    CHECK_STATUS(nn_net_init_layers(&net, L, w, acts, loss), NN_OK);
    for (k = 0; k < net.n_params; k++) {
        double u = (double)nn_rng_uniform(&r) - 0.5;
        int e = (int)(nn_rng_next(&r) % 41) - 20;
        net.params[k] = (nn_real)ldexp(u + (double)nn_rng_uniform(&r) * 1e-9, e);
    }
    return net;
}

/* element k of a file written by write_deep: exact in float and double */
static double deep_value(size_t k)
{
    return ((double)((k * 37) % 101) - 50) / 16;
}

/* A file written here, independently of nn.h: layer l's tensors
   prefix[l].weight (w[l+1], w[l]) and prefix[l].bias (w[l+1]), in that
   order, es-byte elements (4 F32, 8 F64) of values deep_value(k) in file
   order, and meta the members of __metadata__ ("" for none). */
static unsigned char *write_deep(size_t es, size_t L, const size_t *w,
                                 const char *const *prefix, const char *meta, size_t *len)
{
    size_t cap = 256 + strlen(meta) + 256 * L, j = 0, l, n = 0, k, off = 0;
    char *json = (char *)malloc(cap);
    const char *dt = es == 4 ? "F32" : "F64";
    unsigned char *data, *file;
    for (l = 0; l < L; l++) n += w[l] * w[l + 1] + w[l + 1];
    data = (unsigned char *)malloc(n * es);
    j += (size_t)sprintf(json, "{");
    if (*meta) j += (size_t)sprintf(json + j, "\"__metadata__\":{%s},", meta);
    for (l = 0; l < L; l++) {
        size_t bw = w[l] * w[l + 1] * es, bb = w[l + 1] * es;
        j += (size_t)sprintf(json + j,
            "%s\"%s.weight\":{\"dtype\":\"%s\",\"shape\":[%lu,%lu],\"data_offsets\":[%lu,%lu]},"
            "\"%s.bias\":{\"dtype\":\"%s\",\"shape\":[%lu],\"data_offsets\":[%lu,%lu]}",
            l ? "," : "", prefix[l], dt, (unsigned long)w[l + 1], (unsigned long)w[l],
            (unsigned long)off, (unsigned long)(off + bw), prefix[l], dt,
            (unsigned long)w[l + 1], (unsigned long)(off + bw), (unsigned long)(off + bw + bb));
        off += bw + bb;
    }
    j += (size_t)sprintf(json + j, "}");
    for (k = 0; k < n; k++) {
        uint64_t u = 0;
        size_t b;
        if (es == 4) {
            float f = (float)deep_value(k);
            uint32_t u32;
            memcpy(&u32, &f, 4);
            u = u32;
        } else {
            double d = deep_value(k);
            memcpy(&u, &d, 8);
        }
        for (b = 0; b < es; b++) data[es * k + b] = (unsigned char)(u >> (8 * b));
    }
    file = build(json, j, data, n * es, len);
    free(data);
    free(json);
    return file;
}

/* does net hold write_deep's values for widths w (L layers)? */
static int holds_deep(const nn_net *net, size_t L, const size_t *w)
{
    size_t l, i, j, k = 0, bad = 0;
    if (net->n_layers != L) return 0;
    for (l = 0; l < L; l++) {
        const nn_layer *y = &net->layers[l];
        if (y->n_in != w[l] || y->n_out != w[l + 1]) return 0;
        for (j = 0; j < w[l + 1]; j++)          /* weight (n_out,n_in) in file order */
            for (i = 0; i < w[l]; i++) bad += NN_AT(y->w, i, j) != (nn_real)deep_value(k++);
        for (j = 0; j < w[l + 1]; j++) bad += y->b.data[j] != (nn_real)deep_value(k++);
    }
    return bad == 0;
}

/* nets of one to five layers, every activation and loss: saved, loaded
   back equal (memory, stream, path) */
static void test_deep_round_trip(void)
{
    static const size_t w0[] = {3, 8, 6, 5, 4}, w1[] = {2, 3, 1}, w2[] = {4, 2},
                        w3[] = {5, 4, 3, 2, 1, 1}, w4[] = {3, 4, 2};
    static const nn_act a0[] = {NN_ACT_RELU, NN_ACT_TANH, NN_ACT_LINEAR, NN_ACT_SOFTMAX},
                        a1[] = {NN_ACT_SIGMOID, NN_ACT_SIGMOID}, a2[] = {NN_ACT_LINEAR},
                        a3[] = {NN_ACT_TANH, NN_ACT_LINEAR, NN_ACT_RELU, NN_ACT_TANH,
                                NN_ACT_SIGMOID},
                        a4[] = {NN_ACT_RELU, NN_ACT_SIGMOID},
                        a5[] = {NN_ACT_SIGMOID, NN_ACT_TANH};
    struct { size_t L; const size_t *w; const nn_act *a; nn_loss loss; const char *first; } c[] = {
        {4, w0, a0, NN_LOSS_CE, "0.weight"}, {2, w1, a1, NN_LOSS_BCE, "0.weight"},
        {1, w2, a2, NN_LOSS_SSE, "0.weight"}, {5, w3, a3, NN_LOSS_BCE, "0.weight"},
        {2, w4, a4, NN_LOSS_SSE, "0.weight"}, {2, w4, a5, NN_LOSS_SSE, "0.weight"},
        {2, w4, a1, NN_LOSS_SSE, "hidden.weight"}};
    size_t k;
    FILE *f = test_tmpfile();
    for (k = 0; k < sizeof c / sizeof c[0]; k++) {
        nn_net a = make_deep(c[k].L, c[k].w, c[k].a, c[k].loss, 60 + k), b;
        size_t len;
        unsigned char *buf = save(&a, &len);
        char want[32];
        memset(&b, 0, sizeof b);
        CHECK_STATUS(nn_load_mem(&b, buf, len), NN_OK);
        CHECK(same_layers(&a, &b));
        sprintf(want, "},\"%s\":", c[k].first);     /* right after the metadata */
        CHECK(find_text(buf, len, want) != NULL);
        CHECK_STATUS(nn_save_file(&a, TIO_TMP), NN_OK);
        nn_net_free(&b);   /* a loader never frees what *net held */
        CHECK_STATUS(nn_load_file(&b, TIO_TMP), NN_OK);
        CHECK(same_layers(&a, &b));
        if (f) CHECK_STATUS(nn_save(&a, f), NN_OK);
        nn_net_free(&b);
        nn_net_free(&a);
        free(buf);
    }
    {
        /* a file of many 512-byte chunks (the writer's and the reader's
           buffers grow and flush), and one whose size is a multiple of 512 */
        static const size_t wide[] = {30, 40, 30};
        static const nn_act lin[] = {NN_ACT_LINEAR, NN_ACT_LINEAR};
        nn_net a = make_deep(2, wide, lin, NN_LOSS_SSE, 59), b;
        size_t n_out, len = 0;
        memset(&b, 0, sizeof b);
        CHECK_STATUS(nn_save_file(&a, TIO_TMP), NN_OK);
        CHECK_STATUS(nn_load_file(&b, TIO_TMP), NN_OK);
        CHECK(same_layers(&a, &b));
        nn_net_free(&a);
        for (n_out = 1; n_out < 200; n_out++) {
            size_t w1[2];
            w1[0] = 1; w1[1] = n_out;
            a = make_deep(1, w1, lin, NN_LOSS_SSE, 58);
            CHECK_STATUS(nn_save_mem(&a, NULL, 0, &len), NN_OK);
            if (len % 512 == 0) break;
            nn_net_free(&a);
        }
        CHECK(len % 512 == 0);
        CHECK_STATUS(nn_save_file(&a, TIO_TMP), NN_OK);
        nn_net_free(&b);
        CHECK_STATUS(nn_load_file(&b, TIO_TMP), NN_OK);
        CHECK(same_layers(&a, &b));
        nn_net_free(&a);
        nn_net_free(&b);
    }
    remove(TIO_TMP);
    if (f) {
        /* the files back to back in one stream: each load stops at its end */
        rewind(f);
        for (k = 0; k < sizeof c / sizeof c[0]; k++) {
            nn_net a = make_deep(c[k].L, c[k].w, c[k].a, c[k].loss, 60 + k), b;
            memset(&b, 0, sizeof b);
            CHECK_STATUS(nn_load(&b, f), NN_OK);
            CHECK(same_layers(&a, &b));
            nn_net_free(&b);
            nn_net_free(&a);
        }
        fclose(f);
    }
    CHECK(test_mem.live == 0);
}

/* relu, linear, softmax: Linear 0, ReLU 1, Linear 2 (no module after it),
   Linear 3, Softmax 4; the header byte for byte, then the data's order */
static void test_deep_exact_bytes(void)
{
    const char *want64 =
        "{\"__metadata__\":{\"format\":\"nn.h\",\"activations\":\"relu,linear,softmax\","
        "\"loss\":\"cross_entropy\"},"
        "\"0.weight\":{\"dtype\":\"F64\",\"shape\":[3,2],\"data_offsets\":[0,48]},"
        "\"0.bias\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[48,72]},"
        "\"2.weight\":{\"dtype\":\"F64\",\"shape\":[2,3],\"data_offsets\":[72,120]},"
        "\"2.bias\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[120,136]},"
        "\"3.weight\":{\"dtype\":\"F64\",\"shape\":[2,2],\"data_offsets\":[136,168]},"
        "\"3.bias\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[168,184]}}";
    const char *want32 =
        "{\"__metadata__\":{\"format\":\"nn.h\",\"activations\":\"relu,linear,softmax\","
        "\"loss\":\"cross_entropy\"},"
        "\"0.weight\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[0,24]},"
        "\"0.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[24,36]},"
        "\"2.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[36,60]},"
        "\"2.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[60,68]},"
        "\"3.weight\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[68,84]},"
        "\"3.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[84,92]}}";
    static const size_t w[] = {2, 3, 2, 2};
    static const nn_act acts[] = {NN_ACT_RELU, NN_ACT_LINEAR, NN_ACT_SOFTMAX};
    const char *want = IS_FLOAT ? want32 : want64;
    size_t wl = strlen(want), n = (wl + 7) / 8 * 8, len, k, ok = 1, l;
    nn_net a;
    unsigned char *buf, *d;
    memset(&a, 0, sizeof a);
    CHECK_STATUS(nn_net_init_layers(&a, 3, w, acts, NN_LOSS_CE), NN_OK);
    for (k = 0; k < a.n_params; k++) a.params[k] = (nn_real)k;
    buf = save(&a, &len);
    CHECK(len == 8 + n + 23 * ES);
    for (k = 0; k < 8; k++) ok &= buf[k] == (unsigned char)((uint64_t)n >> (8 * k));
    CHECK(ok);
    CHECK(memcmp(buf + 8, want, wl) == 0);
    for (k = wl, ok = 1; k < n; k++) ok &= buf[8 + k] == ' ';
    CHECK(ok);
    /* each layer's w^T, then b: params 0..5 are w (2,3), so the file
       starts w(0,0) w(1,0) w(0,1) ... = 0 3 1 4 2 5, then b = 6 7 8 */
    d = buf + 8 + n;
    for (k = 0, ok = 1, l = 0; l < 3; l++) {
        const nn_layer *y = &a.layers[l];
        size_t i, j;
        for (j = 0; j < y->n_out; j++)
            for (i = 0; i < y->n_in; i++, k++)
                ok &= nn__get_real(d + k * ES, ES) == NN_AT(y->w, i, j);
        for (j = 0; j < y->n_out; j++, k++) ok &= nn__get_real(d + k * ES, ES) == y->b.data[j];
    }
    CHECK(ok && k == 23);
    CHECK(nn__get_real(d + ES, ES) == 3 && nn__get_real(d + 6 * ES, ES) == 6);
    free(buf);
    nn_net_free(&a);
}

/* files written here: F32 and F64, the caller's precision or not; the
   numbered layers taken in the order of K, not of the text */
static void test_deep_independent(void)
{
    static const size_t w[] = {3, 5, 4, 3, 2};
    static const char *const names[] = {"0", "2", "4", "5"};
    static const char *const meta =
        "\"format\":\"pt\",\"activations\":\"relu,tanh,linear,softmax\",\"loss\":\"cross_entropy\"";
    size_t es, len;
    for (es = 4; es <= 8; es += 4) {
        unsigned char *f = write_deep(es, 4, w, names, meta, &len);
        nn_net n;
        memset(&n, 0, sizeof n);
        CHECK_STATUS(nn_load_mem(&n, f, len), NN_OK);
        CHECK(holds_deep(&n, 4, w));
        CHECK(n.layers[0].act == NN_ACT_RELU && n.layers[1].act == NN_ACT_TANH &&
              n.layers[2].act == NN_ACT_LINEAR && n.layers[3].act == NN_ACT_SOFTMAX &&
              n.loss == NN_LOSS_CE);
        CHECK(n.n_in == 3 && n.n_out == 2 && n.n_hidden == 5);
        CHECK(n.w1.data == n.layers[0].w.data && n.b2.data == n.layers[3].b.data);
        nn_net_free(&n);
        free(f);
    }
    {
        /* K 9 before K 10: 3 -> 2 -> 1 (in the order of the text, the
           widths would not chain) */
        static const size_t w2[] = {3, 1, 2};
        static const char *const order[] = {"10", "9"};
        unsigned char *f = write_deep(8, 2, w2, order, "\"activations\":\"tanh,relu\"", &len);
        nn_net n;
        nn_load_opts o;
        memset(&n, 0, sizeof n);
        memset(&o, 0, sizeof o);
        CHECK_STATUS(nn_load_mem_ex(&n, f, len, &o), NN_ERR_FORMAT);
        CHECK(strcmp(o.why, "shape mismatch: 10.weight is 1x3 but layer 1 gives 2 inputs") == 0);
        free(f);
        {
            static const size_t w3[] = {2, 3, 2};
            f = write_deep(8, 2, w3, order, "\"activations\":\"tanh,relu\"", &len);
        }
        /* 10.weight (3,2) is the second layer, 9.weight (2,3) the first */
        CHECK_STATUS(nn_load_mem_ex(&n, f, len, &o), NN_OK);
        CHECK(n.n_layers == 2 && n.n_in == 3 && n.layers[0].n_out == 2 && n.n_out == 3);
        CHECK(n.layers[0].act == NN_ACT_TANH && n.layers[1].act == NN_ACT_RELU);
        CHECK(n.b1.data[0] == (nn_real)deep_value(15) &&  /* 9.bias: after 10.* (9 values) */
              NN_AT(n.w2, 1, 0) == (nn_real)deep_value(1));  /* 10.weight (0,1) */
        CHECK(o.why[0] == '\0');
        nn_net_free(&n);
        free(f);
    }
    {
        /* the 1.x names with a list of activations, and with one for both */
        static const size_t w2[] = {3, 4, 2};
        static const char *const old[] = {"hidden", "output"};
        unsigned char *f = write_deep(4, 2, w2, old, "\"activations\":\"relu,softmax\","
                                      "\"loss\":\"cross_entropy\"", &len);
        nn_net n;
        memset(&n, 0, sizeof n);
        CHECK_STATUS(nn_load_mem(&n, f, len), NN_OK);
        CHECK(holds_deep(&n, 2, w2) && n.layers[0].act == NN_ACT_RELU &&
              n.layers[1].act == NN_ACT_SOFTMAX && n.loss == NN_LOSS_CE);
        free(f);
        nn_net_free(&n);   /* a loader never frees what *net held */
        f = write_deep(4, 2, w2, old, "\"activation\":\"tanh\"", &len);
        CHECK_STATUS(nn_load_mem(&n, f, len), NN_OK);
        CHECK(holds_deep(&n, 2, w2) && n.layers[0].act == NN_ACT_TANH &&
              n.layers[1].act == NN_ACT_TANH && n.loss == NN_LOSS_SSE);
        free(f);
        nn_net_free(&n);
        f = write_deep(8, 2, w2, old, "", &len);        /* no metadata: as 1.x */
        CHECK_STATUS(nn_load_mem(&n, f, len), NN_OK);
        CHECK(holds_deep(&n, 2, w2) && n.layers[0].act == NN_ACT_SIGMOID &&
              n.layers[1].act == NN_ACT_SIGMOID && n.loss == NN_LOSS_SSE);
        nn_net_free(&n);
        free(f);
    }
    CHECK(test_mem.live == 0);
}

/* the caller's activations and loss */
static void test_load_opts(void)
{
    static const size_t w[] = {3, 4, 2};
    static const char *const names[] = {"0", "2"};
    static const nn_act relu_soft[] = {NN_ACT_RELU, NN_ACT_SOFTMAX},
                        soft_relu[] = {NN_ACT_SOFTMAX, NN_ACT_RELU},
                        relu3[] = {NN_ACT_RELU, NN_ACT_RELU, NN_ACT_RELU},
                        bad[] = {NN_ACT_RELU, (nn_act)15};
    const nn_loss ce = NN_LOSS_CE, bce = NN_LOSS_BCE, no_loss = (nn_loss)3;
    size_t len, glen;
    unsigned char *f = write_deep(8, 2, w, names, "", &len);
    unsigned char *g = write_deep(4, 2, w, names, "\"activations\":\"tanh,tanh\"", &glen);
    nn_net n = sentinel();
    nn_load_opts o;
    FILE *s;
    memset(&o, 0, sizeof o);
    CHECK_STATUS(nn_load_mem(&n, f, len), NN_ERR_FORMAT);
    CHECK_STATUS(nn_load_mem_ex(&n, f, len, &o), NN_ERR_FORMAT);
    CHECK(strcmp(o.why, "no activations: the file has no \"activations\" metadata "
                        "and none were given") == 0);
    CHECK(is_sentinel(&n));
    o.acts = relu_soft;
    o.n_acts = 2;
    CHECK_STATUS(nn_load_mem_ex(&n, f, len, &o), NN_OK);
    CHECK(o.why[0] == '\0');
    CHECK(holds_deep(&n, 2, w) && n.layers[0].act == NN_ACT_RELU &&
          n.layers[1].act == NN_ACT_SOFTMAX && n.loss == NN_LOSS_SSE);
    o.loss = &ce;
    nn_net_free(&n);   /* a loader never frees what *net held */
    CHECK_STATUS(nn_load_mem_ex(&n, f, len, &o), NN_OK);
    CHECK(n.loss == NN_LOSS_CE);
    /* the caller's choices replace the file's */
    nn_net_free(&n);
    CHECK_STATUS(nn_load_mem_ex(&n, g, glen, &o), NN_OK);
    CHECK(holds_deep(&n, 2, w) && n.layers[0].act == NN_ACT_RELU && n.loss == NN_LOSS_CE);
    o.acts = NULL;
    o.loss = NULL;
    nn_net_free(&n);
    CHECK_STATUS(nn_load_mem_ex(&n, g, glen, &o), NN_OK);
    CHECK(n.layers[0].act == NN_ACT_TANH && n.layers[1].act == NN_ACT_TANH);
    o.loss = &bce;              /* the file's tanh output: no */
    CHECK_STATUS(nn_load_mem_ex(&n, g, glen, &o), NN_ERR_FORMAT);
    CHECK(strcmp(o.why, "loss bce does not fit a tanh output (bce needs sigmoid, "
                        "cross_entropy softmax)") == 0);
    o.acts = relu3;
    o.n_acts = 3;
    CHECK_STATUS(nn_load_mem_ex(&n, f, len, &o), NN_ERR_FORMAT);
    CHECK(strcmp(o.why, "activations for 2 layers, 3 given") == 0);
    o.acts = soft_relu;
    o.n_acts = 2;
    o.loss = NULL;
    CHECK_STATUS(nn_load_mem_ex(&n, f, len, &o), NN_ERR_FORMAT);
    CHECK(strcmp(o.why, "softmax in layer 1 of 2: only the last may have it") == 0);
    /* the caller's own mistakes: NN_ERR_ARG, with a why */
    o.acts = bad;
    CHECK_STATUS(nn_load_mem_ex(&n, f, len, &o), NN_ERR_ARG);
    CHECK(strcmp(o.why, "acts[1] is not an activation") == 0);
    o.acts = relu_soft;
    o.loss = &no_loss;
    CHECK_STATUS(nn_load_mem_ex(&n, f, len, &o), NN_ERR_ARG);
    CHECK(strcmp(o.why, "*loss is not a loss") == 0);
    o.loss = NULL;
    CHECK_STATUS(nn_load_mem_ex(NULL, f, len, &o), NN_ERR_ARG);
    CHECK(strcmp(o.why, "invalid argument") == 0);
    CHECK_STATUS(nn_load_mem_ex(&n, NULL, len, &o), NN_ERR_ARG);
    CHECK_STATUS(nn_load_mem_ex(&n, f, len, NULL), NN_ERR_FORMAT);  /* no activations */
    /* streams and paths take the options too */
    s = test_tmpfile();
    if (s) {
        fwrite(f, 1, len, s);
        rewind(s);
        o.acts = NULL;
        CHECK_STATUS(nn_load_ex(&n, s, &o), NN_ERR_FORMAT);
        CHECK(strncmp(o.why, "no activations", 14) == 0);
        rewind(s);
        o.acts = relu_soft;
        nn_net_free(&n);
        CHECK_STATUS(nn_load_ex(&n, s, &o), NN_OK);
        CHECK(o.why[0] == '\0' && holds_deep(&n, 2, w));
        CHECK_STATUS(nn_load_ex(&n, s, &o), NN_ERR_FORMAT);      /* nothing left */
        CHECK(strcmp(o.why, "truncated: 0 bytes, under the 8 of the header length") == 0);
        CHECK_STATUS(nn_load_ex(&n, NULL, &o), NN_ERR_ARG);
        o.acts = bad;
        CHECK_STATUS(nn_load_ex(&n, s, &o), NN_ERR_ARG);
        fclose(s);
    }
    s = failing_reader(TIO_TMP);
    CHECK(s != NULL);
    if (s) {
        o.acts = relu_soft;
        CHECK_STATUS(nn_load_ex(&n, s, &o), NN_ERR_IO);          /* reads fail */
        CHECK(strcmp(o.why, "stream read or write failed") == 0);
        fclose(s);
    }
    s = fopen(TIO_TMP, "wb");
    if (s) {
        fwrite(f, 1, len, s);
        fclose(s);
        nn_net_free(&n);
        CHECK_STATUS(nn_load_file_ex(&n, TIO_TMP, &o), NN_OK);
        CHECK(o.why[0] == '\0' && holds_deep(&n, 2, w));
        o.acts = NULL;
        CHECK_STATUS(nn_load_file_ex(&n, TIO_TMP, &o), NN_ERR_FORMAT);
        CHECK(strncmp(o.why, "no activations", 14) == 0);
        CHECK_STATUS(nn_load_file_ex(&n, "no/such/dir/m.safetensors", &o), NN_ERR_IO);
        CHECK(strcmp(o.why, "cannot open no/such/dir/m.safetensors") == 0);
        CHECK_STATUS(nn_load_file_ex(&n, NULL, &o), NN_ERR_ARG);
        o.acts = bad;
        CHECK_STATUS(nn_load_file_ex(&n, TIO_TMP, &o), NN_ERR_ARG);
        remove(TIO_TMP);
    }
    {
        /* a path longer than the why holds: cut, control bytes as '?' */
        char path[400];
        memset(path, 'p', sizeof path);
        memcpy(path, "no/\x01/", 5);
        path[sizeof path - 1] = '\0';
        o.acts = NULL;
        CHECK_STATUS(nn_load_file_ex(&n, path, &o), NN_ERR_IO);
        CHECK(strlen(o.why) == sizeof o.why - 1 && strncmp(o.why, "cannot open no/?/pp", 19) == 0);
    }
    CHECK(holds_deep(&n, 2, w));        /* the last network loaded, kept */
    nn_net_free(&n);
    free(f);
    free(g);
    CHECK(test_mem.live == 0);
}

/* ---- why a file is refused --------------------------------------------- */

/* loading header json + dlen bytes (as load_json does) must be refused
   with exactly the why want; line: the case's, printed when it is not */
static void why_is(int line, const char *json, size_t jlen, size_t dlen, const char *want)
{
    nn_load_opts o;
    memset(&o, 0xA5, sizeof o);     /* why: written whatever it held */
    o.acts = NULL;
    o.n_acts = 0;
    o.loss = NULL;
    CHECK_STATUS(load_json_ex(json, jlen, dlen, &o), NN_ERR_FORMAT);
    if (strcmp(o.why, want) == 0) {
        test_passed++;
    } else {
        test_failed++;
        fprintf(stderr, "%s:%d: why \"%s\", want \"%s\"\n", __FILE__, line, o.why, want);
    }
}

/* want: fmt with %lu the file offset of the first `at` in json */
static void why_at(int line, const char *json, size_t jlen, size_t dlen, const char *fmt,
                   const char *at, size_t plus)
{
    char want[200];
    sprintf(want, fmt, (unsigned long)(8 + (size_t)(strstr(json, at) - json) + plus));
    why_is(line, json, jlen, dlen, want);
}

#define WHY(json, dlen, want) why_is(__LINE__, json, sizeof(json) - 1, dlen, want)
#define WHY_AT(json, dlen, fmt, at) why_at(__LINE__, json, sizeof(json) - 1, dlen, fmt, at, 0)

/* a numbered network 1 -> 1 -> 1 of two layers, K 0 and 2: 32 data bytes */
#define KW0 "\"0.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[0,8]}"
#define KB0 "\"0.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}"
#define KW2 "\"2.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[16,24]}"
#define KB2 "\"2.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[24,32]}"
#define KNET KW0 "," KB0 "," KW2 "," KB2
#define META(m) "\"__metadata__\":{" m "}"
#define RELU2 META("\"activations\":\"relu,relu\"")
/* an 8-byte tensor that is no layer's, in place of one that is */
#define X8(name, b, e) "\"" name "\":{\"dtype\":\"U8\",\"shape\":[8],\"data_offsets\":[" #b "," #e "]}"

static void test_why(void)
{
    unsigned char b[8 + 2];
    char json[600];
    size_t n;
    nn_load_opts o;
    nn_net s = sentinel();

    /* activations and loss */
    WHY("{" KNET "}", 32, "no activations: the file has no \"activations\" metadata "
                          "and none were given");
    GOOD("{" RELU2 "," KNET "}", 32);
    GOOD("{" META("\"activations\":\"relu,sigmoid\",\"loss\":\"bce\"") "," KNET "}", 32);
    GOOD("{" META("\"activations\":\"relu,softmax\",\"loss\":\"cross_entropy\"") "," KNET "}", 32);
    GOOD("{" META("\"loss\":\"sse\",\"activations\":\"tanh\\u002clinear\"") "," KNET "}", 32);
    GOOD("{" META("\"activation\":\"relu\"") "," KNET "}", 32);
    WHY("{" META("\"activations\":\"relu,mish\"") "," KNET "}", 32, "unknown activation mish");
    WHY("{" META("\"activations\":\"leaky_relu(slope=0.2),relu\"") "," KNET "}", 32,
        "bad parameters in activation leaky_relu(slope=0.2)");
    WHY("{" META("\"activations\":\"relu\"") "," KNET "}", 32,
        "activations for 2 layers, the file lists 1");
    WHY("{" META("\"activations\":\"leaky_relu(x=1),relu\"") "," KNET "}", 32,
        "bad parameters in activation leaky_relu(x=1)");
    WHY("{" META("\"activations\":\"relu,softplus(beta=0)\"") "," KNET "}", 32,
        "bad parameters in activation softplus(beta=0)");
    WHY("{" META("\"activations\":\"relu,softplus(2, 3\"") "," KNET "}", 32,
        "bad parameters in activation softplus(2, 3");
    WHY("{" META("\"activations\":\"relu,mish(1)\"") "," KNET "}", 32,
        "unknown activation mish(1)");
    WHY("{" META("\"activations\":\"relu,elu(1))\"") "," KNET "}", 32,
        "bad parameters in activation elu(1))");
    WHY("{" META("\"activations\":\"relu,elu(1)),relu\"") "," KNET "}", 32,
        "bad parameters in activation elu(1))");
    WHY("{" META("\"activations\":\"softplus(1,2)\"") "," KNET "}", 32,
        "activations for 2 layers, the file lists 1");
    WHY("{" META("\"activations\":\"relu,relu,relu\"") "," KNET "}", 32,
        "activations for 2 layers, the file lists 3");
    WHY("{" META("\"activations\":\"\"") "," KNET "}", 32, "unknown activation ");
    WHY("{" META("\"activations\":\"relu,relu,\"") "," KNET "}", 32, "unknown activation ");
    WHY("{" META("\"activations\":\"relu, relu\"") "," KNET "}", 32, "unknown activation  relu");
    WHY("{" META("\"activations\":\"relu,\\u00e9\\u0000x\"") "," KNET "}", 32,
        "unknown activation ??x");
    WHY("{" META("\"activation\":\"sigmoidsigmoidsigmoidsigmoid\"") "," KNET "}", 32,
        "unknown activation sigmoidsigmoidsigmoidsigmoid");
    WHY("{" META("\"activation\":\"relu,relu\"") "," KNET "}", 32, "unknown activation relu,relu");
    WHY("{" META("\"activation\":\"relu\",\"activations\":\"relu,relu\"") "," KNET "}", 32,
        "both \"activation\" and \"activations\" in __metadata__");
    WHY("{" META("\"activations\":\"softmax,softmax\"") "," KNET "}", 32,
        "softmax in layer 1 of 2: only the last may have it");
    WHY("{" META("\"activations\":\"relu,relu\",\"loss\":\"mse\"") "," KNET "}", 32,
        "unknown loss mse");
    WHY("{" META("\"activations\":\"relu,relu\",\"loss\":\"cross_entropy\"") "," KNET "}", 32,
        "loss cross_entropy does not fit a relu output (bce needs sigmoid, "
        "cross_entropy softmax)");
    WHY("{" META("\"activation\":\"softmax\"") "," NET "}", 32,
        "softmax in layer 1 of 2: only the last may have it");

    /* layers: missing tensors, ranks, widths */
    WHY("{" RELU2 "," KW0 "," KB0 "," KW2 "," X8("x", 24, 32) "}", 32, "missing tensor 2.bias");
    WHY("{" META("\"activation\":\"relu\"") "," KW0 "}", 8, "missing tensor 0.bias");
    WHY("{" RELU2 "," X8("x", 0, 8) "," KB0 "," KW2 "," KB2 "}", 32, "missing tensor 0.weight");
    WHY("{" RELU2 "," KW0 "," X8("x", 8, 16) "," KW2 "," KB2 "}", 32, "missing tensor 0.bias");
    WHY("{" X8("x", 0, 8) "," HB "," OW "," OB "}", 32, "missing tensor hidden.weight");
    WHY("{" HW "," X8("x", 8, 16) "," OW "," OB "}", 32, "missing tensor hidden.bias");
    WHY("{" HW "," HB "," X8("x", 16, 24) "," OB "}", 32, "missing tensor output.weight");
    WHY("{" HW "," HB "," OW "," X8("x", 24, 32) "}", 32, "missing tensor output.bias");
    WHY("{" HW "," HB "," X8("x", 16, 24) "," X8("y", 24, 32) "}", 32,
        "missing tensor output.weight");
    WHY("{" X8("x", 0, 8) "," X8("y", 8, 16) "," OW "," OB "}", 32,
        "missing tensor hidden.weight");
    WHY("{" NET ",\"0.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[32,40]}}",
        40, "both namings: hidden.* or output.* beside K.weight or K.bias");
    WHY("{}", 0, "no layers: no tensor is named hidden.weight, 0.weight or the like");
    WHY("{" RELU2 "," X8("01.weight", 0, 8) "}", 8,
        "no layers: no tensor is named hidden.weight, 0.weight or the like");
    /* names that are no layer's: a leading zero, K over 2^53 or of 17
       digits, another suffix, no K, a long name */
    GOOD("{" RELU2 "," KNET "," X8("01.weight", 32, 40) ","
         X8("9007199254740993.weight", 40, 48) "," X8("12345678901234567.bias", 48, 56) ","
         X8("0.weights", 56, 64) "," X8("x.weight", 64, 72) ","
         X8("000000000000000000000000000000000.bias", 72, 80) "," X8("0.", 80, 88) "}", 88);
    GOOD("{" RELU2 "," KW0 "," KB0 ","
         "\"9007199254740992.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[16,24]},"
         "\"9007199254740992.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[24,32]}}", 32);
    WHY("{" RELU2 ",\"0.weight\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
        KB0 "," KW2 "," KB2 "}", 32, "0.weight must have 2 dimensions");
    WHY("{" RELU2 ",\"0.weight\":{\"dtype\":\"F64\",\"shape\":[1,1,1],\"data_offsets\":[0,8]},"
        KB0 "," KW2 "," KB2 "}", 32, "0.weight must have 2 dimensions");
    WHY("{" RELU2 "," KW0 ",\"0.bias\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[8,16]},"
        KW2 "," KB2 "}", 32, "0.bias must have 1 dimension");
    WHY("{" RELU2 "," KW0 ",\"0.bias\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[8,16]},"
        KW2 "," KB2 "}", 32, "0.bias must have 1 dimension");
    WHY("{" RELU2 ",\"0.weight\":{\"dtype\":\"F64\",\"shape\":[0,1],\"data_offsets\":[0,0]},"
        "\"0.bias\":{\"dtype\":\"F64\",\"shape\":[0],\"data_offsets\":[0,0]},"
        "\"2.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[0,8]},"
        "\"2.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}", 16,
        "zero width: 0.weight is 0x1");
    WHY("{" RELU2 ",\"0.weight\":{\"dtype\":\"F64\",\"shape\":[1,0],\"data_offsets\":[0,0]},"
        "\"0.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
        "\"2.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[8,16]},"
        "\"2.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[16,24]}}", 24,
        "zero width: 0.weight is 1x0");
    WHY("{" RELU2 ",\"0.weight\":{\"dtype\":\"F64\",\"shape\":[2,1],\"data_offsets\":[0,16]},"
        "\"0.bias\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[16,40]},"
        "\"2.weight\":{\"dtype\":\"F64\",\"shape\":[1,2],\"data_offsets\":[40,56]},"
        "\"2.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[56,64]}}", 64,
        "shape mismatch: 0.weight has 2 rows but 0.bias 3 elements");
    WHY("{" RELU2 ",\"0.weight\":{\"dtype\":\"F32\",\"shape\":[64,3],\"data_offsets\":[0,768]},"
        "\"0.bias\":{\"dtype\":\"F32\",\"shape\":[64],\"data_offsets\":[768,1024]},"
        "\"2.weight\":{\"dtype\":\"F32\",\"shape\":[10,32],\"data_offsets\":[1024,2304]},"
        "\"2.bias\":{\"dtype\":\"F32\",\"shape\":[10],\"data_offsets\":[2304,2344]}}", 2344,
        "shape mismatch: 2.weight is 10x32 but layer 1 gives 64 inputs");

    /* tensor entries */
    WHY("{" RELU2 ",\"0.weight\":{\"dtype\":\"F16\",\"shape\":[1,1],\"data_offsets\":[0,2]},"
        KB0 "," KW2 "," KB2 "}", 32, "unknown dtype F16 in tensor 0.weight");
    WHY("{\"hidden.weight\":{\"dtype\":\"I64\",\"shape\":[1,1],\"data_offsets\":[0,8]},"
        HB "," OW "," OB "}", 32, "unknown dtype I64 in tensor hidden.weight");
    WHY("{" NET ",\"x\":{\"dtype\":\"X99\",\"shape\":[0],\"data_offsets\":[32,32]}}", 32,
        "unknown dtype X99 in tensor x");
    WHY("{" NET ",\"x\":{\"shape\":[0],\"data_offsets\":[32,32]}}", 32,
        "tensor x needs a dtype, a shape and data_offsets");
    WHY("{" NET ",\"x\":{\"dtype\":\"U8\",\"shape\":[0]}}", 32,
        "tensor x needs a dtype, a shape and data_offsets");
    WHY("{" NET ",\"x\":{\"dtype\":\"U8\",\"data_offsets\":[32,32]}}", 32,
        "tensor x needs a dtype, a shape and data_offsets");
    WHY("{" NET ",\"z\":{\"dtype\":\"U8\",\"shape\":[4294967296,4294967296],"
        "\"data_offsets\":[32,32]}}", 32, "tensor z has more than 2^53 elements");
    WHY("{" HW ",\"hidden.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[16,8]},"
        OW "," OB "}", 32, "tensor hidden.bias: data_offsets end before they begin");
    WHY("{\"hidden.weight\":{\"dtype\":\"F64\",\"shape\":[1,2],\"data_offsets\":[0,8]},"
        HB "," OW "," OB "}", 32,
        "tensor hidden.weight: its shape and dtype take 16 bytes, its data_offsets 8");
    WHY_AT("{" NET ",\"z\":{\"dtype\":\"U8\",\"shape\":[0,9007199254740993],"
           "\"data_offsets\":[32,32]}}", 32, "number over 2^53 at byte %lu", "9007199254740993");
    WHY("{\"hidden.weight\":{\"dtype\":\"F64\",\"dtype\":\"F64\",\"shape\":[1,1],"
        "\"data_offsets\":[0,8]}," HB "," OW "," OB "}", 32, "duplicate key dtype");
    WHY("{\"hidden.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"shape\":[1,1],"
        "\"data_offsets\":[0,8]}," HB "," OW "," OB "}", 32, "duplicate key shape");
    WHY("{\"hidden.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[0,8],"
        "\"data_offsets\":[0,8]}," HB "," OW "," OB "}", 32, "duplicate key data_offsets");
    WHY("{\"hidden.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"x\":1,\"x\":2,"
        "\"data_offsets\":[0,8]}," HB "," OW "," OB "}", 32, "duplicate key x");
    /* a name cut to 40 characters, others as '?' */
    WHY("{" NET ",\"n\\u00e9\\u0001nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn\":"
        "{\"dtype\":\"Q\",\"shape\":[0],\"data_offsets\":[32,32]}}", 32,
        "unknown dtype Q in tensor n??nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn...");

    /* across entries */
    WHY("{" NET "," X0 "," X0 "}", 32, "duplicate key x");
    WHY("{\"__metadata__\":{\"a\":\"1\",\"b\":\"2\",\"a\":\"3\"}," NET "}", 32, "duplicate key a");
    WHY("{\"__metadata__\":{},\"__metadata__\":{}," NET "}", 32, "duplicate key __metadata__");
    WHY("{" NET ",\"hidden\\u002ebias\":{\"dtype\":\"F64\",\"shape\":[1],"
        "\"data_offsets\":[32,40]}}", 40, "duplicate key hidden.bias");
    WHY("{\"__metadata__\":{\"a\":1}," NET "}", 32, "__metadata__ value a is not a string");
    WHY("{" HW ",\"hidden.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[4,12]},"
        OW "," OB "}", 32, "tensors hidden.weight and hidden.bias overlap in the data");
    WHY("{" NET ",\"x\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[4,4]}}", 32,
        "tensors hidden.weight and x overlap in the data");
    WHY("{" HW ",\"hidden.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[16,24]},"
        "\"output.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[24,32]},"
        "\"output.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[32,40]}}", 40,
        "data bytes 8 to 16 belong to no tensor");

    /* lengths */
    WHY("{" NET "}", 31, "truncated: the tensors take 32 bytes of data, 31 present");
    WHY("{" NET "}", 33, "the tensors take 32 bytes of data, 33 follow the header");
    memset(&o, 0, sizeof o);
    put64(b, 3);
    b[8] = '{'; b[9] = '}';
    CHECK_STATUS(nn_load_mem_ex(&s, b, 5, &o), NN_ERR_FORMAT);
    CHECK(strcmp(o.why, "truncated: 5 bytes, under the 8 of the header length") == 0);
    CHECK_STATUS(nn_load_mem_ex(&s, b, sizeof b, &o), NN_ERR_FORMAT);
    CHECK(strcmp(o.why, "truncated: header says 3 bytes, 2 present") == 0);
    put64(b, 100000001);
    CHECK_STATUS(nn_load_mem_ex(&s, b, sizeof b, &o), NN_ERR_FORMAT);
    CHECK(strcmp(o.why, "header length 100000001 over the limit of 100000000") == 0);
    CHECK(is_sentinel(&s));

    /* malformed JSON: where */
    WHY_AT("{" HW " " HB "," OW "," OB "}", 32, "malformed JSON header at byte %lu",
           "\"hidden.bias");
    WHY("[]", 0, "malformed JSON header at byte 8");
    why_at(__LINE__, "{" NET "} x", sizeof("{" NET "} x") - 1, 32,
           "malformed JSON header at byte %lu", "} x", 2);
    n = (size_t)sprintf(json, "{" NET ",\"x\":{\"dtype\":\"U8\",\"shape\":[0],"
                              "\"data_offsets\":[32,32],\"deep\":");
    memset(json + n, '[', 40);
    memset(json + n + 40, ']', 40);
    memcpy(json + n + 80, "}}", 2);
    /* the entry's values are at depth 2: the 31st '[' is one too deep */
    why_at(__LINE__, json, n + 82, 32, "JSON nested more than 32 deep at byte %lu", "[[", 30);
}

/* ---- deep files as hostile input ----------------------------------------- */

/* a 4-layer relu/tanh/linear/softmax file, written by nn.h in this build's
   precision and here in the other: every truncation refused, random edits
   loaded soundly or refused */
static void test_deep_hostile(void)
{
    static const size_t w[] = {3, 5, 4, 3, 2};
    static const nn_act acts[] = {NN_ACT_RELU, NN_ACT_TANH, NN_ACT_LINEAR, NN_ACT_SOFTMAX};
    static const char *const names[] = {"0", "2", "4", "5"};
    nn_net a = make_deep(4, w, acts, NN_LOSS_CE, 70);
    size_t len, hn;
    unsigned char *base = save(&a, &len), *other;
    hn = len - 8 - a.n_params * ES;
    nn_net_free(&a);
    CHECK(truncations_of(base, len) == 0);
    mutations_of(base, len, hn, 2027, 10000, 50);
    free(base);
    other = write_deep(IS_FLOAT ? 8 : 4, 4, w, names,
                       "\"activations\":\"relu,tanh,linear,softmax\",\"loss\":\"cross_entropy\"",
                       &len);
    hn = (size_t)nn__get64(other);
    CHECK(truncations_of(other, len) == 0);
    mutations_of(other, len, hn, 2028, 10000, 50);
    free(other);
}

/* every allocation of a deep load failing in turn: NN_ERR_NOMEM with its
   why, the net untouched, nothing leaked */
static void test_deep_alloc_failures(void)
{
    static const size_t w[] = {3, 5, 4, 3, 2};
    static const nn_act acts[] = {NN_ACT_RELU, NN_ACT_TANH, NN_ACT_LINEAR, NN_ACT_SOFTMAX};
    nn_net a = make_deep(4, w, acts, NN_LOSS_CE, 71);
    size_t len, k, ok_at = 0;
    unsigned char *buf = save(&a, &len);
    nn_net_free(&a);
    for (k = 1; k < 10 && !ok_at; k++) {
        nn_net s = sentinel();
        nn_load_opts o;
        nn_status st;
        memset(&o, 0, sizeof o);
        test_mem.calls = 0; test_mem.fail_at = k;
        st = nn_load_mem_ex(&s, buf, len, &o);
        if (st == NN_OK) { ok_at = k; nn_net_free(&s); }
        else CHECK(st == NN_ERR_NOMEM && is_sentinel(&s) && test_mem.live == 0 &&
                   strcmp(o.why, "out of memory or size overflow") == 0);
    }
    test_mem.fail_at = 0;
    CHECK(ok_at == 4);
    free(buf);
}

/* many layers, or many tensors: the scratch stays within twice the file */
static void test_deep_allocation_bound(void)
{
    enum { L = 3000 };
    size_t *w = (size_t *)malloc((L + 1) * sizeof *w), l, len, n;
    char **names = (char **)malloc(L * sizeof *names), *meta = (char *)malloc(8 * L);
    unsigned char *f;
    nn_net s = sentinel();
    for (l = 0; l <= L; l++) w[l] = 1;
    for (l = 0, n = 0; l < L; l++) {
        names[l] = (char *)malloc(8);
        sprintf(names[l], "%lu", (unsigned long)l);
        n += (size_t)sprintf(meta + n, "%s%s", l ? "," : "", l % 2 ? "tanh" : "linear");
    }
    {
        char *m = (char *)malloc(n + 32);
        sprintf(m, "\"activations\":\"%s\"", meta);
        f = write_deep(4, L, w, (const char *const *)names, m, &len);
        free(m);
    }
    test_mem.peak = test_mem.bytes = 0;
    CHECK_STATUS(nn_load_mem(&s, f, len), NN_OK);
    CHECK(test_mem.peak <= 2 * len);
    CHECK(s.n_layers == L && s.layers[L - 1].act == NN_ACT_TANH &&
          s.layers[L - 2].act == NN_ACT_LINEAR);
    CHECK(holds_deep(&s, L, w));
    nn_net_free(&s);
    free(f);
    for (l = 0; l < L; l++) free(names[l]);
    free(names);
    free(meta);
    free(w);
    {
        /* 20000 tensors of no bytes beside a layer */
        size_t cap = 60 * 20000 + 1000, k;
        char *json = (char *)malloc(cap);
        unsigned char data[32] = {0};
        n = (size_t)sprintf(json, "{" RELU2 "," KNET);
        for (k = 0; k < 20000; k++)
            n += (size_t)sprintf(json + n, ",\"%lx\":{\"dtype\":\"U8\",\"shape\":[0],"
                                 "\"data_offsets\":[0,0]}", (unsigned long)k);
        json[n++] = '}';
        f = build(json, n, data, 32, &len);
        s = sentinel();
        test_mem.peak = test_mem.bytes = 0;
        CHECK_STATUS(nn_load_mem(&s, f, len), NN_OK);
        CHECK(test_mem.peak <= 2 * len && test_mem.peak >= 20000 * (8 * 4 + 48));
        nn_net_free(&s);
        free(f);
        free(json);
    }
}

/* what nn_save refuses: a file whose size overflows size_t, a header
   over the 100 MB that readers take */
static void test_save_limits(void)
{
    nn_real dummy[2] = {0, 0};
    nn_layer layer;
    nn_net big;
    size_t len = 7, k;
    FILE *f = test_tmpfile();
    /* one layer 1 -> n_out with made-up addresses: nn_save checks sizes
       before it reads a parameter */
    for (k = 0; k < 2; k++) {
        size_t n_out = k ? SIZE_MAX / 4 : SIZE_MAX / (2 * ES);
        memset(&big, 0, sizeof big);
        memset(&layer, 0, sizeof layer);
        layer.n_in = 1;
        layer.n_out = n_out;
        layer.act = NN_ACT_SIGMOID;
        layer.w = nn_mat_view(dummy, 1, n_out);
        layer.b = nn_mat_view((nn_real *)(void *)((uintptr_t)dummy + n_out * sizeof(nn_real)),
                              1, n_out);
        big.n_in = 1;
        big.n_out = n_out;
        big.n_params = 2 * n_out;
        big.params = dummy;
        big.n_layers = 1;
        big.layers = &layer;
        big.w1 = big.w2 = layer.w;
        big.b1 = big.b2 = layer.b;
        big.loss = NN_LOSS_SSE;
        big.owner_ = NN__OWNS;
        CHECK(nn__net_ok(&big));
        CHECK_STATUS(nn_save_mem(&big, NULL, 0, &len), NN_ERR_NOMEM);
        CHECK(len == 7);
        if (f) CHECK_STATUS(nn_save(&big, f), NN_ERR_NOMEM);
    }
    if (f) {
        CHECK(ftell(f) == 0);
        fclose(f);
    }
    {
        /* 700000 layers of one unit: about 170 bytes of header each */
        enum { L = 700000 };
        size_t *w = (size_t *)malloc((L + 1) * sizeof *w), l;
        nn_act *acts = (nn_act *)malloc(L * sizeof *acts);
        nn_net deep;
        for (l = 0; l <= L; l++) w[l] = 1;
        for (l = 0; l < L; l++) acts[l] = NN_ACT_LINEAR;
        memset(&deep, 0, sizeof deep);
        CHECK_STATUS(nn_net_init_layers(&deep, L, w, acts, NN_LOSS_SSE), NN_OK);
        CHECK_STATUS(nn_save_mem(&deep, NULL, 0, &len), NN_ERR_NOMEM);
        CHECK(len == 7);
        nn_net_free(&deep);
        free(w);
        free(acts);
    }
}

/* ---- the application's metadata ----------------------------------------- */

/* nn_save_mem_ex into a fresh buffer (plain malloc); NULL when refused */
static unsigned char *save_ex(const nn_net *net, const nn_save_opts *opts, size_t *len)
{
    unsigned char *buf;
    *len = 0;
    if (nn_save_mem_ex(net, NULL, 0, len, opts) != NN_OK) return NULL;
    buf = (unsigned char *)malloc(*len);
    CHECK_STATUS(nn_save_mem_ex(net, buf, *len, len, opts), NN_OK);
    return buf;
}

/* *o filled field by field, as a 2.0 program may fill it, over bytes that
   are not zero (0xA5) */
static void opts_unzeroed(nn_load_opts *o, const nn_act *acts, size_t n_acts,
                          const nn_loss *loss)
{
    memset(o, 0xA5, sizeof *o);
    o->acts = acts;
    o->n_acts = n_acts;
    o->loss = loss;
}

/* nn_load_meta_mem of buf's value under key into got (cap bytes): the
   status; *meta_len its length, 12345 when not written. The options are
   opts_unzeroed's; why is "" after a success. */
static nn_status load_meta(const unsigned char *buf, size_t len, const char *key,
                           char *got, size_t cap, size_t *meta_len)
{
    nn_load_opts o;
    nn_status st;
    opts_unzeroed(&o, NULL, 0, NULL);
    *meta_len = 12345;
    st = nn_load_meta_mem(buf, len, key, got, cap, meta_len, &o);
    CHECK((st == NN_OK) == (o.why[0] == '\0'));
    return st;
}

/* opts without a pair: the plain save's bytes, from memory, stream and path */
static void test_meta_none(void)
{
    static const size_t w[] = {3, 4, 2};
    static const nn_act acts[] = {NN_ACT_RELU, NN_ACT_SOFTMAX};
    static const char *const one[] = {"k", "v"};
    nn_net nets[2];
    size_t k;
    nets[0] = make_net(2, 3, 1, 41);
    nets[1] = make_deep(2, w, acts, NN_LOSS_CE, 42);
    for (k = 0; k < 2; k++) {
        nn_save_opts none = {NULL, 0}, empty = {one, 0};
        size_t len, len2;
        unsigned char *plain = save(&nets[k], &len), *ex = save_ex(&nets[k], NULL, &len2);
        CHECK(ex && len2 == len && memcmp(plain, ex, len) == 0);
        free(ex);
        ex = save_ex(&nets[k], &none, &len2);
        CHECK(ex && len2 == len && memcmp(plain, ex, len) == 0);
        free(ex);
        ex = save_ex(&nets[k], &empty, &len2);
        CHECK(ex && len2 == len && memcmp(plain, ex, len) == 0);
        free(ex);
        {
            FILE *f = test_tmpfile();
            unsigned char *back = (unsigned char *)malloc(len + 1);
            if (f) {
                CHECK_STATUS(nn_save_ex(&nets[k], f, NULL), NN_OK);
                CHECK_STATUS(nn_save_ex(&nets[k], f, &empty), NN_OK);
                rewind(f);
                CHECK(fread(back, 1, len + 1, f) == len + 1 && memcmp(back, plain, len) == 0);
                rewind(f);
                fseek(f, (long)len, SEEK_SET);
                CHECK(fread(back, 1, len, f) == len && memcmp(back, plain, len) == 0);
                fclose(f);
            }
            CHECK_STATUS(nn_save_file_ex(&nets[k], TIO_META, NULL), NN_OK);
            f = fopen(TIO_META, "rb");
            CHECK(f != NULL);
            if (f) {
                CHECK(fread(back, 1, len + 1, f) == len && memcmp(back, plain, len) == 0);
                fclose(f);
            }
            remove(TIO_META);
            free(back);
        }
        free(plain);
        nn_net_free(&nets[k]);
    }
    CHECK(test_mem.live == 0);
}

/* pairs written, escaped, and read back, in the article's network and a deep one */
static void test_meta_round_trip(void)
{
    static const size_t w[] = {3, 4, 2};
    static const nn_act acts[] = {NN_ACT_TANH, NN_ACT_SOFTMAX};
    /* '"', '\\', every short escape, other control bytes, DEL, and UTF-8
       of two, three and four bytes */
    static const char tricky[] = "q\"b\\s/\n\t\r\b\f\x01\x0b\x1f\x7f \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
    static const char tricky_json[] = "\"q\\\"b\\\\s/\\n\\t\\r\\b\\f\\u0001\\u000b\\u001f\x7f "
                                      "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"";
    static const char *const pairs[] = {
        "classes", "setosa,versicolor,virginica",
        "note", tricky,
        "k\"\n\xc3\xa9", "",
        "__metadata__", "a key like any other"
    };
    const nn_save_opts opts = {pairs, 4};
    nn_net nets[2];
    size_t k;
    nets[0] = make_net(2, 3, 1, 43);
    nets[1] = make_deep(2, w, acts, NN_LOSS_CE, 44);
    for (k = 0; k < 2; k++) {
        size_t len, plen, mlen, i;
        unsigned char *buf = save_ex(&nets[k], &opts, &len), *plain = save(&nets[k], &plen);
        char got[256], head[160];
        nn_net back;
        CHECK(buf != NULL);
        if (!buf) { free(plain); continue; }
        /* nn.h's own metadata first, then the pairs in order */
        sprintf(head, "{\"__metadata__\":{\"format\":\"nn.h\",%s,\"classes\":"
                      "\"setosa,versicolor,virginica\",\"note\":",
                k ? "\"activations\":\"tanh,softmax\",\"loss\":\"cross_entropy\""
                  : "\"activation\":\"sigmoid\"");
        CHECK(memcmp(buf + 8, head, strlen(head)) == 0);
        CHECK(find_text(buf, len, tricky_json) == buf + 8 + strlen(head));
        CHECK(find_text(buf, len, ",\"k\\\"\\n\xc3\xa9\":\"\",\"__metadata__\":"
                                  "\"a key like any other\"},\"") != NULL);
        /* the tensors' bytes are the plain file's, after a longer header */
        CHECK(len > plen && nn__get64(buf) % 8 == 0 &&
              memcmp(buf + len - (plen - 8 - nn__get64(plain)), plain + 8 + nn__get64(plain),
                     plen - 8 - nn__get64(plain)) == 0);
        /* each value back, unescaped */
        for (i = 0; i < 4; i++) {
            memset(got, 0x5A, sizeof got);
            CHECK_STATUS(load_meta(buf, len, pairs[2 * i], got, sizeof got, &mlen), NN_OK);
            CHECK(mlen == strlen(pairs[2 * i + 1]) && memcmp(got, pairs[2 * i + 1], mlen + 1) == 0);
        }
        /* a plain load takes the file as any other, the network unchanged */
        memset(&back, 0, sizeof back);
        CHECK_STATUS(nn_load_mem(&back, buf, len), NN_OK);
        CHECK(same_layers(&back, &nets[k]));
        nn_net_free(&back);
        /* nn.h's own keys can be asked for too */
        CHECK_STATUS(load_meta(buf, len, "format", got, sizeof got, &mlen), NN_OK);
        CHECK(mlen == 4 && strcmp(got, "nn.h") == 0);
        free(buf);
        free(plain);
    }
    /* streams and paths write and read the same */
    {
        size_t len;
        unsigned char *buf = save_ex(&nets[1], &opts, &len);
        unsigned char *back = (unsigned char *)malloc(len + 1);
        char got[64];
        size_t mlen;
        nn_net n;
        FILE *f = test_tmpfile();
        memset(&n, 0, sizeof n);
        if (f) {
            /* two files on the stream: the value from the first, then each
               reader takes exactly one file */
            CHECK_STATUS(nn_save_ex(&nets[1], f, &opts), NN_OK);
            CHECK_STATUS(nn_save(&nets[0], f), NN_OK);
            rewind(f);
            CHECK(fread(back, 1, len, f) == len && memcmp(back, buf, len) == 0);
            rewind(f);
            mlen = 0;
            memset(got, 0x5A, sizeof got);
            CHECK_STATUS(nn_load_meta(f, "classes", got, sizeof got, &mlen, NULL), NN_OK);
            CHECK(mlen == 27 && strcmp(got, pairs[1]) == 0 && ftell(f) == (long)len);
            CHECK_STATUS(nn_load_meta(f, "classes", got, sizeof got, &mlen, NULL), NN_OK);
            CHECK(mlen == (size_t)-1 && strcmp(got, pairs[1]) == 0);
            CHECK_STATUS(nn_load_meta(f, "classes", got, sizeof got, &mlen, NULL),
                         NN_ERR_FORMAT);            /* the stream's end */
            rewind(f);
            CHECK_STATUS(nn_load(&n, f), NN_OK);
            CHECK(same_layers(&n, &nets[1]));
            fclose(f);
        }
        CHECK_STATUS(nn_save_file_ex(&nets[1], TIO_META, &opts), NN_OK);
        f = fopen(TIO_META, "rb");
        CHECK(f != NULL);
        if (f) {
            CHECK(fread(back, 1, len + 1, f) == len && memcmp(back, buf, len) == 0);
            fclose(f);
        }
        mlen = 0;
        memset(got, 0, sizeof got);
        CHECK_STATUS(nn_load_meta_file(TIO_META, "classes", got, sizeof got, &mlen,
                                       NULL), NN_OK);
        CHECK(mlen == 27 && strcmp(got, pairs[1]) == 0);
        CHECK_STATUS(nn_load_meta_file(TIO_META, "note", NULL, 0, &mlen, NULL),
                     NN_OK);
        CHECK(mlen == strlen(pairs[3]));
        nn_net_free(&n);
        CHECK_STATUS(nn_load_file(&n, TIO_META), NN_OK);
        CHECK(same_layers(&n, &nets[1]));
        remove(TIO_META);
        nn_net_free(&n);
        free(back);
        free(buf);
    }
    nn_net_free(&nets[0]);
    nn_net_free(&nets[1]);
    CHECK(test_mem.live == 0);
}

/* every refusal: NN_ERR_ARG, and nothing written, to memory, a stream or a path */
static void test_meta_refused(void)
{
    static const char *const reserved[] = {"format", "activation", "activations", "loss"};
    /* cut short, a lone continuation byte, overlong (2, 3, 4 bytes), a
       surrogate, past U+10FFFF, bytes UTF-8 never has, a bad continuation */
    static const char *const not_utf8[] = {
        "\xc3", "a\x80", "\xc0\xaf", "\xe0\x80\xaf", "\xf0\x80\x80\xaf", "\xed\xa0\x80",
        "\xf4\x90\x80\x80", "\xff", "\xf5\x80\x80\x80", "\xc3\x28", "\xe2\x82", "ok\xf0\x9f\x98"
    };
    nn_net a = make_net(2, 3, 1, 45);
    const char *p[6];
    nn_save_opts o;
    size_t k, cases = 0, plen;
    unsigned char *plain = save(&a, &plen);
    for (k = 0;; k++) {
        unsigned char buf[4096];
        size_t len = 7, j;
        FILE *f;
        int ok = 1;
        o.meta = p;
        o.n_meta = 1;
        p[0] = "key"; p[1] = "value"; p[2] = "other"; p[3] = "v"; p[4] = "third"; p[5] = "v";
        if (k == 0) o.meta = NULL;
        else if (k == 1) p[0] = NULL;
        else if (k == 2) p[1] = NULL;
        else if (k == 3) { o.n_meta = 3; p[5] = NULL; }
        else if (k == 4) p[0] = "";
        else if (k < 9) { o.n_meta = 2; p[2] = reserved[k - 5]; }
        else if (k == 9) { o.n_meta = 3; p[4] = "key"; }
        else if (k == 10) { o.n_meta = 3; p[4] = "other"; }
        else if (k == 11) { o.n_meta = SIZE_MAX / (2 * sizeof(char *)) + 1; }
        else if (k < 12 + 12) p[0] = not_utf8[k - 12];
        else if (k < 12 + 24) { o.n_meta = 2; p[3] = not_utf8[k - 24]; }
        else break;
        cases++;
        memset(buf, 0x5A, sizeof buf);
        ok &= nn_save_mem_ex(&a, NULL, 0, &len, &o) == NN_ERR_ARG && len == 7;
        ok &= nn_save_mem_ex(&a, buf, sizeof buf, &len, &o) == NN_ERR_ARG && len == 7;
        for (j = 0; j < sizeof buf; j++) ok &= buf[j] == 0x5A;
        f = test_tmpfile();
        if (f) {
            ok &= nn_save_ex(&a, f, &o) == NN_ERR_ARG && ftell(f) == 0;
            fclose(f);
        }
        remove(TIO_META);
        ok &= nn_save_file_ex(&a, TIO_META, &o) == NN_ERR_ARG;
        f = fopen(TIO_META, "rb");
        ok &= f == NULL;            /* not even created */
        if (f) fclose(f);
        if (!ok) fprintf(stderr, "%s:%d: refusal %lu wrote or was taken\n", __FILE__, __LINE__,
                         (unsigned long)k);
        CHECK(ok);
    }
    CHECK(cases == 36);
    /* the arguments the plain saves check, with options */
    {
        static const char *const fine[] = {"k", "v"};
        size_t len = 7;
        o.meta = fine;
        o.n_meta = 1;
        CHECK_STATUS(nn_save_mem_ex(NULL, NULL, 0, &len, &o), NN_ERR_ARG);
        CHECK_STATUS(nn_save_mem_ex(&a, NULL, 0, NULL, &o), NN_ERR_ARG);
        CHECK_STATUS(nn_save_mem_ex(&a, NULL, 8, &len, &o), NN_ERR_ARG);
        CHECK_STATUS(nn_save_ex(&a, NULL, &o), NN_ERR_ARG);
        CHECK_STATUS(nn_save_ex(NULL, stdout, &o), NN_ERR_ARG);
        CHECK_STATUS(nn_save_file_ex(&a, NULL, &o), NN_ERR_ARG);
        CHECK_STATUS(nn_save_file_ex(NULL, TIO_META, &o), NN_ERR_ARG);
        CHECK(len == 7);
        /* too small a buffer: the size it needs, nothing written */
        {
            unsigned char small[64];
            memset(small, 0x5A, sizeof small);
            CHECK_STATUS(nn_save_mem_ex(&a, small, sizeof small, &len, &o), NN_ERR_ARG);
            CHECK(len == plen + 8 && small[0] == 0x5A && small[63] == 0x5A);
        }
        CHECK_STATUS(nn_save_file_ex(&a, "no/such/dir/m.safetensors", &o), NN_ERR_IO);
    }
    /* valid UTF-8 at the edges is taken: U+0080, U+07FF, U+0800, U+FFFF,
       U+10000, U+10FFFF, and the code points around the surrogates */
    {
        static const char *const edges[] = {
            "\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "\xef\xbf\xbf", "\xf0\x90\x80\x80",
            "\xf4\x8f\xbf\xbf", "\xed\x9f\xbf", "\xee\x80\x80"
        };
        size_t len, mlen;
        char got[8];
        unsigned char *buf;
        for (k = 0; k < 8; k++) {
            const char *q[2];
            q[0] = edges[k];
            q[1] = edges[7 - k];
            o.meta = q;
            o.n_meta = 1;
            buf = save_ex(&a, &o, &len);
            CHECK(buf != NULL);
            if (!buf) continue;
            CHECK_STATUS(load_meta(buf, len, edges[k], got, sizeof got, &mlen), NN_OK);
            CHECK(mlen == strlen(edges[7 - k]) && strcmp(got, edges[7 - k]) == 0);
            free(buf);
        }
    }
    free(plain);
    nn_net_free(&a);
    CHECK(test_mem.live == 0);
}

/* asking for a value: absent, too long for out, a refused file, bad arguments */
static void test_meta_lookup(void)
{
    static const char *const pairs[] = {"classes", "cat,dog", "empty", ""};
    const nn_save_opts opts = {pairs, 2};
    nn_net a = make_net(2, 3, 1, 46);
    size_t len, mlen;
    unsigned char *buf = save_ex(&a, &opts, &len);
    char got[16];
    memset(got, 0x5A, sizeof got);
    /* absent: (size_t)-1, out untouched */
    CHECK_STATUS(load_meta(buf, len, "class", got, sizeof got, &mlen), NN_OK);
    CHECK(mlen == (size_t)-1 && got[0] == 0x5A);
    CHECK_STATUS(load_meta(buf, len, "classes2", got, sizeof got, &mlen), NN_OK);
    CHECK(mlen == (size_t)-1 && got[0] == 0x5A);
    CHECK_STATUS(load_meta(buf, len, "", got, sizeof got, &mlen), NN_OK);
    CHECK(mlen == (size_t)-1 && got[0] == 0x5A);
    /* no room for the NUL, or none at all: the length alone */
    CHECK_STATUS(load_meta(buf, len, "classes", got, 7, &mlen), NN_OK);
    CHECK(mlen == 7 && got[0] == 0x5A && got[6] == 0x5A);
    CHECK_STATUS(load_meta(buf, len, "classes", NULL, 0, &mlen), NN_OK);
    CHECK(mlen == 7);
    CHECK_STATUS(load_meta(buf, len, "classes", got, 8, &mlen), NN_OK);
    CHECK(mlen == 7 && strcmp(got, "cat,dog") == 0 && got[8] == 0x5A);
    CHECK_STATUS(load_meta(buf, len, "empty", got, 1, &mlen), NN_OK);
    CHECK(mlen == 0 && got[0] == '\0' && got[1] == 'a');
    CHECK_STATUS(load_meta(buf, len, "empty", NULL, 0, &mlen), NN_OK);
    CHECK(mlen == 0);
    /* a refused file writes neither out nor *len, from memory, a stream or a
       path, and says why as the loaders do */
    {
        nn_load_opts o;
        FILE *f = test_tmpfile();
        char want[80];
        const unsigned long data = (unsigned long)(a.n_params * ES);
        memset(got, 0x5A, sizeof got);
        CHECK_STATUS(load_meta(buf, len - 1, "classes", got, sizeof got, &mlen), NN_ERR_FORMAT);
        CHECK(mlen == 12345 && got[0] == 0x5A);
        opts_unzeroed(&o, NULL, 0, NULL);
        if (f) {
            CHECK(fwrite(buf, 1, len - 1, f) == len - 1);
            rewind(f);
            CHECK_STATUS(nn_load_meta(f, "classes", got, sizeof got, &mlen, &o), NN_ERR_FORMAT);
            sprintf(want, "truncated: the tensors take %lu bytes of data, %lu present", data,
                    data - 1);
            CHECK(mlen == 12345 && got[0] == 0x5A && strcmp(o.why, want) == 0);
            fclose(f);
        }
        f = fopen(TIO_META, "wb");
        CHECK(f != NULL);
        if (f) {
            CHECK(fwrite(buf, 1, len, f) == len && fputc(0, f) == 0);
            fclose(f);
        }
        CHECK_STATUS(nn_load_meta_file(TIO_META, "classes", got, sizeof got, &mlen,
                                       &o), NN_ERR_FORMAT);
        sprintf(want, "the tensors take %lu bytes of data, %lu follow the header", data,
                data + 1);
        CHECK(mlen == 12345 && got[0] == 0x5A && strcmp(o.why, want) == 0);
        remove(TIO_META);
        CHECK_STATUS(nn_load_meta_file(TIO_META, "classes", got, sizeof got, &mlen,
                                       &o), NN_ERR_IO);
        CHECK(mlen == 12345 && got[0] == 0x5A &&
              strcmp(o.why, "cannot open " TIO_META) == 0);
        CHECK_STATUS(nn_load_meta_file(TIO_META, "classes", got, sizeof got, &mlen,
                                       NULL), NN_ERR_IO);
        CHECK(mlen == 12345 && got[0] == 0x5A);
    }
    /* the caller's mistakes, before the file is read: NN_ERR_ARG, why said,
       nothing written */
    {
        static const nn_act bad_act[] = {(nn_act)15};
        nn_load_opts o;
        unsigned char *room = (unsigned char *)malloc(len + sizeof got);
        FILE *f = test_tmpfile();
        opts_unzeroed(&o, NULL, 0, NULL);
        memset(got, 0x5A, sizeof got);
        mlen = 12345;
        CHECK_STATUS(nn_load_meta_mem(buf, len, NULL, got, sizeof got, &mlen, &o), NN_ERR_ARG);
        CHECK(strcmp(o.why, "key is NULL") == 0);
        CHECK_STATUS(nn_load_meta_mem(buf, len, "classes", got, sizeof got, NULL, &o),
                     NN_ERR_ARG);
        CHECK(strcmp(o.why, "len is NULL") == 0 && got[0] == 0x5A);
        CHECK_STATUS(nn_load_meta_mem(buf, len, "classes", NULL, 4, &mlen, &o), NN_ERR_ARG);
        CHECK(strcmp(o.why, "out is NULL, cap is not 0") == 0);
        CHECK_STATUS(nn_load_meta_mem(NULL, len, "classes", got, sizeof got, &mlen, &o),
                     NN_ERR_ARG);
        CHECK(strcmp(o.why, "invalid argument") == 0);
        /* out in the file's own bytes */
        CHECK_STATUS(nn_load_meta_mem(buf, len, "classes", (char *)buf + 20, 8, &mlen, &o),
                     NN_ERR_ARG);
        CHECK(strcmp(o.why, "out overlaps the file's bytes") == 0);
        o.acts = bad_act;
        o.n_acts = 1;
        CHECK_STATUS(nn_load_meta_mem(buf, len, "classes", got, sizeof got, &mlen, &o),
                     NN_ERR_ARG);
        CHECK(strcmp(o.why, "acts[0] is not an activation") == 0);
        CHECK_STATUS(nn_load_meta(f, "classes", got, sizeof got, &mlen, &o), NN_ERR_ARG);
        CHECK_STATUS(nn_load_meta_file(TIO_META, "classes", got, sizeof got, &mlen,
                                       &o), NN_ERR_ARG);
        o.acts = NULL;
        CHECK_STATUS(nn_load_meta(NULL, "classes", got, sizeof got, &mlen, &o), NN_ERR_ARG);
        CHECK_STATUS(nn_load_meta(f, NULL, got, sizeof got, &mlen, &o), NN_ERR_ARG);
        CHECK_STATUS(nn_load_meta(f, "classes", NULL, 1, &mlen, NULL), NN_ERR_ARG);
        CHECK_STATUS(nn_load_meta_file(NULL, "classes", got, sizeof got, &mlen, &o), NN_ERR_ARG);
        CHECK(strcmp(o.why, "invalid argument") == 0);
        CHECK_STATUS(nn_load_meta_file(TIO_META, "classes", got, sizeof got, NULL,
                                       NULL), NN_ERR_ARG);
        CHECK(mlen == 12345 && got[0] == 0x5A);
        /* just after the file's bytes: fine */
        memcpy(room, buf, len);
        CHECK_STATUS(nn_load_meta_mem(room, len, "classes", (char *)room + len, sizeof got,
                                      &mlen, &o), NN_OK);
        CHECK(mlen == 7 && strcmp((char *)room + len, "cat,dog") == 0 && o.why[0] == '\0');
        if (f) fclose(f);
        free(room);
    }
    /* a file with no metadata (PyTorch's): refused as nn_load_mem refuses
       it, unless opts gives the activations, as for nn_load_mem_ex */
    {
        static const size_t w[] = {3, 4, 2};
        static const char *const names[] = {"0", "2"};
        static const nn_act acts[] = {NN_ACT_RELU, NN_ACT_SOFTMAX};
        nn_load_opts o;
        size_t tlen;
        unsigned char *t = write_deep(ES, 2, w, names, "", &tlen);
        opts_unzeroed(&o, NULL, 0, NULL);
        memset(got, 0x5A, sizeof got);
        mlen = 12345;
        CHECK_STATUS(nn_load_meta_mem(t, tlen, "classes", got, sizeof got, &mlen, &o),
                     NN_ERR_FORMAT);
        CHECK(mlen == 12345 && strncmp(o.why, "no activations", 14) == 0);
        o.acts = acts;
        o.n_acts = 2;
        CHECK_STATUS(nn_load_meta_mem(t, tlen, "classes", got, sizeof got, &mlen, &o), NN_OK);
        CHECK(mlen == (size_t)-1 && got[0] == 0x5A && o.why[0] == '\0');
        free(t);
    }
    /* the loader's allocations, no more: each failing gives NN_ERR_NOMEM with
       nothing written, the peak stays within twice the file */
    {
        size_t k, ok_at = 0, load_at = 0, live = test_mem.live;
        const size_t bytes = test_mem.bytes;
        for (k = 1; k < 10 && !load_at; k++) {
            nn_net s;
            memset(&s, 0, sizeof s);
            test_mem.calls = 0; test_mem.fail_at = k;
            if (nn_load_mem(&s, buf, len) == NN_OK) { load_at = k; nn_net_free(&s); }
        }
        for (k = 1; k < 10 && !ok_at; k++) {
            nn_status st;
            memset(got, 0x5A, sizeof got);
            test_mem.calls = 0; test_mem.fail_at = k;
            test_mem.peak = test_mem.bytes = 0;
            st = load_meta(buf, len, "classes", got, sizeof got, &mlen);
            if (st == NN_OK) ok_at = k;
            else CHECK(st == NN_ERR_NOMEM && mlen == 12345 && got[0] == 0x5A && test_mem.live == live);
        }
        test_mem.fail_at = 0;
        test_mem.bytes = bytes;
        CHECK(ok_at == load_at && ok_at > 1 && test_mem.peak <= 2 * len &&
              test_mem.live == live && strcmp(got, "cat,dog") == 0);
    }
    free(buf);
    nn_net_free(&a);
    CHECK(test_mem.live == 0);
}

/* A 2.0 program fills nn_load_opts field by field, never zeroing it: the
   struct is 2.0's, and whatever the bytes around the fields hold, every
   loader takes such options. */
typedef struct opts_2_0 {
    const nn_act *acts;
    size_t n_acts;
    const nn_loss *loss;
    char why[160];
} opts_2_0;

static void test_load_opts_2_0(void)
{
    static const size_t w[] = {3, 4, 2};
    static const nn_act acts[] = {NN_ACT_TANH, NN_ACT_SOFTMAX};
    static const nn_act lin[] = {NN_ACT_LINEAR, NN_ACT_LINEAR};
    static const char *const pairs[] = {"classes", "cat,dog"};
    const nn_save_opts so = {pairs, 1};
    const nn_loss sse = NN_LOSS_SSE;
    nn_net a = make_deep(2, w, acts, NN_LOSS_CE, 48), n;
    size_t len, k;
    unsigned char *buf = save_ex(&a, &so, &len);
    CHECK(sizeof(nn_load_opts) == sizeof(opts_2_0) &&
          offsetof(nn_load_opts, acts) == offsetof(opts_2_0, acts) &&
          offsetof(nn_load_opts, n_acts) == offsetof(opts_2_0, n_acts) &&
          offsetof(nn_load_opts, loss) == offsetof(opts_2_0, loss) &&
          offsetof(nn_load_opts, why) == offsetof(opts_2_0, why) &&
          sizeof(((nn_load_opts *)0)->why) == 160);
    CHECK_STATUS(nn_save_file_ex(&a, TIO_META, &so), NN_OK);
    memset(&n, 0, sizeof n);
    for (k = 0; k < 6; k++) {
        nn_load_opts o;
        nn_status st = NN_OK;
        FILE *f;
        opts_unzeroed(&o, k % 2 ? lin : NULL, k % 2 ? 2 : 0, k % 2 ? &sse : NULL);
        if (k / 2 == 0) st = nn_load_mem_ex(&n, buf, len, &o);
        if (k / 2 == 1) st = nn_load_file_ex(&n, TIO_META, &o);
        if (k / 2 == 2 && (f = fopen(TIO_META, "rb")) != NULL) {
            st = nn_load_ex(&n, f, &o);
            fclose(f);
        }
        CHECK_STATUS(st, NN_OK);
        CHECK(o.why[0] == '\0' && n.n_layers == 2 && n.n_params == a.n_params &&
              memcmp(n.params, a.params, a.n_params * sizeof(nn_real)) == 0);
        CHECK(n.loss == (k % 2 ? NN_LOSS_SSE : NN_LOSS_CE) &&
              n.layers[0].act == (k % 2 ? NN_ACT_LINEAR : NN_ACT_TANH));
        nn_net_free(&n);
    }
    remove(TIO_META);
    free(buf);
    nn_net_free(&a);
    CHECK(test_mem.live == 0);
}

/* files written elsewhere: escapes as any JSON writer may put them */
static void test_meta_foreign(void)
{
    static const size_t w[] = {3, 4, 2};
    static const char *const names[] = {"0", "2"};
    size_t len, mlen;
    char got[32];
    unsigned char *f = write_deep(8, 2, w, names,
        "\"activations\":\"relu,softmax\",\"x\":\"a\\u0000b\",\"\\u0063lasses\":"
        "\"\\ud83d\\ude00\\u00e9\\/\\u20AC\",\"a\\u0000\":\"1\",\"ab\":\"2\",\"\":\"3\","
        "\"\\u00e9\":\"4\"", &len);
    /* a NUL inside is given and counted: strlen tells */
    CHECK_STATUS(load_meta(f, len, "x", got, sizeof got, &mlen), NN_OK);
    CHECK(mlen == 3 && memcmp(got, "a\0b", 4) == 0 && strlen(got) < mlen);
    /* the key compared decoded; \u surrogate pairs to UTF-8 */
    CHECK_STATUS(load_meta(f, len, "classes", got, sizeof got, &mlen), NN_OK);
    CHECK(mlen == 4 + 2 + 1 + 3 &&
          strcmp(got, "\xf0\x9f\x98\x80\xc3\xa9/\xe2\x82\xac") == 0);
    /* "a\u0000" is not "a"; "a" is not "ab" */
    CHECK_STATUS(load_meta(f, len, "a", got, sizeof got, &mlen), NN_OK);
    CHECK(mlen == (size_t)-1);
    CHECK_STATUS(load_meta(f, len, "ab", got, sizeof got, &mlen), NN_OK);
    CHECK(mlen == 1 && strcmp(got, "2") == 0);
    CHECK_STATUS(load_meta(f, len, "", got, sizeof got, &mlen), NN_OK);
    CHECK(mlen == 1 && strcmp(got, "3") == 0);
    CHECK_STATUS(load_meta(f, len, "\xc3\xa9", got, sizeof got, &mlen), NN_OK);
    CHECK(mlen == 1 && strcmp(got, "4") == 0);
    free(f);
    CHECK(test_mem.live == 0);
}

/* a header past the readers' limit through the metadata: NN_ERR_NOMEM, nothing written */
static void test_meta_limit(void)
{
    const size_t n = 16700000;      /* control bytes, 6 bytes each escaped */
    char *big = (char *)malloc(n + 1);
    const char *p[2];
    nn_save_opts o;
    nn_net a = make_net(2, 3, 1, 47);
    size_t len = 7;
    FILE *f = test_tmpfile();
    memset(big, 1, n);
    big[n] = '\0';
    p[0] = "big";
    p[1] = big;
    o.meta = p;
    o.n_meta = 1;
    CHECK_STATUS(nn_save_mem_ex(&a, NULL, 0, &len, &o), NN_ERR_NOMEM);
    CHECK(len == 7);
    if (f) {
        CHECK_STATUS(nn_save_ex(&a, f, &o), NN_ERR_NOMEM);
        CHECK(ftell(f) == 0);
        fclose(f);
    }
    /* a sixth of it fits */
    big[n / 6] = '\0';
    CHECK_STATUS(nn_save_mem_ex(&a, NULL, 0, &len, &o), NN_OK);
    CHECK(len > n / 6 * 6 && len < n / 6 * 6 + 1000);
    free(big);
    nn_net_free(&a);
    CHECK(test_mem.live == 0);
}

/* activations with parameters: written with them ("leaky_relu(negative_slope=0.2)", the
   shortest decimal that reads back), read back to the bit; read from text
   a person or PyTorch's side writes; refused with the reason; a network
   whose parameters a reader would refuse is not saved */
static void test_act_params(void)
{
    static const size_t w[] = {3, 4, 4, 4, 4, 4, 4, 2};
    static const nn_act acts[] = {NN_ACT_LEAKY_RELU, NN_ACT_ELU, NN_ACT_SOFTPLUS, NN_ACT_GELU,
                                  NN_ACT_GELU_TANH, NN_ACT_SILU, NN_ACT_LINEAR};
    nn_net a = make_deep(7, w, acts, NN_LOSS_SSE, 77), b;
    nn_real p[2];
    size_t len, len2;
    unsigned char *buf;
    p[0] = (nn_real)0.2;
    CHECK_STATUS(nn_net_set_act_params(&a, 0, p, 1), NN_OK);
    p[0] = (nn_real)-1.5;
    CHECK_STATUS(nn_net_set_act_params(&a, 1, p, 1), NN_OK);
    p[0] = 2;
    p[1] = 5;
    CHECK_STATUS(nn_net_set_act_params(&a, 2, p, 2), NN_OK);
    buf = save(&a, &len);
    CHECK(find_text(buf, len, "\"activations\":\"leaky_relu(negative_slope=0.2),"
                              "elu(alpha=-1.5),softplus(beta=2,threshold=5),gelu,"
                              "gelu_tanh,silu,linear\"") != NULL);
    memset(&b, 0, sizeof b);
    CHECK_STATUS(nn_load_mem(&b, buf, len), NN_OK);
    CHECK(same_layers(&a, &b));
    nn_net_free(&b);
    free(buf);
    /* the defaults are written too; 1/3 to its 16 (float: 8) digits */
    p[0] = (nn_real)0.01;
    CHECK_STATUS(nn_net_set_act_params(&a, 0, p, 1), NN_OK);
    p[0] = (nn_real)(1.0 / 3);
    CHECK_STATUS(nn_net_set_act_params(&a, 1, p, 1), NN_OK);
    buf = save(&a, &len);
    CHECK(find_text(buf, len, "\"activations\":\"leaky_relu(negative_slope=0.01),elu(alpha=") !=
          NULL);
    CHECK(find_text(buf, len, sizeof(nn_real) == 8 ? "elu(alpha=0.3333333333333333)"
                                                   : "elu(alpha=0.33333334)") != NULL);
    memset(&b, 0, sizeof b);
    CHECK_STATUS(nn_load_mem(&b, buf, len), NN_OK);
    CHECK(same_layers(&a, &b));
    nn_net_free(&b);
    free(buf);
    /* a parameter a reader refuses (set in the struct): not saved */
    a.layers[2].act_param[0] = 0;
    len = len2 = 7;
    CHECK_STATUS(nn_save_mem(&a, NULL, 0, &len), NN_ERR_ARG);
    CHECK(len == 7);
    remove(TIO_TMP);
    CHECK_STATUS(nn_save_file(&a, TIO_TMP), NN_ERR_ARG);
    {
        FILE *f = fopen(TIO_TMP, "rb");       /* no file made */
        CHECK(f == NULL);
        if (f) fclose(f);
    }
    a.layers[2].act_param[0] = a.layers[2].act_param[0] / a.layers[2].act_param[0];  /* NaN */
    CHECK_STATUS(nn_save_mem(&a, NULL, 0, &len2), NN_ERR_ARG);
    CHECK(len2 == 7);
    nn_net_free(&a);
    CHECK(test_mem.live == 0);
}

/* the metadata's activations as text: parameters by name or in order,
   blanks inside the parentheses, one "activation" for every layer */
static void test_act_params_read(void)
{
    static const char *const good[][3] = {
        {"leaky_relu(0.25),softplus(beta=2, threshold=10)", "0.25", "2,10"},
        {"leaky_relu(negative_slope=-0.5),softplus()", "-0.5", "1,20"},
        {"leaky_relu,softplus(threshold=0x1.8p1)", "0.01", "1,3"},
    };
    static const unsigned char zeros[32] = {0};
    size_t k;
    for (k = 0; k < sizeof good / sizeof good[0]; k++) {
        char json[512];
        size_t jlen, len;
        unsigned char *file;
        nn_net n;
        double slope = strtod(good[k][1], NULL), beta, thr;
        beta = strtod(good[k][2], NULL);
        thr = strtod(strchr(good[k][2], ',') + 1, NULL);
        jlen = (size_t)sprintf(json, "{" META("\"activations\":\"%s\"") "," KNET "}",
                               good[k][0]);
        file = build(json, jlen, zeros, 32, &len);
        memset(&n, 0, sizeof n);
        CHECK_STATUS(nn_load_mem(&n, file, len), NN_OK);
        CHECK(n.n_layers == 2 && n.layers[0].act == NN_ACT_LEAKY_RELU &&
              n.layers[1].act == NN_ACT_SOFTPLUS);
        CHECK(n.layers[0].act_param[0] == (nn_real)slope && n.layers[0].act_param[1] == 0);
        CHECK(n.layers[1].act_param[0] == (nn_real)beta &&
              n.layers[1].act_param[1] == (nn_real)thr);
        nn_net_free(&n);
        free(file);
    }
    {
        const char json[] = "{" META("\"activation\":\"elu(alpha=2)\"") "," KNET "}";
        size_t len;
        unsigned char *file = build(json, sizeof json - 1, zeros, 32, &len);
        nn_net n;
        memset(&n, 0, sizeof n);
        CHECK_STATUS(nn_load_mem(&n, file, len), NN_OK);
        CHECK(n.layers[0].act == NN_ACT_ELU && n.layers[1].act == NN_ACT_ELU);
        CHECK(n.layers[0].act_param[0] == 2 && n.layers[1].act_param[0] == 2);
        nn_net_free(&n);
        free(file);
    }
    CHECK(test_mem.live == 0);
}

int main(void)
{
    test_act_params();
    test_act_params_read();
    test_round_trip();
    test_save_mem_contract();
    test_exact_bytes();
    test_golden();
    test_same_file_everywhere();
    test_cross_precision();
    test_streams();
    test_alloc_failures();
    test_truncations();
    test_mutations();
    test_malformed();
    test_allocation_bound();
    test_deep_round_trip();
    test_deep_exact_bytes();
    test_deep_independent();
    test_load_opts();
    test_why();
    test_deep_hostile();
    test_deep_alloc_failures();
    test_deep_allocation_bound();
    test_save_limits();
    test_meta_none();
    test_meta_round_trip();
    test_meta_refused();
    test_meta_lookup();
    test_meta_foreign();
    test_load_opts_2_0();
    test_meta_limit();
    CHECK(test_mem.live == 0);
    return TEST_SUMMARY();
}

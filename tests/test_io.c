/* Model files: round trips, the exact bytes written, an independently
   written golden file, and hostile input (every truncation, seeded random
   mutations, each malformed case by hand). Run from the repository root
   (it reads tests/data/). Build with -fsanitize=address,undefined where
   available: a read out of bounds must be caught, not just not observed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <float.h>
#include "test.h"

/* A counting allocator: live blocks, bytes in use and their peak, and a
   failure on the alloc_fail_at-th call (0: never). */
typedef union test_block { size_t n; double d; void *p; } test_block;
static size_t alloc_live, alloc_calls, alloc_fail_at, alloc_bytes, alloc_peak;

static void *test_malloc(size_t n)
{
    test_block *b;
    alloc_calls++;
    if (alloc_fail_at && alloc_calls == alloc_fail_at) return NULL;
    if (n > SIZE_MAX - sizeof *b) return NULL;
    b = (test_block *)malloc(sizeof *b + n);
    if (!b) return NULL;
    b->n = n;
    alloc_live++;
    alloc_bytes += n;
    if (alloc_bytes > alloc_peak) alloc_peak = alloc_bytes;
    return b + 1;
}

static void test_free(void *p)
{
    test_block *b = (test_block *)p - 1;
    alloc_live--;
    alloc_bytes -= b->n;
    free(b);
}

#define NN_MALLOC(n) test_malloc(n)
#define NN_FREE(p) test_free(p)
#define NN_IMPLEMENTATION
#include "nn.h"

#define IS_FLOAT (sizeof(nn_real) == sizeof(float))
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
    return st == NN_ERR_FORMAT && is_sentinel(&net) && alloc_live == 0;
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
    CHECK(alloc_live == 0);
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

static void test_golden(void)
{
    check_golden("tests/data/golden_f64.safetensors", 0);
    check_golden("tests/data/golden_f32.safetensors", 1);
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
    FILE *f = tmpfile();
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
    CHECK_STATUS(nn_save_file(&a, "test_io.tmp"), NN_OK);
    CHECK_STATUS(nn_load_file(&c, "test_io.tmp"), NN_OK);
    CHECK(same_net(&a, &c));
    nn_net_free(&c);
    f = fopen("test_io.tmp", "ab");     /* one byte more: not a model file */
    if (f) { fputc(' ', f); fclose(f); }
    {
        nn_net s = sentinel();
        CHECK_STATUS(nn_load_file(&s, "test_io.tmp"), NN_ERR_FORMAT);
        CHECK_STATUS(nn_load_file(&s, "no/such/dir/model.safetensors"), NN_ERR_IO);
        CHECK_STATUS(nn_load_file(&s, NULL), NN_ERR_ARG);
        CHECK(is_sentinel(&s));
    }
    CHECK_STATUS(nn_save_file(&a, "no/such/dir/model.safetensors"), NN_ERR_IO);
    CHECK_STATUS(nn_save_file(&a, NULL), NN_ERR_ARG);

    /* failing streams: reading a write-only one, writing a read-only one */
    f = fopen("test_io.tmp", "wb");
    if (f) {
        nn_net s = sentinel();
        CHECK_STATUS(nn_load(&s, f), NN_ERR_IO);
        CHECK(is_sentinel(&s));
        fclose(f);
    }
    f = fopen("test_io.tmp", "rb");
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
    f = tmpfile();
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
    remove("test_io.tmp");
    CHECK(alloc_live == 3);             /* a, b, d */
    free(ref);
    free(back);
    nn_net_free(&a);
    nn_net_free(&b);
    nn_net_free(&d);
    CHECK(alloc_live == 0);
}

/* every allocation failing in turn: NN_ERR_NOMEM, untouched, nothing leaked */
static void test_alloc_failures(void)
{
    nn_net a = make_net(3, 4, 2, 31);
    size_t len, k, mem_ok = 0, stream_ok = 0;
    unsigned char *buf = save(&a, &len);
    FILE *f = tmpfile();
    if (f) { fwrite(buf, 1, len, f); }
    for (k = 1; k < 40 && !(mem_ok && stream_ok); k++) {
        nn_net s = sentinel();
        nn_status st;
        alloc_calls = 0; alloc_fail_at = k;
        st = nn_load_mem(&s, buf, len);
        if (st == NN_OK) { if (!mem_ok) mem_ok = k; nn_net_free(&s); s = sentinel(); }
        else CHECK(st == NN_ERR_NOMEM && is_sentinel(&s) && alloc_live == 1);
        if (f) {
            rewind(f);
            alloc_calls = 0;
            st = nn_load(&s, f);
            if (st == NN_OK) { if (!stream_ok) stream_ok = k; nn_net_free(&s); }
            else CHECK(st == NN_ERR_NOMEM && is_sentinel(&s) && alloc_live == 1);
        }
    }
    alloc_fail_at = 0;
    CHECK(mem_ok == 4);         /* keys, tensor records, the network: three */
    CHECK(stream_ok >= 3 || !f);
    if (f) fclose(f);
    free(buf);
    nn_net_free(&a);
}

/* ---- hostile input ---------------------------------------------------- */

static void test_truncations(void)
{
    nn_net a = make_net(3, 4, 2, 41);
    size_t len, k, bad = 0;
    unsigned char *buf = save(&a, &len);
    nn_net_free(&a);
    for (k = 0; k < len; k++) {
        /* a copy of exactly k bytes, so that the sanitizer sees its end */
        unsigned char *t = (unsigned char *)malloc(k ? k : 1);
        FILE *f = tmpfile();
        memcpy(t, buf, k);
        if (!refuses(t, k)) bad++;
        if (f) {
            nn_net s = sentinel();
            fwrite(t, 1, k, f);
            rewind(f);
            if (nn_load(&s, f) != NN_ERR_FORMAT || !is_sentinel(&s) || alloc_live)
                bad++;
            fclose(f);
        }
        free(t);
    }
    CHECK(bad == 0);
    CHECK(len > 300);
    free(buf);
}

static const char mutate_chars[] = "{}[],:\"\\u0123456789 eE.-+tfn\x01\x7f\x80\xC3\xED\xF4";

static void test_mutations(void)
{
    nn_rng r = nn_rng_seed(2026);
    nn_net a = make_net(3, 4, 2, 51);
    size_t len, it, n_ok = 0, n_format = 0, bad = 0, too_big = 0;
    unsigned char *base = save(&a, &len), *m;
    size_t hn = len - 8 - a.n_params * ES;     /* header length */
    nn_net_free(&a);
    m = (unsigned char *)malloc(len + 64);
    for (it = 0; it < 20000; it++) {
        size_t mlen = len, edits = 1 + nn_rng_next(&r) % 4, e;
        nn_net s = sentinel();
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
            alloc_peak = alloc_bytes = 0;
            st = nn_load_mem(&s, t, mlen);
            free(t);
        }
        if (alloc_peak > 2 * mlen) too_big++;
        if (st == NN_OK) {
            n_ok++;
            if (s.n_params != s.n_in * s.n_hidden + s.n_hidden +
                                  s.n_hidden * s.n_out + s.n_out)
                bad++;
            nn_net_free(&s);
        } else if (st == NN_ERR_FORMAT) {
            n_format++;
            if (!is_sentinel(&s)) bad++;
        } else {
            bad++;
        }
        if (alloc_live) bad++;
    }
    CHECK(bad == 0);
    CHECK(too_big == 0);
    /* both outcomes happen, so the loop tests something */
    CHECK(n_ok > 100 && n_format > 10000);
    printf("mutations: %lu loaded, %lu refused\n", (unsigned long)n_ok,
           (unsigned long)n_format);
    free(m);
    free(base);
}

/* the 1-1-1 network, one F64 per tensor: 32 data bytes */
#define HW "\"hidden.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[0,8]}"
#define HB "\"hidden.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}"
#define OW "\"output.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[16,24]}"
#define OB "\"output.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[24,32]}"
#define NET HW "," HB "," OW "," OB
#define X0 "\"x\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0]}"

/* the status of loading header json (as many bytes as given) + dlen bytes */
static nn_status load_json(const char *json, size_t jlen, size_t dlen)
{
    unsigned char data[64], *b;
    size_t len, k;
    nn_net s = sentinel();
    nn_status st;
    for (k = 0; k < sizeof data; k++) data[k] = (unsigned char)(k * 37);
    b = build(json, jlen, data, dlen, &len);
    st = nn_load_mem(&s, b, len);
    free(b);
    if (st == NN_OK) nn_net_free(&s);
    else if (!is_sentinel(&s)) return (nn_status)99;
    if (alloc_live) return (nn_status)98;
    return st;
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
    alloc_peak = alloc_bytes = 0;
    CHECK_STATUS(nn_load_mem(&s, b, len), NN_OK);
    CHECK(alloc_peak <= 2 * len);
    CHECK(alloc_peak >= 20000 * 8);     /* it did record the keys */
    nn_net_free(&s);
    free(b);
    b = many_keys(1, &len);             /* one key twice, far apart */
    s = sentinel();
    CHECK_STATUS(nn_load_mem(&s, b, len), NN_ERR_FORMAT);
    CHECK(is_sentinel(&s) && alloc_live == 0);
    free(b);
}

int main(void)
{
    test_round_trip();
    test_save_mem_contract();
    test_exact_bytes();
    test_golden();
    test_cross_precision();
    test_streams();
    test_alloc_failures();
    test_truncations();
    test_mutations();
    test_malformed();
    test_allocation_bound();
    CHECK(alloc_live == 0);
    return TEST_SUMMARY();
}

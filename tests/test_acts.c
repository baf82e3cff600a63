/* The activations with parameters and the text form of activations:
   nn_act_n_params, nn_act_param_name and PyTorch's defaults in every
   network made; nn_net_set_act_params (and what the parameters change:
   forward, copies); nn_act_parse_params and nn_act_format, their numbers
   read and written exactly (against strtod on random decimals of up to 15
   digits, and back and forth on random values of every magnitude), and
   every text they refuse, having written nothing. The activations' values
   and slopes are test_grad's (against a long double reference).
   Built by `make test` in double, in float and as C++. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NN_IMPLEMENTATION
#include "nn.h"
#include "test.h"

#define IS_FLOAT (sizeof(nn_real) == sizeof(float))
#define TA_COUNT(a) (sizeof(a) / sizeof((a)[0]))

static nn_real ta_nan(void)
{
    volatile double z = 0;
    return (nn_real)(z / z);
}

/* a and b the same bits */
static int ta_same(nn_real a, nn_real b) { return memcmp(&a, &b, sizeof a) == 0; }

/* the names by value, the parameters' count, names and defaults */
static void test_params_table(void)
{
    static const char *const names[] = {"sigmoid", "tanh", "relu", "linear", "softmax",
                                        "gelu", "gelu_tanh", "silu", "leaky_relu", "elu",
                                        "softplus"};
    size_t i;
    int k;
    CHECK(NN_ACT_COUNT == (int)TA_COUNT(names));
    for (i = 0; i < TA_COUNT(names); i++) CHECK(strcmp(nn_act_name((nn_act)i), names[i]) == 0);
    for (k = 0; k < NN_ACT_COUNT; k++) {
        size_t n = nn_act_n_params((nn_act)k);
        CHECK(n == (k == NN_ACT_LEAKY_RELU || k == NN_ACT_ELU ? 1u
                    : k == NN_ACT_SOFTPLUS                     ? 2u
                                                               : 0u));
        CHECK(nn_act_param_name((nn_act)k, n) == NULL);
    }
    CHECK(strcmp(nn_act_param_name(NN_ACT_LEAKY_RELU, 0), "negative_slope") == 0);
    CHECK(strcmp(nn_act_param_name(NN_ACT_ELU, 0), "alpha") == 0);
    CHECK(strcmp(nn_act_param_name(NN_ACT_SOFTPLUS, 0), "beta") == 0);
    CHECK(strcmp(nn_act_param_name(NN_ACT_SOFTPLUS, 1), "threshold") == 0);
    CHECK(nn_act_n_params(NN_ACT_COUNT) == 0 && nn_act_param_name(NN_ACT_COUNT, 0) == NULL);
    CHECK(nn_act_param_name(NN_ACT_SOFTPLUS, 2) == NULL);
    CHECK(nn_act_param_name(NN_ACT_RELU, 0) == NULL);
}

/* a network of one layer per activation (softmax last), made with
   PyTorch's defaults; copies keep the parameters */
static void test_defaults(void)
{
    size_t widths[NN_ACT_COUNT + 1], l;
    nn_act acts[NN_ACT_COUNT];
    nn_net net, copy;
    int k, n = 0;
    for (k = 0; k < NN_ACT_COUNT; k++)
        if (k != NN_ACT_SOFTMAX) acts[n++] = (nn_act)k;
    acts[n++] = NN_ACT_SOFTMAX;
    for (l = 0; l <= (size_t)n; l++) widths[l] = 3;
    CHECK_STATUS(nn_net_init_layers(&net, (size_t)n, widths, acts, NN_LOSS_CE), NN_OK);
    for (l = 0; l < (size_t)n; l++) {
        const nn_real *p = net.layers[l].act_param;
        nn_act a = net.layers[l].act;
        if (a == NN_ACT_LEAKY_RELU) CHECK(p[0] == (nn_real)0.01 && p[1] == 0);
        else if (a == NN_ACT_ELU) CHECK(p[0] == 1 && p[1] == 0);
        else if (a == NN_ACT_SOFTPLUS) CHECK(p[0] == 1 && p[1] == 20);
        else CHECK(p[0] == 0 && p[1] == 0);
    }
    {
        const nn_real two[2] = {(nn_real)0.5, (nn_real)3};
        size_t sp = 0;
        for (l = 0; l < (size_t)n; l++)
            if (net.layers[l].act == NN_ACT_SOFTPLUS) sp = l;
        CHECK_STATUS(nn_net_set_act_params(&net, sp, two, 2), NN_OK);
        memset(&copy, 0xAB, sizeof copy);        /* never read */
        CHECK_STATUS(nn_net_copy(&copy, &net), NN_OK);
        CHECK(copy.layers[sp].act_param[0] == (nn_real)0.5 && copy.layers[sp].act_param[1] == 3);
        CHECK_STATUS(nn_net_copy_params(&copy, &net), NN_OK);
        /* other parameters: another network to nn_net_copy_params */
        CHECK_STATUS(nn_net_set_act_params(&copy, sp, two + 1, 0), NN_ERR_ARG);
        {
            const nn_real other[2] = {(nn_real)0.5, (nn_real)4};
            CHECK_STATUS(nn_net_set_act_params(&copy, sp, other, 2), NN_OK);
            CHECK_STATUS(nn_net_copy_params(&copy, &net), NN_ERR_SHAPE);
        }
        nn_net_free(&copy);
    }
    nn_net_free(&net);
}

/* a 1 -> 1 network of activation a with parameters p, weight 1, bias 0:
   its outputs on x[0..n) */
static void ta_forward(nn_act a, const nn_real *p, const nn_real *x, nn_real *out, size_t n)
{
    const size_t widths[2] = {1, 1};
    nn_net net;
    nn_work w;
    CHECK_STATUS(nn_net_init_layers(&net, 1, widths, &a, NN_LOSS_SSE), NN_OK);
    net.params[0] = 1;
    CHECK_STATUS(nn_net_set_act_params(&net, 0, p, nn_act_n_params(a)), NN_OK);
    CHECK_STATUS(nn_work_init(&w, &net, n), NN_OK);
    CHECK_STATUS(nn_forward(&net, nn_mat_cview(x, n, 1), &w), NN_OK);
    memcpy(out, w.out.data, n * sizeof(nn_real));
    nn_work_free(&w);
    nn_net_free(&net);
}

/* the parameters are what forward uses; the setter's refusals */
static void test_set_params(void)
{
    const nn_real x[6] = {-3, -1, (nn_real)-0.25, 0, 1, 2};
    nn_real y[6], p[2];
    const size_t widths[3] = {2, 2, 1};
    const nn_act acts[2] = {NN_ACT_LEAKY_RELU, NN_ACT_SOFTPLUS};
    nn_net net, before;
    nn_layer layers[2], lb[2];
    nn_real params[9] = {0};
    size_t i;
    p[0] = (nn_real)-0.5;
    ta_forward(NN_ACT_LEAKY_RELU, p, x, y, 6);
    for (i = 0; i < 6; i++) CHECK(ta_same(y[i], x[i] > 0 ? x[i] : x[i] * (nn_real)-0.5));
    p[0] = (nn_real)2.5;
    ta_forward(NN_ACT_ELU, p, x, y, 6);
    for (i = 0; i < 6; i++)
        CHECK(ta_same(y[i], x[i] > 0 ? x[i] : (nn_real)(expm1((double)x[i]) * 2.5)));
    p[0] = 2;
    p[1] = 1;     /* linear where 2 z > 1 */
    ta_forward(NN_ACT_SOFTPLUS, p, x, y, 6);
    for (i = 0; i < 6; i++)
        CHECK(ta_same(y[i], 2 * x[i] > 1 ? x[i]
                                         : (nn_real)(log1p(exp(2 * (double)x[i])) / 2)));
    /* refused, nothing written */
    CHECK_STATUS(nn_net_init_layers(&net, 2, widths, acts, NN_LOSS_SSE), NN_OK);
    before = net;
    memcpy(lb, net.layers, sizeof lb);
    p[0] = (nn_real)0.2;
    p[1] = 5;
    CHECK_STATUS(nn_net_set_act_params(NULL, 0, p, 1), NN_ERR_ARG);
    CHECK_STATUS(nn_net_set_act_params(&net, 2, p, 1), NN_ERR_ARG);
    CHECK_STATUS(nn_net_set_act_params(&net, 0, p, 2), NN_ERR_ARG);
    CHECK_STATUS(nn_net_set_act_params(&net, 0, p, 0), NN_ERR_ARG);
    CHECK_STATUS(nn_net_set_act_params(&net, 0, NULL, 1), NN_ERR_ARG);
    CHECK_STATUS(nn_net_set_act_params(&net, 1, p, 1), NN_ERR_ARG);
    p[0] = 0;     /* softplus's beta */
    CHECK_STATUS(nn_net_set_act_params(&net, 1, p, 2), NN_ERR_ARG);
    p[0] = 1;
    p[1] = ta_nan();
    CHECK_STATUS(nn_net_set_act_params(&net, 1, p, 2), NN_ERR_ARG);
    p[0] = ta_nan();
    CHECK_STATUS(nn_net_set_act_params(&net, 0, p, 1), NN_ERR_ARG);
    p[0] = (nn_real)(IS_FLOAT ? FLT_MAX : DBL_MAX) * 2;
    CHECK_STATUS(nn_net_set_act_params(&net, 0, p, 1), NN_ERR_ARG);
    CHECK(memcmp(&net, &before, sizeof net) == 0 && memcmp(net.layers, lb, sizeof lb) == 0);
    /* negative slopes, and softplus's negative beta, are PyTorch's too */
    p[0] = -3;
    p[1] = 5;
    CHECK_STATUS(nn_net_set_act_params(&net, 0, p, 1), NN_OK);
    CHECK_STATUS(nn_net_set_act_params(&net, 1, p, 2), NN_OK);
    CHECK(net.layers[0].act_param[0] == -3 && net.layers[1].act_param[0] == -3);
    nn_net_free(&net);
    /* a view's parameters live in its layers */
    CHECK_STATUS(nn_net_view(&net, 2, widths, acts, NN_LOSS_SSE, params, 9, layers), NN_OK);
    p[0] = (nn_real)0.125;
    CHECK_STATUS(nn_net_set_act_params(&net, 0, p, 1), NN_OK);
    CHECK(layers[0].act_param[0] == (nn_real)0.125);
    nn_net_free(&net);
}

/* text nn_act_parse_params reads: the activation and both parameters */
static void ta_parses(const char *text, nn_act want, double p0, double p1)
{
    nn_act a = NN_ACT_COUNT;
    nn_real p[2] = {-7, -7};
    nn_status s = nn_act_parse_params(text, strlen(text), &a, p);
    if (s != NN_OK || a != want || !ta_same(p[0], (nn_real)p0) || !ta_same(p[1], (nn_real)p1))
        fprintf(stderr, "parse \"%s\": status %d, %s(%.17g, %.17g)\n", text, (int)s,
                nn_act_name(a), (double)p[0], (double)p[1]);
    CHECK_STATUS(s, NN_OK);
    CHECK(a == want && ta_same(p[0], (nn_real)p0) && ta_same(p[1], (nn_real)p1));
}

/* text nn_act_parse_params refuses, writing nothing */
static void ta_refuses(const char *text)
{
    nn_act a = NN_ACT_COUNT;
    nn_real p[2] = {-7, -7};
    nn_status s = nn_act_parse_params(text, strlen(text), &a, p);
    if (s != NN_ERR_ARG) fprintf(stderr, "parse \"%s\": status %d\n", text, (int)s);
    CHECK_STATUS(s, NN_ERR_ARG);
    CHECK(a == NN_ACT_COUNT && p[0] == -7 && p[1] == -7);
}

static void test_parse(void)
{
    static const char *const bad[] = {
        "", " relu", "relu ", "Relu", "relu(1)", "relu()x", "leaky_relu(", "leaky_relu(0.2",
        "leaky_relu(0.2))", "leaky_relu (0.2)", "leaky_relu(0.2) ", "leaky_relu(x=1)",
        "leaky_relu(0.2,0.3)", "leaky_relu(,)", "leaky_relu(0.2,)", "leaky_relu(=1)",
        "leaky_relu(negative_slope)", "leaky_relu(negative_slope=)", "leaky_relu(-)",
        "leaky_relu(1e)", "leaky_relu(1e+)", "leaky_relu(0x)", "leaky_relu(0xp1)",
        "leaky_relu(.)", "leaky_relu(nan)", "leaky_relu(inf)", "leaky_relu(1e400)",
        "leaky_relu(1 2)", "leaky_relu(0.2;)", "softplus(beta=0)", "softplus(0)",
        "softplus(beta=1,beta=2)", "softplus(beta=1, 2)", "softplus(1,2,3)",
        "softplus(threshold=1,threshold=1)", "elu(alpha=1", "gelu(approximate=1)",
        "softmax(1)", "elu(alpha=\"1\")", "elu(alpha=+1)", "elu(alpha=--1)",
        "leaky_relu(negative_slope", "softplus(betx=1)", "elu(alpha=1e401)",
        "elu(alpha=1e999999999)", "elu(alpha=1.7976931348623159e308)", "elu(alpha=0x1p1024)"};
    size_t i;
    nn_act a;
    nn_real p[2];
    ta_parses("relu", NN_ACT_RELU, 0, 0);
    ta_parses("gelu_tanh", NN_ACT_GELU_TANH, 0, 0);
    ta_parses("relu()", NN_ACT_RELU, 0, 0);
    ta_parses("leaky_relu", NN_ACT_LEAKY_RELU, (double)(nn_real)0.01, 0);
    ta_parses("leaky_relu()", NN_ACT_LEAKY_RELU, (double)(nn_real)0.01, 0);
    ta_parses("leaky_relu(0.2)", NN_ACT_LEAKY_RELU, (double)(nn_real)0.2, 0);
    ta_parses("leaky_relu(negative_slope=0.2)", NN_ACT_LEAKY_RELU, (double)(nn_real)0.2, 0);
    ta_parses("leaky_relu( negative_slope = -0.25 )", NN_ACT_LEAKY_RELU, -0.25, 0);
    ta_parses("leaky_relu(\t0.5\t)", NN_ACT_LEAKY_RELU, 0.5, 0);
    ta_parses("elu", NN_ACT_ELU, 1, 0);
    ta_parses("elu(alpha=1e-3)", NN_ACT_ELU, (double)(nn_real)1e-3, 0);
    ta_parses("elu(alpha=1E+2)", NN_ACT_ELU, 100, 0);
    ta_parses("elu(alpha=2.)", NN_ACT_ELU, 2, 0);
    ta_parses("elu(alpha=.5)", NN_ACT_ELU, 0.5, 0);
    ta_parses("elu(alpha=-0)", NN_ACT_ELU, -0.0, 0);
    ta_parses("elu(alpha=0x1.8p1)", NN_ACT_ELU, 3, 0);
    ta_parses("elu(alpha=-0X1P-2)", NN_ACT_ELU, -0.25, 0);
    ta_parses("elu(alpha=0x10)", NN_ACT_ELU, 16, 0);
    ta_parses("softplus", NN_ACT_SOFTPLUS, 1, 20);
    ta_parses("softplus(2)", NN_ACT_SOFTPLUS, 2, 20);
    ta_parses("softplus(2,10)", NN_ACT_SOFTPLUS, 2, 10);
    ta_parses("softplus(beta=2, threshold=10)", NN_ACT_SOFTPLUS, 2, 10);
    ta_parses("softplus(threshold=10, beta=2)", NN_ACT_SOFTPLUS, 2, 10);
    ta_parses("softplus(threshold=-1.5)", NN_ACT_SOFTPLUS, 1, -1.5);
    ta_parses("softplus(2, threshold=7)", NN_ACT_SOFTPLUS, 2, 7);
    /* many digits, past what m holds: the value still right */
    ta_parses("elu(alpha=1.00000000000000000000000000000000000001)", NN_ACT_ELU, 1, 0);
    ta_parses("elu(alpha=100000000000000000000000000000)", NN_ACT_ELU,
              (double)(nn_real)1e29, 0);
    ta_parses("elu(alpha=0.000000000000000000001)", NN_ACT_ELU, (double)(nn_real)1e-21, 0);
    for (i = 0; i < TA_COUNT(bad); i++) ta_refuses(bad[i]);
    /* the text ends inside a number */
    CHECK_STATUS(nn_act_parse_params("elu(alpha=1e", 12, &a, p), NN_ERR_ARG);
    CHECK_STATUS(nn_act_parse_params("elu(alpha=1e+", 13, &a, p), NN_ERR_ARG);
    CHECK_STATUS(nn_act_parse_params("elu(alpha=0x", 12, &a, p), NN_ERR_ARG);
    /* the edges: 0 and past the smallest subnormal, the largest double,
       uppercase hexadecimal, exponents beyond any value */
    ta_parses("elu(alpha=0e999)", NN_ACT_ELU, 0, 0);
    ta_parses("elu(alpha=1e-401)", NN_ACT_ELU, 0, 0);
    ta_parses("elu(alpha=1e-999999999)", NN_ACT_ELU, 0, 0);
    ta_parses("elu(alpha=0x1.ABCp+3)", NN_ACT_ELU, (double)(nn_real)13.3671875, 0);
    ta_parses("elu(alpha=0x1.abcP-3)", NN_ACT_ELU, (double)(nn_real)0.208862304687500, 0);
    if (!IS_FLOAT) {
        ta_parses("elu(alpha=1.7976931348623158e308)", NN_ACT_ELU, DBL_MAX, 0);
        ta_parses("elu(alpha=2.4703282292062328e-324)", NN_ACT_ELU, 4.9406564584124654e-324, 0);
        ta_parses("elu(alpha=2.4703282292062327e-324)", NN_ACT_ELU, 0, 0);
    }
    {
        /* 0.000...01 with a million zeros, and a million digits before the
           point: exponents clamped, values 0 and past any double */
        const size_t big = 1000010;
        char *t = (char *)malloc(big + 32);
        if (t) {
            size_t k;
            memcpy(t, "elu(alpha=0.", 12);
            for (k = 12; k < big; k++) t[k] = '0';
            memcpy(t + big, "1)", 3);
            ta_parses(t, NN_ACT_ELU, 0, 0);
            t[11] = '0';       /* "elu(alpha=00000...1)": 1 */
            ta_parses(t, NN_ACT_ELU, 1, 0);
            t[10] = '1';       /* 1 followed by a million digits: too large */
            ta_refuses(t);
            free(t);
        }
    }
    /* len, not the NUL, ends the text */
    a = NN_ACT_COUNT;
    CHECK_STATUS(nn_act_parse_params("relu,tanh", 4, &a, p), NN_OK);
    CHECK(a == NN_ACT_RELU);
    CHECK_STATUS(nn_act_parse_params("elu(alpha=2)x", 12, &a, p), NN_OK);
    CHECK(a == NN_ACT_ELU && p[0] == 2);
    CHECK_STATUS(nn_act_parse_params("elu(alpha=2)", 11, &a, p), NN_ERR_ARG);
    CHECK_STATUS(nn_act_parse_params(NULL, 4, &a, p), NN_ERR_ARG);
    CHECK_STATUS(nn_act_parse_params("relu", 4, NULL, p), NN_ERR_ARG);
    CHECK_STATUS(nn_act_parse_params("relu", 4, &a, NULL), NN_ERR_ARG);
}

/* an exact decimal: shortest, else hexadecimal */
static void ta_formats(nn_act a, double p0, double p1, const char *want)
{
    nn_real p[2];
    char buf[160];
    size_t len = 0;
    p[0] = (nn_real)p0;
    p[1] = (nn_real)p1;
    memset(buf, 'x', sizeof buf);
    CHECK_STATUS(nn_act_format(a, p, buf, sizeof buf, &len), NN_OK);
    if (strcmp(buf, want) != 0) fprintf(stderr, "format: \"%s\", want \"%s\"\n", buf, want);
    CHECK(strcmp(buf, want) == 0 && len == strlen(want));
}

static void test_format(void)
{
    nn_real p[2] = {1, 20};
    char buf[64];
    size_t len = 0;
    ta_formats(NN_ACT_RELU, 0, 0, "relu");
    ta_formats(NN_ACT_LEAKY_RELU, 0.01, 0, "leaky_relu(negative_slope=0.01)");
    ta_formats(NN_ACT_SOFTPLUS, 1, 20, "softplus(beta=1,threshold=20)");
    ta_formats(NN_ACT_ELU, 1.5, 0, "elu(alpha=1.5)");
    ta_formats(NN_ACT_ELU, -0.0, 0, "elu(alpha=-0)");
    ta_formats(NN_ACT_ELU, 0.0001, 0, "elu(alpha=0.0001)");
    ta_formats(NN_ACT_ELU, 1e-5, 0, "elu(alpha=1e-05)");
    ta_formats(NN_ACT_ELU, -2.5e-7, 0, "elu(alpha=-2.5e-07)");
    ta_formats(NN_ACT_ELU, 1e15, 0, "elu(alpha=1000000000000000)");
    ta_formats(NN_ACT_ELU, 2.5e16, 0, "elu(alpha=2.5e+16)");
    ta_formats(NN_ACT_ELU, 1e22, 0, "elu(alpha=1e+22)");
    ta_formats(NN_ACT_ELU, 0.5, 0, "elu(alpha=0.5)");
    ta_formats(NN_ACT_ELU, 100, 0, "elu(alpha=100)");
    if (!IS_FLOAT) {
        ta_formats(NN_ACT_ELU, 123456789012345.0, 0, "elu(alpha=123456789012345)");
        ta_formats(NN_ACT_ELU, 0.1 + 0.2, 0, "elu(alpha=0.30000000000000004)");
        ta_formats(NN_ACT_ELU, 1e-30, 0, "elu(alpha=1e-30)");
        ta_formats(NN_ACT_ELU, 1.0 / 3, 0, "elu(alpha=0.3333333333333333)");
        ta_formats(NN_ACT_ELU, 1.0 / 11, 0, "elu(alpha=0.09090909090909091)");
        ta_formats(NN_ACT_ELU, 5e-324, 0, "elu(alpha=5e-324)");
        ta_formats(NN_ACT_ELU, DBL_MAX, 0, "elu(alpha=1.7976931348623157e+308)");
        ta_formats(NN_ACT_ELU, 9007199254740993.0, 0, "elu(alpha=9007199254740992)");
    } else {
        ta_formats(NN_ACT_ELU, 0.1, 0, "elu(alpha=0.1)");     /* 0.1f's shortest */
        ta_formats(NN_ACT_ELU, 1.0 / 3, 0, "elu(alpha=0.33333334)");
    }
    /* the length alone; a buffer too short: only the length */
    CHECK_STATUS(nn_act_format(NN_ACT_SOFTPLUS, p, NULL, 0, &len), NN_OK);
    CHECK(len == strlen("softplus(beta=1,threshold=20)"));
    memset(buf, 'x', sizeof buf);
    CHECK_STATUS(nn_act_format(NN_ACT_SOFTPLUS, p, buf, len, &len), NN_OK);
    CHECK(buf[0] == 'x' && len == strlen("softplus(beta=1,threshold=20)"));
    CHECK_STATUS(nn_act_format(NN_ACT_RELU, NULL, buf, sizeof buf, &len), NN_OK);
    CHECK(strcmp(buf, "relu") == 0);
    /* refused, nothing written */
    len = 99;
    memset(buf, 'x', sizeof buf);
    CHECK_STATUS(nn_act_format(NN_ACT_COUNT, p, buf, sizeof buf, &len), NN_ERR_ARG);
    CHECK_STATUS(nn_act_format(NN_ACT_ELU, NULL, buf, sizeof buf, &len), NN_ERR_ARG);
    CHECK_STATUS(nn_act_format(NN_ACT_ELU, p, NULL, 5, &len), NN_ERR_ARG);
    CHECK_STATUS(nn_act_format(NN_ACT_ELU, p, buf, sizeof buf, NULL), NN_ERR_ARG);
    p[1] = ta_nan();
    CHECK_STATUS(nn_act_format(NN_ACT_SOFTPLUS, p, buf, sizeof buf, &len), NN_ERR_ARG);
    p[0] = 0;
    p[1] = 1;
    CHECK_STATUS(nn_act_format(NN_ACT_SOFTPLUS, p, buf, sizeof buf, &len), NN_ERR_ARG);
    CHECK(len == 99 && buf[0] == 'x');
}

/* a random double of any magnitude and sign, finite: random bits */
static double ta_any(nn_rng *r)
{
    for (;;) {
        uint64_t b = nn_rng_next(r);
        double v;
        memcpy(&v, &b, sizeof v);
        if (v - v == 0) return v;
    }
}

/* text, "elu(alpha=V)", reads as strtod reads V (refused when that is not
   finite, or not an nn_real) */
static int ta_reads(const char *text)
{
    const double want = strtod(text + 10, NULL);
    nn_act a;
    nn_real p[2];
    const nn_status s = nn_act_parse_params(text, strlen(text), &a, p);
    if (!((nn_real)want - (nn_real)want == 0)) return s == NN_ERR_ARG;
    if (s == NN_OK && ta_same(p[0], (nn_real)want)) return 1;
    fprintf(stderr, "%s read as %.17g, strtod %.17g\n", text, (double)p[0], want);
    return 0;
}

/* Decimals of up to 19 digits read as strtod reads them, bit for bit:
   random ones of 1 to 15 digits in [1e-7, 1e7), of 17 and 19 digits from
   10^-330 to 10^310 (float: 10^-50 to 10^40), exact halfway points between
   doubles (ties to even: integers of 2^53 to 2^63), subnormals; every
   value nn_act_format writes reads back to the same bits. */
static void test_numbers(void)
{
    nn_rng r = nn_rng_seed(15);
    int i, exact = 1, near = 1, back = 1;
    char text[96], buf[160];
    for (i = 0; i < 100000; i++) {
        /* value in [1e-7, 1e7) with 1..15 significant digits */
        const int digits = 1 + (int)(nn_rng_next(&r) % 15);
        const double v = pow(10, -7 + 14 * (double)nn_rng_uniform(&r));
        nn_act a;
        nn_real p[2], want;
        snprintf(text, sizeof text, "elu(alpha=%.*g)", digits, v);
        want = (nn_real)strtod(text + 10, NULL);
        exact &= nn_act_parse_params(text, strlen(text), &a, p) == NN_OK && ta_same(p[0], want);
        /* 17 and 19 digits, over the whole range and past it */
        snprintf(text, sizeof text, "elu(alpha=%.*e)", i % 2 ? 16 : 18,
                 (1 + 9 * (double)nn_rng_uniform(&r)) *
                     pow(10, IS_FLOAT ? (double)(nn_rng_next(&r) % 91) - 50
                                      : (double)(nn_rng_next(&r) % 641) - 330));
        near &= ta_reads(text);
        /* an exact halfway point between doubles of 2^53 to 2^63: an
           integer of at most 19 digits, given as it is or as digits and a
           power of ten (ties to even, the estimate on either side) */
        {
            const uint64_t h = (((uint64_t)1 << 53) + (nn_rng_next(&r) >> 11)) | 1;
            const unsigned sh = (unsigned)(nn_rng_next(&r) % 10);   /* below 2^63 */
            snprintf(text, sizeof text, i % 3 == 0   ? "elu(alpha=%llu)"
                                        : i % 3 == 1 ? "elu(alpha=%llu000e-3)"
                                                     : "elu(alpha=%llue0)",
                     (unsigned long long)(h << sh));
            near &= ta_reads(text);
        }
        /* the halfway point between two doubles, to 19 digits */
        {
            const double v = ta_any(&r), u = nextafter(v, 2 * v);
            snprintf(text, sizeof text, "elu(alpha=%.18e)", v / 2 + u / 2);
            near &= ta_reads(text);
        }    }
    for (i = 0; i < 100000; i++) {
        nn_real p[2], q[2];
        size_t len = 0;
        nn_act a;
        p[0] = (nn_real)ta_any(&r);
        if (i % 4 == 0) p[0] = (nn_real)((double)p[0] / 1e300);   /* subnormals */
        if (i % 4 == 1) p[0] = (nn_real)(nn_rng_next(&r) % 100000) / 1000;
        if (!(p[0] - p[0] == 0)) p[0] = 1;
        p[1] = 0;
        back &= nn_act_format(NN_ACT_ELU, p, buf, sizeof buf, &len) == NN_OK &&
                nn_act_parse_params(buf, len, &a, q) == NN_OK && ta_same(p[0], q[0]);
        if (!back) {
            fprintf(stderr, "%.17g written as %s\n", (double)p[0], buf);
            break;
        }
    }
    /* either side of 2^53's halfway point below it (2^53 - 1/2), and of
       the largest double's above it, where the estimate is past DBL_MAX */
    CHECK(ta_reads("elu(alpha=9007199254740991.6)"));
    CHECK(ta_reads("elu(alpha=9007199254740991.4)"));
    CHECK(ta_reads("elu(alpha=9007199254740991.5)"));
    CHECK(ta_reads("elu(alpha=4503599627370495.75)"));
    CHECK(ta_reads("elu(alpha=1.7976931348623157e308)"));
    CHECK(ta_reads("elu(alpha=1.797693134862315807e308)"));
    CHECK(ta_reads("elu(alpha=1.797693134862315808e308)"));
    CHECK(exact);
    CHECK(near);
    CHECK(back);
}

/* Every activation with z in its slope on both paths (the tiny path's
   plain loops; the gemm, its epilogues applying f and f' as it writes),
   hidden and as the output with the sum of squares, pre-activations on
   every side of each kink: nn_predict gives nn_forward's out bit for bit,
   the gradient is finite and a training step reports nn_net_loss's loss
   (test_grad compares the gradients with central differences). */
static void test_paths(void)
{
    static const nn_act acts[] = {NN_ACT_GELU, NN_ACT_GELU_TANH, NN_ACT_SILU,
                                  NN_ACT_LEAKY_RELU, NN_ACT_ELU, NN_ACT_SOFTPLUS};
    static const size_t small[4] = {3, 5, 4, 2}, big[4] = {20, 24, 18, 17};
    nn_rng r = nn_rng_seed(31);
    size_t k, size, i;
    for (k = 0; k < TA_COUNT(acts); k++)
        for (size = 0; size < 2; size++) {
            const size_t *w = size ? big : small, N = size ? 24 : 6;
            const nn_act a3[3] = {acts[k], acts[k], acts[k]};
            nn_real p[2] = {(nn_real)-0.2, (nn_real)0.5}, *x, *y, *yh, L0 = 0, Lp = 0;
            nn_net net;
            nn_work wk;
            if (acts[k] == NN_ACT_ELU) p[0] = (nn_real)1.5;
            if (acts[k] == NN_ACT_SOFTPLUS) p[0] = 2;
            CHECK_STATUS(nn_net_init_layers(&net, 3, w, a3, NN_LOSS_SSE), NN_OK);
            for (i = 0; i < 3; i++)
                CHECK_STATUS(nn_net_set_act_params(&net, i, p, nn_act_n_params(acts[k])),
                             NN_OK);
            CHECK_STATUS(nn_net_init_weights(&net, &r, NN_INIT_GLOROT_UNIFORM), NN_OK);
            CHECK_STATUS(nn_work_init(&wk, &net, N), NN_OK);
            x = (nn_real *)malloc(N * (w[0] + w[3] + w[3]) * sizeof(nn_real));
            if (!x) break;
            y = x + N * w[0];
            yh = y + N * w[3];
            for (i = 0; i < N * w[0]; i++) x[i] = (nn_real)(6 * nn_rng_uniform(&r) - 3);
            for (i = 0; i < N * w[3]; i++) y[i] = (nn_real)(nn_rng_uniform(&r) - 0.5);
            CHECK_STATUS(nn_forward(&net, nn_mat_cview(x, N, w[0]), &wk), NN_OK);
            CHECK_STATUS(nn_predict(&net, nn_mat_cview(x, N, w[0]), nn_mat_view(yh, N, w[3]),
                                    NULL, 0), NN_OK);
            CHECK(memcmp(yh, wk.out.data, N * w[3] * sizeof(nn_real)) == 0);
            CHECK_STATUS(nn_backprop(&net, nn_mat_cview(x, N, w[0]), nn_mat_cview(y, N, w[3]),
                                     &wk), NN_OK);
            /* the gradient finite; a step's loss is nn_net_loss's, to the bit */
            for (i = 0; i < net.n_params && wk.grad[i] - wk.grad[i] == 0; i++) {}
            CHECK(i == net.n_params);
            CHECK_STATUS(nn_net_loss(&net, &wk, nn_mat_cview(y, N, w[3]), &L0), NN_OK);
            CHECK_STATUS(nn_train_step(&net, nn_mat_cview(x, N, w[0]), nn_mat_cview(y, N, w[3]),
                                       (nn_real)0.001, &wk, &Lp), NN_OK);
            CHECK(ta_same(L0, Lp));
            free(x);
            nn_work_free(&wk);
            nn_net_free(&net);
        }
}

int main(void)
{
    printf("nn.h %s, nn_real is %s\n", NN_VERSION, IS_FLOAT ? "float" : "double");
    test_params_table();
    test_defaults();
    test_set_params();
    test_paths();
    test_parse();
    test_format();
    test_numbers();
    return TEST_SUMMARY();
}

/* NN_CORE_ACTS, the firmware's build of the activations: sigmoid, tanh,
   relu, linear and softmax work as in the full build, bit for bit (the
   same plain loops); every other activation is refused wherever one can
   come in (the makers, nn_mat_activate, the text forms, the loaders), and
   none takes parameters. Built by `make test` in double and float. */
#include <stdio.h>
#include <string.h>

#define NN_CORE_ACTS
#define NN_IMPLEMENTATION
#include "nn.h"
#include "test.h"

int main(void)
{
    static const nn_act others[] = {NN_ACT_GELU, NN_ACT_GELU_TANH, NN_ACT_SILU,
                                    NN_ACT_LEAKY_RELU, NN_ACT_ELU, NN_ACT_SOFTPLUS};
    static const char *const names[] = {"gelu", "gelu_tanh", "silu", "leaky_relu(0.2)",
                                        "elu", "softplus(beta=2)"};
    const size_t widths[3] = {2, 3, 1};
    nn_real params[13] = {0}, v[4] = {-1, 0, (nn_real)0.5, 2}, p[2] = {1, 1};
    nn_layer layers[2];
    nn_net net;
    nn_act acts[2], a = NN_ACT_COUNT;
    size_t k, len = 7;
    char buf[64];
    int i;
    /* the core five: made, named, parsed, without parameters */
    for (i = 0; i < NN_ACT_GELU; i++) {
        CHECK(strcmp(nn_act_name((nn_act)i), "unknown") != 0);
        CHECK(nn_act_n_params((nn_act)i) == 0);
        CHECK_STATUS(nn_act_parse_params(nn_act_name((nn_act)i),
                                         strlen(nn_act_name((nn_act)i)), &a, p), NN_OK);
        CHECK(a == (nn_act)i && p[0] == 0 && p[1] == 0);
    }
    acts[0] = NN_ACT_RELU;
    acts[1] = NN_ACT_SIGMOID;
    CHECK_STATUS(nn_net_init_layers(&net, 2, widths, acts, NN_LOSS_SSE), NN_OK);
    nn_net_free(&net);
    CHECK_STATUS(nn_mat_activate(nn_mat_view(v, 2, 2), NN_ACT_RELU), NN_OK);
    CHECK(v[0] == 0 && v[1] == 0 && v[2] == (nn_real)0.5 && v[3] == 2);
    CHECK(strcmp(nn_act_name(NN_ACT_COUNT), "unknown") == 0);
    /* the others: refused everywhere, nothing written */
    for (k = 0; k < sizeof others / sizeof others[0]; k++) {
        const nn_act o = others[k];
        acts[0] = o;
        a = NN_ACT_COUNT;
        CHECK(strcmp(nn_act_name(o), "unknown") == 0);
        CHECK(nn_act_n_params(o) == 0 && nn_act_param_name(o, 0) == NULL);
        CHECK_STATUS(nn_act_parse("unknown", &a), NN_ERR_ARG);
        CHECK_STATUS(nn_act_parse(k < 3 ? names[k] : k == 3 ? "leaky_relu" : k == 4 ? "elu"
                                                                              : "softplus",
                                  &a), NN_ERR_ARG);
        CHECK_STATUS(nn_act_parse_params(names[k], strlen(names[k]), &a, p), NN_ERR_ARG);
        CHECK(a == NN_ACT_COUNT);
        CHECK_STATUS(nn_act_format(o, p, buf, sizeof buf, &len), NN_ERR_ARG);
        CHECK(len == 7);
        CHECK_STATUS(nn_mat_activate(nn_mat_view(v, 2, 2), o), NN_ERR_ARG);
        CHECK_STATUS(nn_net_init_layers(&net, 2, widths, acts, NN_LOSS_SSE), NN_ERR_ARG);
        CHECK_STATUS(nn_net_view(&net, 2, widths, acts, NN_LOSS_SSE, params, 13, layers),
                     NN_ERR_ARG);
    }
#ifndef NN_NO_FILES
    {
        /* a file with gelu: refused, saying so */
        static const char json[] =
            "{\"__metadata__\":{\"activations\":\"gelu,linear\"},"
            "\"0.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[0,8]},"
            "\"0.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]},"
            "\"2.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[16,24]},"
            "\"2.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[24,32]}}";
        unsigned char file[8 + sizeof json + 32] = {0};
        nn_load_opts o;
        memset(&o, 0, sizeof o);
        file[0] = (unsigned char)((sizeof json - 1) & 255);
        file[1] = (unsigned char)((sizeof json - 1) >> 8);
        memcpy(file + 8, json, sizeof json - 1);
        CHECK_STATUS(nn_load_mem_ex(&net, file, 8 + sizeof json - 1 + 32, &o), NN_ERR_FORMAT);
        CHECK(strcmp(o.why, "unknown activation gelu") == 0);
        memcpy(file + 8 + 32, "relu", 4);      /* "gelu" -> "relu": loads */
        CHECK_STATUS(nn_load_mem(&net, file, 8 + sizeof json - 1 + 32), NN_OK);
        nn_net_free(&net);
    }
#endif
    return TEST_SUMMARY();
}

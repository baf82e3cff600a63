/* acts.h - what predict and export share: the --activations option, a
   first look at the model file, so that a file of another kind (a CSV
   given in the model's place) is named as such, and a look at its
   parameters once loaded, so that a damaged one is. */
#ifndef NN_EXAMPLES_ACTS_H
#define NN_EXAMPLES_ACTS_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* 0 when path can be a model file: a safetensors file, which starts with
   its JSON header's length N (8 bytes, little-endian; N at most the rest
   of the file) and then the header, '{' after any blanks. Else -1, after
   one line on stderr: "PROG: PATH: cannot open: why" (or read), or "...
   not an nn.h model file (safetensors)". */
static int model_file_check(const char *prog, const char *path)
{
    unsigned char b[9];
    unsigned long long n = 0;
    long size = -1;
    size_t got, k;
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: %.200s: cannot open: %s\n", prog, path, strerror(errno));
        return -1;
    }
    got = fread(b, 1, sizeof b, f);
    if (ferror(f)) {
        fprintf(stderr, "%s: %.200s: cannot read: %s\n", prog, path, strerror(errno));
        fclose(f);
        return -1;
    }
    if (fseek(f, 0, SEEK_END) == 0) size = ftell(f);
    fclose(f);
    for (k = 8; got == sizeof b && k > 0; k--) n = n << 8 | b[k - 1];
    if (got == sizeof b && n >= 2 && (size < 0 || n <= (unsigned long long)size - 8) &&
        (b[8] == '{' || b[8] == ' ' || b[8] == '\t' || b[8] == '\n' || b[8] == '\r'))
        return 0;
    fprintf(stderr, "%s: %.200s: not an nn.h model file (safetensors)\n", prog, path);
    return -1;
}

/* the first of v[0..n) that is not finite, or n */
static size_t first_nonfinite(const nn_real *v, size_t n)
{
    size_t i;
    for (i = 0; i < n && (double)v[i] - (double)v[i] == 0; i++) {}
    return i;
}

/* 0 when every parameter of net (loaded from path) is finite; else -1,
   after one line on stderr naming the first that is not: "PROG: PATH:
   layer L's weight (I, J) is not finite: the model is damaged". nn.h
   loads such a file as it is (its bytes are well formed); a tool would
   only turn every row into NaN. */
static int model_params_check(const char *prog, const char *path, const nn_net *net)
{
    size_t l, i;
    for (l = 0; l < net->n_layers; l++) {
        const nn_layer *y = &net->layers[l];
        if ((i = first_nonfinite(y->w.data, y->n_in * y->n_out)) < y->n_in * y->n_out) {
            fprintf(stderr, "%s: %.200s: layer %lu's weight (%lu, %lu) is not finite: "
                    "the model is damaged\n", prog, path, (unsigned long)l + 1,
                    (unsigned long)(i / y->n_out), (unsigned long)(i % y->n_out));
            return -1;
        }
        if ((i = first_nonfinite(y->b.data, y->n_out)) < y->n_out) {
            fprintf(stderr, "%s: %.200s: layer %lu's bias %lu is not finite: the model "
                    "is damaged\n", prog, path, (unsigned long)l + 1, (unsigned long)i);
            return -1;
        }
    }
    return 0;
}

/* "relu,leaky_relu(negative_slope=0.2),softmax" into acts, and each
   one's parameters into params[NN_ACT_MAX_PARAMS i ..] as
   nn_act_parse_params reads them (PyTorch's defaults for a name alone),
   cap entries: their count, or 0 when an item is not an activation with
   parameters it takes or there are more than cap. The items are
   separated by the commas outside parentheses. */
static size_t parse_acts(const char *list, nn_act *acts, nn_real *params, size_t cap)
{
    size_t n = 0;
    for (;;) {
        size_t k;
        int depth = 0;
        for (k = 0; list[k] && (list[k] != ',' || depth > 0); k++)
            depth += list[k] == '(' ? 1 : list[k] == ')' ? -1 : 0;
        if (n == cap ||
            nn_act_parse_params(list, k, &acts[n], params + NN_ACT_MAX_PARAMS * n) != NN_OK)
            return 0;
        n++;
        if (!list[k]) return n;
        list += k + 1;
    }
}

/* each layer's activation parameters = parse_acts's params, on net
   loaded with its acts (a loader given activations gives them their
   defaults): NN_OK, or nn_net_set_act_params's status */
static nn_status set_act_params(nn_net *net, const nn_real *params)
{
    size_t l;
    nn_status st = NN_OK;
    for (l = 0; st == NN_OK && l < net->n_layers; l++)
        st = nn_net_set_act_params(net, l, params + NN_ACT_MAX_PARAMS * l,
                                   nn_act_n_params(net->layers[l].act));
    return st;
}

#endif

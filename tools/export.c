/* export - a saved model as C source, for firmware: no file system, no heap.

       export [--double] [--name NAME] [--activations LIST] MODEL [OUT.h]

   Writes a header (to OUT.h, or stdout) that holds the network of MODEL as
   static const arrays - its widths, activations and parameters - and a
   function NAME_net(&net, layers) that makes an nn_net over them with
   nn_net_view: nothing is allocated or copied, so the parameters stay in
   flash. The parameters are float (nn_real must be float where the header
   is used), or double with --double, written with 9 or 17 significant
   digits so that they read back to the same bits: a double model exported
   as float is rounded to nearest, as nn.h's float loader rounds it.
   NAME (a C identifier; default: the model file's name) prefixes every
   name in the header. --activations is predict's: each layer's activation
   in place of the file's. The header holds no activation parameters: a
   model with other than PyTorch's defaults (leaky_relu(negative_slope=0.2))
   is refused.
   A model saved by train takes the CSV's raw features: train folds its
   standardization into the first layer, so the header needs none.
   Exit status: 0 done; 1 an unreadable model or output; 2 wrong usage. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NN_IMPLEMENTATION
#include "nn.h"
#include "acts.h"

static void usage(FILE *f)
{
    fputs("usage: export [options] MODEL [OUT.h]\n"
          "Writes the network of MODEL (a model file: train --save, nn_save_file,\n"
          "or a safetensors file with the same tensors) as a C header, to OUT.h or\n"
          "standard output: static const arrays and a function NAME_net(&net, layers)\n"
          "that makes an nn_net over them, for firmware with no file system or heap.\n"
          "  --double            double parameters, 17 digits (default: float, 9\n"
          "                      digits); nn_real must be the same where it is used\n"
          "  --name NAME         the prefix of every name in the header, a C\n"
          "                      identifier of at most 60 characters (default: the\n"
          "                      model file's name)\n"
          "  --activations LIST  each layer's activation, e.g. relu,softmax or\n"
          "                      leaky_relu,linear (default parameters), in place\n"
          "                      of the model file's\n"
          "  -h, --help          show this and exit\n", f);
}

/* a usage error: "export: WHY ARG", the usage on stderr, status 2 */
static int usage_error(const char *why, const char *arg)
{
    fprintf(stderr, "export: %s%.200s\n", why, arg);
    usage(stderr);
    return 2;
}

/* The C identifier a file name gives: "models/digits-v2.safetensors" ->
   "digits_v2"; another character becomes '_', a leading digit gets 'm' */
static void name_from_path(const char *path, char *name, size_t cap)
{
    const char *base = strrchr(path, '/'), *dot;
    size_t n = 0, k;
    base = base ? base + 1 : path;
    dot = strchr(base, '.');
    k = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    if (!k || isdigit((unsigned char)base[0])) name[n++] = 'm';
    for (; k && n + 1 < cap; k--, base++)
        name[n++] = isalnum((unsigned char)*base) ? *base : '_';
    name[n] = '\0';
}

static int is_identifier(const char *s)
{
    if (!*s || isdigit((unsigned char)*s)) return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_') return 0;
    return 1;
}

/* v as a C literal of its type that reads back to the same bits: %.9g
   (float, with an f) or %.17g, with a '.' when %g gave an integer */
static void literal(char *buf, size_t cap, double v, int dbl)
{
    char num[32];
    snprintf(num, sizeof num, "%.*g", dbl ? 17 : 9, v);
    snprintf(buf, cap, "%s%s%s", num, strpbrk(num, ".en") ? "" : ".0", dbl ? "" : "f");
}

/* the name of nn.h's enum value of an activation or a loss: PREFIX and
   the name nn.h gives it in capitals (cross_entropy's is NN_LOSS_CE) */
static const char *enum_name(const char *prefix, const char *name, char *buf, size_t cap)
{
    size_t i, n = strlen(prefix);
    if (strcmp(name, "cross_entropy") == 0) name = "ce";
    memcpy(buf, prefix, n + 1);
    for (i = 0; name[i] && n + i + 1 < cap; i++)
        buf[n + i] = (char)toupper((unsigned char)name[i]);
    buf[n + i] = '\0';
    return buf;
}

/* the activations' parameters, set on the view layer by layer (those
   that take some): lines of the generated _net function */
static void write_act_params(FILE *f, const nn_net *net, int dbl)
{
    size_t l, i;
    for (l = 0; l < net->n_layers; l++) {
        const nn_layer *y = &net->layers[l];
        const size_t n = nn_act_n_params(y->act);
        char lit[40];
        if (!n) continue;
        fprintf(f, "    if (s == NN_OK) {   /* layer %lu's %s */\n", (unsigned long)l + 1,
                nn_act_name(y->act));
        fprintf(f, "        static const nn_real p[%lu] = {", (unsigned long)n);
        for (i = 0; i < n; i++) {
            literal(lit, sizeof lit, (double)y->act_param[i], dbl);
            fprintf(f, "%s%s", i ? ", " : "", lit);
        }
        fprintf(f, "};\n        s = nn_net_set_act_params(net, %lu, p, %lu);\n    }\n",
                (unsigned long)l, (unsigned long)n);
    }
}

static void write_header(FILE *f, const nn_net *net, const char *name, const char *model,
                         int dbl)
{
    char up[128], lit[40], en[64];
    size_t l, i, k = 0, widest = 0, col = 0;
    for (i = 0; name[i] && i + 1 < sizeof up; i++)
        up[i] = (char)toupper((unsigned char)name[i]);
    up[i] = '\0';
    for (l = 0; l + 1 < net->n_layers; l++)
        if (net->layers[l].n_out > widest) widest = net->layers[l].n_out;

    fprintf(f, "/* %s.h - the network of %s as C source, written by nn.h's export.\n",
            name, model);
    fprintf(f, "   Widths ");
    for (l = 0; l <= net->n_layers; l++)
        fprintf(f, "%s%lu", l ? "-" : "",
                (unsigned long)(l ? net->layers[l - 1].n_out : net->n_in));
    fprintf(f, ", activations ");
    for (l = 0; l < net->n_layers; l++) {
        char t[160];
        size_t n = 0;
        const nn_layer *y = &net->layers[l];
        if (nn_act_format(y->act, y->act_param, t, sizeof t, &n) != NN_OK || n >= sizeof t)
            snprintf(t, sizeof t, "%s", nn_act_name(y->act));
        fprintf(f, "%s%s", l ? "," : "", t);
    }
    fprintf(f, ", loss %s; %lu %s parameters.\n", nn_loss_name(net->loss),
            (unsigned long)net->n_params, dbl ? "double" : "float");
    fprintf(f, "   Include nn.h first (NN_REAL %s), then:\n", dbl ? "double" : "float");
    fprintf(f, "       nn_net net; nn_layer layers[%s_LAYERS];\n", up);
    fprintf(f, "       static nn_real scratch[%s_SCRATCH];\n", up);
    fprintf(f, "       %s_net(&net, layers);\n", name);
    fprintf(f, "       nn_predict(&net, nn_mat_view(x, 1, %s_IN), "
               "nn_mat_view(y, 1, %s_OUT),\n                  scratch, %s_SCRATCH);\n",
            up, up, up);
    fprintf(f, "   The parameters are laid out as nn_net.params: for each layer, w\n"
               "   (n_in rows of n_out, w[i*n_out + j] from input i to output j), then b. */\n");
    fprintf(f, "#ifndef NN_EXPORT_%s_H\n#define NN_EXPORT_%s_H\n\n", up, up);
    fprintf(f, "#define %s_LAYERS %lu\n", up, (unsigned long)net->n_layers);
    fprintf(f, "#define %s_IN %lu\n", up, (unsigned long)net->n_in);
    fprintf(f, "#define %s_OUT %lu\n", up, (unsigned long)net->n_out);
    fprintf(f, "#define %s_PARAMS %lu\n", up, (unsigned long)net->n_params);
    fprintf(f, "/* nn_predict's scratch for one row, in nn_reals (at least 1) */\n");
    fprintf(f, "#define %s_SCRATCH %lu\n\n", up,
            (unsigned long)(widest ? NN_PREDICT_SCRATCH(1, widest) : 1));
    for (l = 0; l < net->n_layers; l++)
        if (net->layers[l].act >= NN_ACT_GELU && net->layers[l].act <= NN_ACT_SOFTPLUS) {
            fprintf(f, "#ifdef NN_CORE_ACTS\n#error \"the model's layer %lu is %s, which "
                       "NN_CORE_ACTS leaves out\"\n#endif\n\n",
                    (unsigned long)l + 1, nn_act_name(net->layers[l].act));
            break;
        }
    fprintf(f, "/* a compile error here: nn_real is not %s */\n", dbl ? "double" : "float");
    fprintf(f, "typedef char %s_nn_real_is_%s[sizeof(nn_real) == sizeof(%s) ? 1 : -1];\n\n",
            name, dbl ? "double" : "float", dbl ? "double" : "float");
    fprintf(f, "static const size_t %s_widths[%s_LAYERS + 1] = {", name, up);
    for (l = 0; l <= net->n_layers; l++)
        fprintf(f, "%s%lu", l ? ", " : "",
                (unsigned long)(l ? net->layers[l - 1].n_out : net->n_in));
    fprintf(f, "};\nstatic const nn_act %s_acts[%s_LAYERS] = {", name, up);
    for (l = 0; l < net->n_layers; l++)
        fprintf(f, "%s%s", l ? ", " : "",
                enum_name("NN_ACT_", nn_act_name(net->layers[l].act), en, sizeof en));
    fprintf(f, "};\n\nstatic const nn_real %s_params[%s_PARAMS] = {", name, up);
    for (l = 0; l < net->n_layers; l++) {
        const nn_layer *y = &net->layers[l];
        size_t n[2];
        int part;
        n[0] = y->n_in * y->n_out;
        n[1] = y->n_out;
        for (part = 0; part < 2; part++) {
            fprintf(f, "\n    /* layer %lu (%lu -> %lu, %s): %s */", (unsigned long)l + 1,
                    (unsigned long)y->n_in, (unsigned long)y->n_out, nn_act_name(y->act),
                    part ? "b" : "w");
            col = 80;
            for (i = 0; i < n[part]; i++, k++) {
                double v = (double)net->params[k];
                size_t len;
                literal(lit, sizeof lit, dbl ? v : (double)(float)v, dbl);
                len = strlen(lit) + 2;
                if (col + len > 78) {
                    fprintf(f, "\n   ");
                    col = 3;
                }
                fprintf(f, " %s,", lit);
                col += len;
            }
        }
    }
    fprintf(f, "\n};\n\n");
    fprintf(f, "/* *net = the network over the arrays above, layers its %s_LAYERS\n"
               "   entries; allocates nothing. NN_OK, or nn_net_view's error. */\n", up);
    fprintf(f, "static inline nn_status %s_net(nn_net *net, nn_layer *layers)\n{\n", name);
    fprintf(f, "    nn_status s = nn_net_view(net, %s_LAYERS, %s_widths, %s_acts, %s,\n"
               "                              %s_params, %s_PARAMS, layers);\n",
            up, name, name, enum_name("NN_LOSS_", nn_loss_name(net->loss), en, sizeof en), name, up);
    write_act_params(f, net, dbl);
    fprintf(f, "    return s;\n}\n\n");
    fprintf(f, "#endif /* NN_EXPORT_%s_H */\n", up);
}

int main(int argc, char **argv)
{
    nn_net net;
    nn_act acts[64];
    nn_real act_params[64 * NN_ACT_MAX_PARAMS] = {0};
    nn_load_opts opts;
    const char *model = NULL, *out = NULL, *name = NULL;
    char auto_name[64];
    int dbl = 0, i;
    size_t k;
    FILE *f;

    memset(&opts, 0, sizeof opts);
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--double") == 0) {
            dbl = 1;
        } else if (strcmp(argv[i], "--name") == 0 && i + 1 < argc) {
            name = argv[++i];
            if (!is_identifier(name) || strlen(name) > 60) {
                fprintf(stderr, "export: --name %.100s: not a C identifier of at most "
                                "60 characters\n", name);
                return 2;
            }
        } else if (strcmp(argv[i], "--activations") == 0 && i + 1 < argc) {
            opts.acts = acts;
            opts.n_acts = parse_acts(argv[++i], acts, act_params,
                                     sizeof acts / sizeof acts[0]);
            if (!opts.n_acts) {
                int k;
                fprintf(stderr, "export: --activations %.200s: not a list of", argv[i]);
                for (k = 0; k < NN_ACT_COUNT; k++)
                    fprintf(stderr, "%s %s", k ? "," : "", nn_act_name((nn_act)k));
                fprintf(stderr, "\n");
                return 2;
            }
        } else if (strcmp(argv[i], "--name") == 0 || strcmp(argv[i], "--activations") == 0) {
            return usage_error("a value is missing after ", argv[i]);
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return usage_error("unknown option ", argv[i]);
        } else if (model && out) {
            return usage_error("more than a model and an output file: ", argv[i]);
        } else if (!model) {
            model = argv[i];
        } else {
            out = argv[i];
        }
    }
    if (!model) return usage_error("no model file", "");
    if (!name) {
        name_from_path(model, auto_name, sizeof auto_name);
        name = auto_name;
    }
    memset(&net, 0, sizeof net);
    if (model_file_check("export", model)) return 1;
    if (nn_load_file_ex(&net, model, &opts) != NN_OK) {
        fprintf(stderr, "export: %.200s: %s\n", model, opts.why);
        return 1;
    }
    if ((opts.acts && set_act_params(&net, act_params) != NN_OK) ||
        model_params_check("export", model, &net)) {
        nn_net_free(&net);
        return 1;
    }
    for (k = 0; !dbl && k < net.n_params; k++)
        if (!isfinite((double)(float)net.params[k])) {
            fprintf(stderr, "export: %.200s: parameter %lu is too large for a float\n",
                    model, (unsigned long)k);
            nn_net_free(&net);
            return 1;
        }
    f = out ? fopen(out, "w") : stdout;
    if (!f) {
        fprintf(stderr, "export: %.200s: cannot be written: %s\n", out, strerror(errno));
        nn_net_free(&net);
        return 1;
    }
    write_header(f, &net, name, model, dbl);
    nn_net_free(&net);
    i = fflush(f) != 0 || ferror(f);
    if (out && fclose(f) != 0) i = 1;
    if (i) {
        fprintf(stderr, "export: %.200s: write error\n", out ? out : "stdout");
        return 1;
    }
    return 0;
}

/* predict - a saved model's predictions for rows of numbers.

       predict [options] MODEL [FILE]

   MODEL is a model file of any depth (nn_save_file, train --save, or any
   safetensors file with the same tensors, such as a PyTorch
   nn.Sequential's state_dict). The rows come from FILE, or standard input
   without it: one sample per line, the model's n_in numbers. By default
   they are separated by commas or blanks (or semicolons, when the first
   line has more of those), and each output line holds the sample's n_out
   predictions, separated by spaces, with the digits that read back to the
   same nn_real. A model that train saved from a regression predicts in
   the data's units.

   --classes prints the class of each row instead: the name train saved
   in the model (its text labels) or the index of the largest output (one
   output: 1 when it is at least 0.5, else 0). --header skips the first
   line, --label-column N leaves out that column (1 the first, -1 the
   last), --delimiter sets the separator: the options that let predict
   read the files train reads. --precision N prints N significant digits.
   --activations gives each layer's activation, comma-separated
   ("relu,tanh,softmax"), with its parameters as model files write them
   ("leaky_relu(negative_slope=0.2),elu(1.5),linear"; PyTorch's defaults
   for those left out), in place of the file's: a file from PyTorch may
   have none.

   --classes is refused for a model whose metadata says it is a
   regression's, and for a model without that metadata with one linear
   output (train gives a classifier an output per class).

   A model train saved knows its data (train.c's model_meta): with
   --header, or when the first line has text and the model knows its
   features' names, the first line is a header and its columns are taken
   by name, in any order, the label columns left out; a header without a
   feature, or with a column that is neither a feature nor a label, is an
   error. Without a header, a row with the training file's number of
   cells has its label columns left out where that file had them, and a
   --label-column that contradicts them is a usage error. A model train
   chose the features of (--columns, --drop: the metadata's
   "feature_columns") takes them from those columns of a row without a
   header, and ignores a header's columns that are not its features.

   Exit status: 0 done; 1 an unreadable model (with the reason) or a bad
   line, with one line on stderr naming it; 2 wrong usage (--classes on
   such a model too).

   The rows are read by predict_read.c; this file loads the model and
   prints. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NN_IMPLEMENTATION
#include "nn.h"
#include "acts.h"
#include "predict_read.h"

static void usage(FILE *f)
{
    fputs("usage: predict [options] MODEL [FILE]\n"
          "Prints a model's predictions for the rows of FILE (or standard input),\n"
          "one line per row: the outputs, or with --classes the class.\n"
          "  --classes           print the class: the model's class name, or the\n"
          "                      index of the largest output\n"
          "  --precision N       significant digits of the outputs, 1 to 17\n"
          "                      (default: those that read back the same value)\n"
          "  --header            skip the first line (a model train saved from a\n"
          "                      file with a header takes its columns by name)\n"
          "  --label-column N    leave out column N (1 the first, -1 the last), as\n"
          "                      in a file train reads (a model train saved knows it)\n"
          "  --delimiter D       ',' ';' 'tab' or 'space' (default: commas or\n"
          "                      blanks, or ';' when the first line has more)\n"
          "  --activations LIST  each layer's activation, e.g. relu,softmax or\n"
          "                      leaky_relu(negative_slope=0.2),linear, in place\n"
          "                      of the model file's\n"
          "  -h, --help          show this and exit\n", f);
}

/* the names of the classes, one per line in s, cut in place */
static size_t split_names(char *s, const char **names, size_t cap)
{
    size_t n = 0;
    for (;;) {
        char *nl = strchr(s, '\n');
        if (n == cap) return 0;
        names[n++] = s;
        if (!nl) return n;
        *nl = '\0';
        s = nl + 1;
    }
}

/* One metadata value of the model file into *text (malloc'd; NULL when the
   file has none). The status of the read. */
static nn_status load_meta(const char *path, const char *key, nn_load_opts *opts,
                           char **text)
{
    char small[1024];
    size_t len = (size_t)-1;
    nn_status st = nn_load_meta_file(path, key, small, sizeof small, &len, opts);
    *text = NULL;
    if (st != NN_OK || len == (size_t)-1) return st;
    if (!(*text = (char *)malloc(len + 1))) return NN_ERR_NOMEM;
    if (len < sizeof small) {
        memcpy(*text, small, len + 1);
    } else {
        /* a longer value: once more, into a buffer of its size */
        size_t need = len + 1;
        st = nn_load_meta_file(path, key, *text, need, &len, opts);
        if (st == NN_OK && len >= need) st = NN_ERR_IO;
    }
    return st;
}

/* what train saved of its data beside the network (each NULL when the
   file does not say) */
enum { M_CLASSES, M_TASK, M_TARGETS, M_LABEL_COLUMN, M_FEATURES, M_LABEL_NAMES,
       M_INDEX, M_FEATURE_COLUMNS, M_FILE_COLUMNS, M_N };
static const char *const meta_keys[M_N] = {"classes", "task", "targets",
    "label_column", "features", "label_names", "index", "feature_columns",
    "file_columns"};

/* Loads the model and its metadata (meta, M_N texts to free), with
   opts->acts's parameters act_params (parse_acts's) when it has acts. -1
   after saying why. */
static int load_model(const char *path, nn_load_opts *opts, const nn_real *act_params,
                      nn_net *net, char **meta)
{
    nn_status st;
    int k;
    for (k = 0; k < M_N; k++) meta[k] = NULL;
    if (model_file_check("predict", path)) return -1;
    st = nn_load_file_ex(net, path, opts);
    if (st == NN_OK && opts->acts) st = set_act_params(net, act_params);
    for (k = 0; st == NN_OK && k < M_N; k++)
        st = load_meta(path, meta_keys[k], opts, &meta[k]);
    if (st == NN_OK && !model_params_check("predict", path, net)) return 0;
    if (st != NN_OK)
        fprintf(stderr, "predict: %.200s: %s\n", path,
                opts->why[0] ? opts->why : nn_strerror(st));
    for (k = 0; k < M_N; k++) {
        free(meta[k]);
        meta[k] = NULL;
    }
    nn_net_free(net);
    return -1;
}

/* a count from the metadata: 1..1000000, else 0 */
static size_t meta_count(const char *s)
{
    char *end;
    unsigned long v;
    if (!s || !*s) return 0;
    v = strtoul(s, &end, 10);
    return *end || v < 1 || v > 1000000UL ? 0 : (size_t)v;
}

/* The model's feature columns (the metadata's "feature_columns", s: n_in
   increasing numbers from 1, comma-separated) into pick, from 0. -1 when
   s is not that. */
static int parse_picks(const char *s, size_t n_in, size_t *pick)
{
    size_t k;
    for (k = 0; k < n_in; k++) {
        char *end;
        unsigned long v = strtoul(s, &end, 10);
        if (end == s || *s < '0' || *s > '9' || v < 1 || v > 1000000UL ||
            (k && v <= pick[k - 1] + 1) || *end != (k + 1 < n_in ? ',' : '\0'))
            return -1;
        pick[k] = (size_t)v - 1;
        s = end + 1;
    }
    return 0;
}

/* The columns train chose for the model's features (*pick, n_in, from 0;
   NULL when it took every column but the labels) and how many columns its
   training file had (*width). -1 after saying the metadata is no such
   thing, or that memory ran out. */
static int model_picks(const char *model, char *const *meta, size_t n_in,
                       size_t n_y, size_t **pick, size_t *width)
{
    *pick = NULL;
    *width = n_in + n_y;
    if (!meta[M_FEATURE_COLUMNS]) return 0;
    if (!(*pick = (size_t *)malloc(n_in * sizeof **pick))) {
        fprintf(stderr, "predict: out of memory\n");
        return -1;
    }
    *width = meta_count(meta[M_FILE_COLUMNS]);
    if (parse_picks(meta[M_FEATURE_COLUMNS], n_in, *pick) ||
        (*pick)[n_in - 1] >= *width) {
        fprintf(stderr, "predict: %s: its metadata's feature_columns are not %lu "
                "columns of its file_columns\n", model, (unsigned long)n_in);
        return -1;
    }
    return 0;
}

/* what the command line asks */
typedef struct args {
    const char *model, *input;  /* input NULL: standard input */
    nn_load_opts opts;
    nn_act acts[64];
    nn_real act_params[64 * NN_ACT_MAX_PARAMS];
    long label_col;
    int digits, classes, header, delim;
} args;

/* the model: its network, its metadata (M_N texts) and their names, and
   how its rows are read */
typedef struct model {
    nn_net net;
    char *meta[M_N];
    const char **names, **feats, **labs;
    size_t n_names;
    size_t *pick;               /* the feature columns train chose; NULL: all */
    rows_spec spec;
} model;

/* usage's status, after the message (fmt with a) and the usage */
static int usage_error(const char *fmt, const char *a)
{
    fprintf(stderr, fmt, a);
    usage(stderr);
    return 2;
}

/* the value v of option o of names_v (in long_option) into a; 0, or -1
   when it is not one */
static int option_value(args *a, int o, const char *v)
{
    if (o == 0) {
        a->opts.acts = a->acts;
        a->opts.n_acts = parse_acts(v, a->acts, a->act_params,
                                    sizeof a->acts / sizeof a->acts[0]);
        return a->opts.n_acts ? 0 : -1;
    }
    if (o == 1) {
        char *end;
        long p = strtol(v, &end, 10);
        a->digits = (int)p;
        return !*v || *end || p < 1 || p > 17 ? -1 : 0;
    }
    if (o == 2) return (a->label_col = rows_column_arg(v)) ? 0 : -1;
    return (a->delim = rows_delim_arg(v)) ? 0 : -1;
}

/* --name value or --name=value, argv[*i] (*i moves past the value): 0, or
   2 after saying what is wrong */
static int long_option(args *a, int argc, char **argv, int *i)
{
    static const char *const names_v[] = {"--activations", "--precision",
        "--label-column", "--delimiter", NULL};
    const char *arg = argv[*i], *eq = strchr(arg, '='), *v;
    size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
    int o;
    for (o = 0; names_v[o]; o++)
        if (strlen(names_v[o]) == len && strncmp(arg, names_v[o], len) == 0) break;
    if (!names_v[o]) return usage_error("predict: unknown option %s\n", arg);
    v = eq ? eq + 1 : *i + 1 < argc ? argv[++*i] : NULL;
    if (!v) return usage_error("predict: %s needs a value\n", arg);
    if (option_value(a, o, v)) {
        fprintf(stderr, "predict: bad value for %.*s: '%s'\n", (int)len, arg, v);
        usage(stderr);
        return 2;
    }
    return 0;
}

/* The command line into a: -1 to go on, else the exit status (0 for
   --help) after saying what is wrong */
static int parse_args(args *a, int argc, char **argv)
{
    int i;
    memset(a, 0, sizeof *a);
    a->digits = sizeof(nn_real) == sizeof(float) ? 9 : 17;
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(arg, "--classes") == 0) { a->classes = 1; continue; }
        if (strcmp(arg, "--header") == 0) { a->header = 1; continue; }
        if (arg[0] == '-' && arg[1] == '-') {
            if (long_option(a, argc, argv, &i)) return 2;
            continue;
        }
        if (arg[0] == '-' && arg[1] != '\0')
            return usage_error("predict: unknown option %s\n", arg);
        if (!a->model) a->model = arg;
        else if (!a->input) a->input = arg;
        else return usage_error("predict: more than a model and an input file\n%s", "");
    }
    if (!a->model) return usage_error("predict: no model file\n%s", "");
    if (a->input && strcmp(a->input, "-") == 0) a->input = NULL;
    return -1;
}

/* The counts and names of m's metadata into m->spec: 0, or 1 after saying
   what is wrong */
static int meta_names(model *m, const char *path)
{
    const char *const *meta = (const char *const *)m->meta;
    rows_spec *s = &m->spec;
    s->n_in = m->net.n_in;
    s->n_y = 1;
    if (meta[M_TARGETS]) s->n_y = meta_count(meta[M_TARGETS]);
    s->saved = meta_count(meta[M_LABEL_COLUMN]);
    s->index = meta[M_INDEX] != NULL;
    if (!s->n_y || (meta[M_LABEL_COLUMN] && !s->saved)) {
        fprintf(stderr, "predict: %s: its metadata's \"%s\" is no count\n", path,
                s->n_y ? "label_column" : "targets");
        return 1;
    }
    if (!meta[M_FEATURES] || !meta[M_LABEL_NAMES]) return 0;
    if (!(m->feats = (const char **)malloc((s->n_in + 1) * sizeof *m->feats)) ||
        !(m->labs = (const char **)malloc((s->n_y + 1) * sizeof *m->labs))) {
        fprintf(stderr, "predict: out of memory\n");
        return 1;
    }
    s->n_labs = split_names(m->meta[M_LABEL_NAMES], m->labs, s->n_y + 1);
    if (split_names(m->meta[M_FEATURES], m->feats, s->n_in + 1) != s->n_in) {
        fprintf(stderr, "predict: %s: its metadata's features are not one per "
                "input (%lu)\n", path, (unsigned long)s->n_in);
        return 1;
    }
    s->feats = m->feats;
    s->labs = m->labs;
    return 0;
}

/* m's metadata against the options: 0, or the exit status after saying
   what is wrong (2 for --classes or --label-column the model refuses) */
static int check_model(model *m, const args *a)
{
    const nn_net *net = &m->net;
    const rows_spec *s = &m->spec;
    const char *text = m->meta[M_CLASSES], *task = m->meta[M_TASK];
    if (meta_names(m, a->model)) return 1;
    if (model_picks(a->model, m->meta, net->n_in, s->n_y, &m->pick, &m->spec.width)) return 1;
    m->spec.pick = m->pick;
    if (a->classes && task && strcmp(task, "regression") == 0) {
        fprintf(stderr, "predict: %s: --classes: the model is a regression's (its "
                "metadata says so): it predicts values, not classes\n", a->model);
        return 2;
    }
    /* the label column the model was trained with, from the end or not */
    if (a->label_col && s->saved && rows_column(a->label_col, s->width) + 1 != s->saved) {
        fprintf(stderr, "predict: --label-column %ld: the model's label is column "
                "%lu of %lu in the file it was trained on\n", a->label_col,
                (unsigned long)s->saved, (unsigned long)s->width);
        return 2;
    }
    if (text) {
        if (!(m->names = (const char **)malloc((net->n_out + 1) * sizeof *m->names))) {
            fprintf(stderr, "predict: out of memory\n");
            return 1;
        }
        m->n_names = split_names(m->meta[M_CLASSES], m->names, net->n_out + 1);
        /* one name per output, or two for one output (0 and 1) */
        if (a->classes && m->n_names != net->n_out && !(net->n_out == 1 && m->n_names == 2)) {
            fprintf(stderr, "predict: %s: its metadata names %lu classes for "
                    "%lu outputs\n", a->model, (unsigned long)m->n_names,
                    (unsigned long)net->n_out);
            return 1;
        }
    }
    /* one linear output is a regression's (train gives a classifier an
       output per class) or a logit, whose threshold is not 0.5 */
    if (a->classes && !text && !task && net->n_out == 1 &&
        net->layers[net->n_layers - 1].act == NN_ACT_LINEAR) {
        fprintf(stderr, "predict: %s: --classes: the model's one output is linear, "
                "a regression's: it predicts a value, not a class\n", a->model);
        return 2;
    }
    return 0;
}

/* one output line: the class of the outputs o, or the outputs */
static void print_row(const model *m, const args *a, const nn_real *o)
{
    size_t j, n_out = m->net.n_out, best = 0;
    if (a->classes) {
        for (j = 1; j < n_out; j++)
            if (o[j] > o[best]) best = j;
        if (n_out == 1) best = o[0] >= (nn_real)0.5;
        if (m->names && best < m->n_names) printf("%s\n", m->names[best]);
        else printf("%lu\n", (unsigned long)best);
    } else {
        for (j = 0; j < n_out; j++)
            printf("%s%.*g", j ? " " : "", a->digits, (double)o[j]);
        putchar('\n');
    }
}

/* The predictions of every row of the input: the exit status, 1 after
   saying what is wrong */
static int predict_all(model *m, const args *a)
{
    nn_work work;
    nn_real *x = (nn_real *)calloc(m->net.n_in, sizeof *x);
    rows *r = NULL;
    int got, status = 1;
    memset(&work, 0, sizeof work);
    if (!x || nn_work_init(&work, &m->net, 1) != NN_OK) {
        fprintf(stderr, "predict: out of memory\n");
    } else if (rows_open(&r, a->input, &m->spec) == 0) {
        while ((got = rows_next(r, x)) == 1) {
            nn_forward(&m->net, nn_mat_view(x, 1, m->net.n_in), &work);
            print_row(m, a, work.out.data);
        }
        if (got == 0 && (fflush(stdout) != 0 || ferror(stdout)))
            fprintf(stderr, "predict: write error: %s\n", strerror(errno));
        else if (got == 0)
            status = 0;
    }
    rows_close(r);
    free(x);
    nn_work_free(&work);
    return status;
}

int main(int argc, char **argv)
{
    args a;
    model m;
    int status = parse_args(&a, argc, argv), k;
    if (status >= 0) return status;
    memset(&m, 0, sizeof m);
    if (load_model(a.model, &a.opts, a.act_params, &m.net, m.meta)) return 1;
    m.spec.header = a.header;
    m.spec.delim = a.delim;
    m.spec.label_col = a.label_col;
    status = check_model(&m, &a);
    if (status == 0) status = predict_all(&m, &a);
    free(m.names);
    free(m.feats);
    free(m.labs);
    free(m.pick);
    for (k = 0; k < M_N; k++) free(m.meta[k]);
    nn_net_free(&m.net);
    return status;
}

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
   ("relu,tanh,softmax"), in place of the file's: a file from PyTorch may
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
   such a model too). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NN_IMPLEMENTATION
#include "nn.h"
#include "acts.h"
#include "csv.h"

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
          "  --activations LIST  each layer's activation, e.g. relu,softmax, in\n"
          "                      place of the model file's\n"
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

/* Loads the model and its metadata (meta, M_N texts to free). -1 after
   saying why. */
static int load_model(const char *path, nn_load_opts *opts, nn_net *net,
                      char **meta)
{
    nn_status st;
    int k;
    for (k = 0; k < M_N; k++) meta[k] = NULL;
    if (model_file_check("predict", path)) return -1;
    st = nn_load_file_ex(net, path, opts);
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

/* The features of the current row into x (n_in), the label cells
   (n_label from index label; label n_cells for none) left out. 0, or -1
   after naming what is wrong: text on the first line (a header, without
   --header), an empty cell, the count of cells, a cell that is not a
   finite number. */
static int read_row(const csv_file *c, size_t label, size_t n_label, size_t want,
                    size_t n_in, int first, nn_real *x)
{
    char shown[48];
    size_t j, k = 0, text = 0, empty = 0, extra = want - n_in;
    double v;
    for (j = 0; j < c->n_cells; j++) {
        if (j >= label && j < label + n_label) continue;
        if (c->cell[j].n == 0) {
            if (!empty) empty = j + 1;
        } else if (csv_number(&c->cell[j], c->delim, &v)) {
            if (!text) text = j + 1;
        } else if (k < n_in) {
            x[k++] = (nn_real)v;
        }
    }
    if (text && first) {
        csv_say(c, c->line, text, "%s is not a number: a header? (--header skips "
                "the first line)", csv_show(&c->cell[text - 1], shown, sizeof shown));
    } else if (empty) {
        csv_say(c, c->line, empty, "empty cell");
    } else if (c->n_cells != want) {
        csv_say(c, c->line, 0, "%lu %s, the model takes %lu%s",
                (unsigned long)(c->n_cells - extra), text ? "cells" : "numbers",
                (unsigned long)n_in, extra > 1 ? " (and the label columns)"
                : extra ? " (and the label column)" : "");
    } else if (text) {
        csv_say(c, c->line, text, "%s %s", csv_show(&c->cell[text - 1], shown,
                sizeof shown), csv_why(&c->cell[text - 1]));
    } else {
        return 0;
    }
    return -1;
}

/* a cell of the current line, outside the label cells, that is text */
static int has_text(const csv_file *c, size_t label, size_t n_label)
{
    size_t j;
    double v;
    for (j = 0; j < c->n_cells; j++)
        if ((j < label || j >= label + n_label) && c->cell[j].n &&
            csv_number(&c->cell[j], c->delim, &v))
            return 1;
    return 0;
}

/* the index of cell's text among names[0..n), or n */
static size_t find_name(const csv_cell *cell, const char *const *names, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++)
        if (strlen(cell->s) == cell->n && strcmp(cell->s, names[k]) == 0) break;
    return k;
}

/* The header (the current line) against the model's features and label
   names: src[k] = the column of feature k. Every column must be a feature
   or a label (unless others: the model chose its features among the
   file's columns, and the others are left out), and every feature there
   once; with index, an unnamed first column is left out (train left out
   such an index). -1 after saying what does not match. */
static int map_columns(const csv_file *c, const char *const *feats, size_t n_in,
                       const char *const *labs, size_t n_labs, int index,
                       int others, size_t *src)
{
    char shown[48];
    size_t j, k, odd = 0;
    for (k = 0; k < n_in; k++) src[k] = c->n_cells;
    for (j = 0; j < c->n_cells; j++) {
        const csv_cell *cell = &c->cell[j];
        if (index && j == 0 && cell->n == 0) continue;
        k = find_name(cell, feats, n_in);
        if (k < n_in && src[k] == c->n_cells) {
            src[k] = j;
        } else if (k < n_in) {
            csv_say(c, c->line, j + 1, "%s is in the header twice (column %lu)",
                    csv_show(cell, shown, sizeof shown), (unsigned long)src[k] + 1);
            return -1;
        } else if (!odd && !others && find_name(cell, labs, n_labs) == n_labs) {
            odd = j + 1;
        }
    }
    for (k = 0; k < n_in; k++)
        if (src[k] == c->n_cells) {
            csv_say(c, c->line, 0, "no column \"%.100s\" in the header: the model "
                    "takes that feature", feats[k]);
            return -1;
        }
    if (odd) {
        csv_say(c, c->line, odd, "%s is neither a feature of the model nor its "
                "label", csv_show(&c->cell[odd - 1], shown, sizeof shown));
        return -1;
    }
    return 0;
}

/* The features of the current row into x, from its columns src (n_in,
   each one of the row's). -1 after saying what is wrong. */
static int read_cells(const csv_file *c, const size_t *src, size_t n_in, nn_real *x)
{
    char shown[48];
    size_t k;
    double v;
    for (k = 0; k < n_in; k++) {
        const csv_cell *cell = &c->cell[src[k]];
        if (cell->n == 0) {
            csv_say(c, c->line, src[k] + 1, "empty cell");
            return -1;
        }
        if (csv_number(cell, c->delim, &v)) {
            csv_say(c, c->line, src[k] + 1, "%s %s", csv_show(cell, shown,
                    sizeof shown), csv_why(cell));
            return -1;
        }
        x[k] = (nn_real)v;
    }
    return 0;
}

/* The features of the current row into x, by the header's columns src
   (n_head cells a row). -1 after saying what is wrong. */
static int read_named(const csv_file *c, const size_t *src, size_t n_in,
                      size_t n_head, nn_real *x)
{
    if (c->n_cells != n_head) {
        csv_say(c, c->line, 0, "%lu columns, expected %lu (as in the header)",
                (unsigned long)c->n_cells, (unsigned long)n_head);
        return -1;
    }
    return read_cells(c, src, n_in, x);
}

/* The features of the current row into x, from its columns pick (n_in,
   increasing: those train chose among the width columns of the training
   file; the row's other cells are not read). -1 after saying what is
   wrong. */
static int read_picked(const csv_file *c, const size_t *pick, size_t n_in,
                       size_t width, nn_real *x)
{
    if (c->n_cells <= pick[n_in - 1]) {
        csv_say(c, c->line, 0, "%lu columns: the model takes column %lu (its "
                "features are columns of the training file's %lu)",
                (unsigned long)c->n_cells, (unsigned long)pick[n_in - 1] + 1,
                (unsigned long)width);
        return -1;
    }
    return read_cells(c, pick, n_in, x);
}

/* a cell of the current line among pick (n_in columns) that is text */
static int picked_text(const csv_file *c, const size_t *pick, size_t n_in)
{
    size_t k;
    double v;
    for (k = 0; k < n_in; k++)
        if (pick[k] < c->n_cells && c->cell[pick[k]].n &&
            csv_number(&c->cell[pick[k]], c->delim, &v))
            return 1;
    return 0;
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

/* a count from the metadata: 1..1000000, else 0 */
static size_t meta_count(const char *s)
{
    char *end;
    unsigned long v;
    if (!s || !*s) return 0;
    v = strtoul(s, &end, 10);
    return *end || v < 1 || v > 1000000UL ? 0 : (size_t)v;
}

/* A row's prediction, from the network's n_out outputs o: the outputs
   (digits significant digits), or with classes its class (names[0..n_names)
   by index when they have it) */
static void print_prediction(const nn_real *o, size_t n_out, int classes,
                             const char *const *names, size_t n_names, int digits)
{
    size_t j, best = 0;
    if (!classes) {
        for (j = 0; j < n_out; j++) printf("%s%.*g", j ? " " : "", digits, (double)o[j]);
        putchar('\n');
        return;
    }
    for (j = 1; j < n_out; j++)
        if (o[j] > o[best]) best = j;
    if (n_out == 1) best = o[0] >= (nn_real)0.5;
    if (names && best < n_names) printf("%s\n", names[best]);
    else printf("%lu\n", (unsigned long)best);
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

int main(int argc, char **argv)
{
    nn_net net;
    nn_work work;
    nn_real *x = NULL;
    nn_act acts[64];
    nn_load_opts opts;
    csv_file c;
    const char *model = NULL, *input = NULL, **names = NULL, **feats = NULL;
    const char **labs = NULL;
    char *meta[M_N], *text;
    size_t n_names = 0, label = 0, n_label = 1, want, lines = 0;
    size_t n_y = 1, saved = 0, n_labs = 0, n_head = 0, *src = NULL, *pick = NULL, width = 0;
    long label_col = 0;
    int digits = sizeof(nn_real) == sizeof(float) ? 9 : 17, classes = 0;
    int header = 0, delim = 0, r, i, status = 1;

    memset(&opts, 0, sizeof opts);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(a, "--classes") == 0) { classes = 1; continue; }
        if (strcmp(a, "--header") == 0) { header = 1; continue; }
        if (a[0] == '-' && a[1] == '-') {
            /* --name value or --name=value */
            static const char *const names_v[] = {"--activations", "--precision",
                "--label-column", "--delimiter", NULL};
            const char *eq = strchr(a, '='), *v;
            size_t len = eq ? (size_t)(eq - a) : strlen(a);
            int bad = 0, o;
            for (o = 0; names_v[o]; o++)
                if (strlen(names_v[o]) == len && strncmp(a, names_v[o], len) == 0) break;
            if (!names_v[o]) {
                fprintf(stderr, "predict: unknown option %s\n", a);
                usage(stderr);
                return 2;
            }
            v = eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
            if (!v) {
                fprintf(stderr, "predict: %s needs a value\n", a);
                usage(stderr);
                return 2;
            }
            if (o == 0) {
                opts.acts = acts;
                opts.n_acts = parse_acts(v, acts, sizeof acts / sizeof acts[0]);
                bad = !opts.n_acts;
            } else if (o == 1) {
                char *end;
                long p = strtol(v, &end, 10);
                bad = !*v || *end || p < 1 || p > 17;
                digits = (int)p;
            } else if (o == 2) {
                bad = !(label_col = csv_column_arg(v));
            } else {
                bad = !(delim = csv_delim_arg(v));
            }
            if (bad) {
                fprintf(stderr, "predict: bad value for %.*s: '%s'\n", (int)len, a, v);
                usage(stderr);
                return 2;
            }
            continue;
        }
        if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "predict: unknown option %s\n", a);
            usage(stderr);
            return 2;
        }
        if (!model) model = a;
        else if (!input) input = a;
        else {
            fprintf(stderr, "predict: more than a model and an input file\n");
            usage(stderr);
            return 2;
        }
    }
    if (!model) {
        fprintf(stderr, "predict: no model file\n");
        usage(stderr);
        return 2;
    }
    if (input && strcmp(input, "-") == 0) input = NULL;
    /* rows as predict always read them: commas or blanks, unless the file
       is a CSV the options describe */
    if (!delim && !label_col) delim = CSV_LOOSE;

    memset(&net, 0, sizeof net);
    memset(&work, 0, sizeof work);
    memset(&c, 0, sizeof c);
    if (load_model(model, &opts, &net, meta)) return 1;
    text = meta[M_CLASSES];
    if (meta[M_TARGETS]) n_y = meta_count(meta[M_TARGETS]);
    saved = meta_count(meta[M_LABEL_COLUMN]);
    if (!n_y || (meta[M_LABEL_COLUMN] && !saved)) {
        fprintf(stderr, "predict: %s: its metadata's \"%s\" is no count\n", model,
                n_y ? "label_column" : "targets");
        goto done;
    }
    if (meta[M_FEATURES] && meta[M_LABEL_NAMES]) {
        if (!(feats = (const char **)malloc((net.n_in + 1) * sizeof *feats)) ||
            !(labs = (const char **)malloc((n_y + 1) * sizeof *labs)))
            goto nomem;
        n_labs = split_names(meta[M_LABEL_NAMES], labs, n_y + 1);
        if (split_names(meta[M_FEATURES], feats, net.n_in + 1) != net.n_in) {
            fprintf(stderr, "predict: %s: its metadata's features are not one per "
                    "input (%lu)\n", model, (unsigned long)net.n_in);
            goto done;
        }
    }
    if (model_picks(model, meta, net.n_in, n_y, &pick, &width)) goto done;
    if (classes && meta[M_TASK] && strcmp(meta[M_TASK], "regression") == 0) {
        fprintf(stderr, "predict: %s: --classes: the model is a regression's (its "
                "metadata says so): it predicts values, not classes\n", model);
        status = 2;
        goto done;
    }
    /* the label column the model was trained with, from the end or not */
    if (label_col && saved && csv_column(label_col, width) + 1 != saved) {
        fprintf(stderr, "predict: --label-column %ld: the model's label is column "
                "%lu of %lu in the file it was trained on\n", label_col,
                (unsigned long)saved, (unsigned long)width);
        status = 2;
        goto done;
    }
    if (text) {
        if (!(names = (const char **)malloc((net.n_out + 1) * sizeof *names))) goto nomem;
        n_names = split_names(text, names, net.n_out + 1);
        /* one name per output, or two for one output (0 and 1) */
        if (classes && n_names != net.n_out && !(net.n_out == 1 && n_names == 2)) {
            fprintf(stderr, "predict: %s: its metadata names %lu classes for "
                    "%lu outputs\n", model, (unsigned long)n_names,
                    (unsigned long)net.n_out);
            goto done;
        }
    }
    /* one linear output is a regression's (train gives a classifier an
       output per class) or a logit, whose threshold is not 0.5 */
    if (classes && !text && !meta[M_TASK] && net.n_out == 1 &&
        net.layers[net.n_layers - 1].act == NN_ACT_LINEAR) {
        fprintf(stderr, "predict: %s: --classes: the model's one output is linear, "
                "a regression's: it predicts a value, not a class\n", model);
        status = 2;
        goto done;
    }
    x = (nn_real *)calloc(net.n_in, sizeof *x);
    if (!x || nn_work_init(&work, &net, 1) != NN_OK) goto nomem;
    if (csv_open(&c, "predict", input, delim)) goto done;
    while ((r = csv_next(&c)) == 1) {
        lines++;
        if (saved && (label_col || c.n_cells == net.n_in + n_y)) {
            /* the model's label columns, where the training file had them */
            label = saved - 1;
            n_label = n_y;
            want = net.n_in + n_y;
        } else {
            label = label_col ? csv_column(label_col, c.n_cells) : c.n_cells;
            n_label = 1;
            want = net.n_in + (label_col != 0);
        }
        if (lines == 1 && feats && (header || (pick ? picked_text(&c, pick, net.n_in)
                                               : has_text(&c, label, n_label)))) {
            /* a header: the features by name */
            n_head = c.n_cells;
            if (!(src = (size_t *)malloc(net.n_in * sizeof *src))) goto nomem;
            if (map_columns(&c, feats, net.n_in, labs, n_labs, meta[M_INDEX] != NULL,
                            pick != NULL, src))
                goto done;
            continue;
        }
        if (lines == 1 && header) continue;
        if (src) {
            if (read_named(&c, src, net.n_in, n_head, x)) goto done;
        } else if (pick) {
            if (read_picked(&c, pick, net.n_in, width, x)) goto done;
        } else {
            if (label_col && label == c.n_cells && c.n_cells == want) {
                csv_say(&c, c.line, 0, "%lu columns: no column %ld",
                        (unsigned long)c.n_cells, label_col);
                goto done;
            }
            if (read_row(&c, label, n_label, want, net.n_in, lines == 1, x)) goto done;
        }
        nn_forward(&net, nn_mat_view(x, 1, net.n_in), &work);
        print_prediction(work.out.data, net.n_out, classes, names, n_names, digits);
    }
    if (r < 0) goto done;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "predict: write error: %s\n", strerror(errno));
        goto done;
    }
    status = 0;
    goto done;
nomem:
    fprintf(stderr, "predict: out of memory\n");
done:
    csv_close(&c);
    free(names);
    free(feats);
    free(labs);
    free(src);
    free(pick);
    for (i = 0; i < M_N; i++) free(meta[i]);
    free(x);
    nn_work_free(&work);
    nn_net_free(&net);
    return status;
}

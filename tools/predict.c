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

   --classes is refused for a model with one linear output: a regression
   (a model file does not say whether it is one; train gives a classifier
   an output per class).

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
          "  --header            skip the first line\n"
          "  --label-column N    leave out column N (1 the first, -1 the last), as\n"
          "                      in a file train reads\n"
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

/* Loads the model and its class names (*text, to free; NULL when none).
   -1 after saying why. */
static int load_model(const char *path, nn_load_opts *opts, nn_net *net,
                      char **text)
{
    char small[1024];
    size_t len = (size_t)-1;
    nn_status st;
    *text = NULL;
    if (model_file_check("predict", path)) return -1;
    st = nn_load_file_ex(net, path, opts);
    if (st == NN_OK)
        st = nn_load_meta_file(path, "classes", small, sizeof small, &len, opts);
    if (st == NN_OK && len != (size_t)-1) {
        size_t need = len + 1;
        if (!(*text = (char *)malloc(need))) {
            fprintf(stderr, "predict: out of memory\n");
            return -1;
        }
        if (len < sizeof small) {
            memcpy(*text, small, need);
        } else {
            /* a longer list: once more, into a buffer of its size */
            st = nn_load_meta_file(path, "classes", *text, need, &len, opts);
            if (st == NN_OK && len >= need) st = NN_ERR_IO;
        }
    }
    if (st != NN_OK) {
        fprintf(stderr, "predict: %.200s: %s\n", path,
                opts->why[0] ? opts->why : nn_strerror(st));
        free(*text);
        *text = NULL;
        return -1;
    }
    if (model_params_check("predict", path, net)) {
        free(*text);
        *text = NULL;
        nn_net_free(net);
        return -1;
    }
    return 0;
}

/* The features of the current row into x (n_in), the label cell (index
   label; n_cells for none) left out. 0, or -1 after naming what is wrong:
   text on the first line (a header, without --header), an empty cell, the
   count of cells, a cell that is not a finite number. */
static int read_row(const csv_file *c, size_t label, size_t want, size_t n_in,
                    int first, nn_real *x)
{
    char shown[48];
    size_t j, k = 0, text = 0, empty = 0, extra = want - n_in;
    double v;
    for (j = 0; j < c->n_cells; j++) {
        if (j == label) continue;
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
                (unsigned long)n_in, extra ? " (and the label column)" : "");
    } else if (text) {
        csv_say(c, c->line, text, "%s %s", csv_show(&c->cell[text - 1], shown,
                sizeof shown), csv_why(&c->cell[text - 1]));
    } else {
        return 0;
    }
    return -1;
}

int main(int argc, char **argv)
{
    nn_net net;
    nn_work work;
    nn_real *x = NULL;
    nn_act acts[64];
    nn_load_opts opts;
    csv_file c;
    const char *model = NULL, *input = NULL, **names = NULL;
    char *text = NULL;
    size_t j, n_names = 0, label = 0, want, lines = 0;
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
    if (load_model(model, &opts, &net, &text)) return 1;
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
    if (classes && !text && net.n_out == 1 &&
        net.layers[net.n_layers - 1].act == NN_ACT_LINEAR) {
        fprintf(stderr, "predict: %s: --classes: the model's one output is linear, "
                "a regression's: it predicts a value, not a class\n", model);
        status = 2;
        goto done;
    }
    x = (nn_real *)calloc(net.n_in, sizeof *x);
    if (!x || nn_work_init(&work, &net, 1) != NN_OK) goto nomem;
    if (csv_open(&c, "predict", input, delim)) goto done;
    want = net.n_in + (label_col != 0);
    while ((r = csv_next(&c)) == 1) {
        if (++lines == 1 && header) continue;
        label = label_col ? csv_column(label_col, c.n_cells) : c.n_cells;
        if (label_col && label == c.n_cells && c.n_cells == want) {
            csv_say(&c, c.line, 0, "%lu columns: no column %ld",
                    (unsigned long)c.n_cells, label_col);
            goto done;
        }
        if (read_row(&c, label, want, net.n_in, lines == 1, x)) goto done;
        nn_forward(&net, nn_mat_view(x, 1, net.n_in), &work);
        if (classes) {
            const nn_real *o = work.out.data;
            size_t best = 0;
            for (j = 1; j < net.n_out; j++)
                if (o[j] > o[best]) best = j;
            if (net.n_out == 1) best = o[0] >= (nn_real)0.5;
            if (names && best < n_names) printf("%s\n", names[best]);
            else printf("%lu\n", (unsigned long)best);
        } else {
            for (j = 0; j < net.n_out; j++)
                printf("%s%.*g", j ? " " : "", digits, (double)work.out.data[j]);
            putchar('\n');
        }
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
    free(text);
    free(x);
    nn_work_free(&work);
    nn_net_free(&net);
    return status;
}

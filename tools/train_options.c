/* train_options.c - train's command line (train_options.h). */
#include "train_options.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* --optimizer's lines of the usage: the names nn.h's table gives */
static void print_optimizers(FILE *f)
{
    int k;
    fputs("  --optimizer O       ", f);
    for (k = 0; k < NN_OPT_COUNT; k++)
        fprintf(f, "%s%s", k == 0 ? "" : k + 1 == NN_OPT_COUNT ? " or " : ", ",
                nn_opt_name((nn_opt_kind)k));
    fputs("\n                      (default sgd)\n", f);
}

void usage(FILE *f)
{
    fputs("usage: train [options] FILE.csv\n"
          "       train [options] --idx-images FILE --idx-labels FILE\n"
          "Trains a neural network (by default the article's: one hidden layer of\n"
          "sigmoid units, a sigmoid output, the sum-of-squares loss, gradient\n"
          "descent) on a CSV file whose last column is the class label, and\n"
          "reports the test accuracy; with --regression, real-valued targets.\n"
          "A FILE of - (FILE.csv or --test's) is standard input.\n"
          "The file:\n"
          "  --delimiter D       ',' ';' 'tab' or 'space' (default: the most\n"
          "                      frequent of , ; and tab on the first line)\n"
          "  --label-column N    the label's column, 1 the first, -1 the last\n"
          "                      (default -1)\n"
          "  --header            the first line is a header (default: when it is\n"
          "                      not all numbers and the second line is)\n"
          "  --no-header         the first line is data\n"
          "  --regression        the label is a real value: linear output,\n"
          "                      sum-of-squares loss, RMSE and R^2 reported\n"
          "  --targets K         regression: K targets, the label column and\n"
          "                      those after it (default 1; -K columns from the end)\n"
          "  --columns LIST      the features are these columns only, in the\n"
          "                      file's order: names of the header or numbers as\n"
          "                      --label-column's, comma-separated (e.g. 2,age,-3)\n"
          "  --drop LIST         the features are every column but these\n"
          "IDX files (MNIST's format, uncompressed) instead of FILE.csv:\n"
          "  --idx-images F      the images (magic 0x00000803, unsigned bytes):\n"
          "                      each image a row of features, its pixels\n"
          "  --idx-labels F      their labels (magic 0x00000801): the classes\n"
          "                      0..K-1, K the largest label + 1\n"
          "  --test-idx-images F, --test-idx-labels F  the test rows, as --test\n", f);
    fputs("The network:\n"
          "  --hidden N          one hidden layer of N units (default 32)\n"
          "  --layers N,N,...    hidden layers of these widths, e.g. 128,64\n"
          "  --activation A      hidden layers: sigmoid, tanh, relu, linear, gelu,\n"
          "                      gelu_tanh, silu, leaky_relu, elu or softplus,\n"
          "                      with parameters as PyTorch names them, e.g.\n"
          "                      'leaky_relu(negative_slope=0.2)' (default sigmoid)\n"
          "  --output A          output layer: sigmoid, softmax or linear\n"
          "  --loss L            sse, bce (sigmoid output) or cross_entropy\n"
          "                      (softmax output), summed over the batch; default\n"
          "                      sigmoid and sse; cross_entropy alone implies\n"
          "                      softmax, bce sigmoid; softmax alone cross_entropy\n"
          "  --init I            initial weights: uniform, U(-a, a) with\n"
          "                      a = 1/sqrt(inputs of the layer), glorot (Glorot\n"
          "                      uniform) or he (He uniform) (default uniform)\n"
          "Training:\n", f);
    print_optimizers(f);
    fputs("  --momentum M        0 <= M < 1 for momentum, nesterov (default 0.9)\n"
          "                      and rmsprop (default 0)\n"
          "  --weight-decay D    L2 term D*w added to every gradient (default 0);\n"
          "                      adamw: decoupled, w *= 1 - rate*D first (default\n"
          "                      0.01)\n"
          "  --no-decay-biases   the weight decay leaves the biases alone (PyTorch:\n"
          "                      a param group of the biases with weight_decay 0)\n"
          "  --alpha A           rmsprop's smoothing constant, 0 <= A < 1\n"
          "                      (default 0.99)\n"
          "  --centered          rmsprop divides by the gradient's deviation\n"
          "  --clip-norm N       scale the gradient to norm N when it is longer,\n"
          "                      before each step (clip_grad_norm_), N > 0\n"
          "  --epochs N          passes over the training rows (default 200)\n"
          "  --batch N           rows per gradient step (default 10)\n"
          "  --rate R            step size (default 0.05, 0.001 with --regression);\n"
          "                      for sgd, momentum and\n"
          "                      nesterov a step per row: the loss is a sum over\n"
          "                      the batch, so a step moves rate*batch times the\n"
          "                      mean gradient; adam's, adamw's and rmsprop's step\n"
          "                      is about R whatever the batch\n"
          "  --mean-loss         the gradient of the mean loss, as PyTorch's\n"
          "                      default reduction: over the batch's elements for\n"
          "                      sse and bce, its rows for cross_entropy; then\n"
          "                      --rate is PyTorch's lr\n"
          "  --lr-schedule S     constant, step (rate x 0.1 from half and x 0.01\n"
          "                      from three quarters of the epochs) or cosine\n"
          "                      (rate x (1 + cos(pi e / epochs)) / 2 at epoch e\n"
          "                      from 0) (default constant)\n"
          "  --patience N        stop when the validation loss has not improved\n"
          "                      for N epochs, and keep the best network\n"
          "  --validation-fraction F  share of the training rows held out for\n"
          "                      --patience, 0 < F < 1 (default 0.1)\n"
          "  --test-fraction F   share of rows held out, 0 <= F < 1 (default 0.2)\n"
          "  --test FILE         the test rows are FILE's (the columns of FILE.csv,\n"
          "                      its classes) instead: none are held out; the\n"
          "                      features are scaled as the training rows'\n"
          "  --seed N            seed of the split, weights and order (default 1)\n"
          "  --threads N         threads for the products and the optimizer, with\n"
          "                      a build by -fopenmp (default: OpenMP's,\n"
          "                      OMP_NUM_THREADS or every core); the results\n"
          "                      are the same bits for any N\n"
          "Output:\n"
          "  --svg FILE          write a chart of the loss and the accuracy per\n"
          "                      epoch (regression: predicted against true)\n"
          "  --save FILE         write the trained model (safetensors) for predict\n"
          "  -h, --help          show this and exit\n", f);
}

/* s is all decimal digits (no sign, no blanks) and fits: store it */
static int parse_ull(const char *s, unsigned long long *v)
{
    char *end;
    if (!*s || strspn(s, "0123456789") != strlen(s)) return -1;
    errno = 0;
    *v = strtoull(s, &end, 10);
    return errno ? -1 : 0;
}

static int parse_count(const char *s, size_t *v)
{
    unsigned long long u;
    if (parse_ull(s, &u) || u == 0 || u > 100000000ULL) return -1;
    *v = (size_t)u;
    return 0;
}

static int parse_real(const char *s, double *v)
{
    char *end;
    if (!*s) return -1;
    errno = 0;
    *v = strtod(s, &end);
    return *end || errno || !(*v == *v) || *v > 1e300 || *v < -1e300 ? -1 : 0;
}

/* "128,64": one or more counts between commas, at most MAX_HIDDEN */
static int parse_widths(const char *s, options *o)
{
    char item[24];
    size_t n = 0;
    for (;;) {
        size_t len = strcspn(s, ",");
        if (len == 0 || len >= sizeof item || n == MAX_HIDDEN) return -1;
        memcpy(item, s, len);
        item[len] = '\0';
        if (parse_count(item, &o->widths[n])) return -1;
        n++;
        if (!s[len]) break;
        s += len + 1;
    }
    o->n_hidden = n;
    return 0;
}

/* the index of s in the NULL-ended list names, or -1 */
static int lookup(const char *s, const char *const *names)
{
    int k;
    for (k = 0; names[k]; k++)
        if (strcmp(s, names[k]) == 0) return k;
    return -1;
}

static const char *const init_names[] = {"uniform", "glorot", "he", NULL};
static const char *const sched_names[] = {"constant", "step", "cosine", NULL};

/* an activation allowed where the list says (n 0: any elementwise one),
   by the name nn.h gives it, with its parameters into p when not NULL */
static int parse_act(const char *s, const nn_act *allowed, size_t n, nn_act *a, nn_real *p)
{
    size_t k;
    nn_act v;
    nn_real q[NN_ACT_MAX_PARAMS];
    if (nn_act_parse_params(s, strlen(s), &v, q) != NN_OK || (!p && nn_act_n_params(v)))
        return -1;
    for (k = 0; k < n && allowed[k] != v; k++) {}
    if (n ? k == n : v == NN_ACT_SOFTMAX) return -1;
    *a = v;
    if (p) memcpy(p, q, sizeof q);
    return 0;
}

/* the options that take no value */
static int flag(const char *a, options *o)
{
    if (strcmp(a, "--header") == 0) o->read.header = 1;
    else if (strcmp(a, "--no-header") == 0) o->read.header = 0;
    else if (strcmp(a, "--regression") == 0) o->regression = 1;
    else if (strcmp(a, "--mean-loss") == 0) o->mean_loss = 1;
    else if (strcmp(a, "--centered") == 0) o->centered = 1;
    else if (strcmp(a, "--no-decay-biases") == 0) o->no_decay_biases = 1;
    else return 0;
    return 1;
}

/* the defaults: the article's network and its training */
static void defaults(options *o)
{
    memset(o, 0, sizeof *o);
    o->n_hidden = 1; o->widths[0] = 32; o->epochs = 200; o->batch = 10;
    o->rate = 0.05; o->test_fraction = 0.2; o->val_fraction = 0.1; o->seed = 1;
    o->act = NN_ACT_SIGMOID; o->out = NN_ACT_SIGMOID; o->loss = NN_LOSS_SSE;
    o->opt = NN_OPT_SGD; o->momentum = 0.9; o->weight_decay = 0;
    o->init = INIT_UNIFORM;
    o->schedule = SCHED_CONSTANT;
    o->read.delim = 0; o->read.label_col = -1; o->read.header = -1;
    o->svg = NULL; o->save = NULL; o->file = NULL;
}

/* the options that take a value, in the order of set_value's cases */
static const char *const value_names[] = {"--hidden", "--epochs", "--batch",
    "--rate", "--test-fraction", "--seed", "--svg", "--save", "--layers",
    "--activation", "--output", "--loss", "--optimizer", "--momentum",
    "--weight-decay", "--init", "--delimiter", "--label-column",
    "--targets", "--lr-schedule", "--patience", "--validation-fraction", "--test",
    "--idx-images", "--idx-labels", "--test-idx-images", "--test-idx-labels",
    "--threads", "--columns", "--drop", "--alpha", "--clip-norm", NULL};

/* val for option value_names[k]: stored in o; nonzero when it is bad */
static int set_value(int k, const char *val, options *o)
{
    static const nn_act out_acts[] = {NN_ACT_SIGMOID, NN_ACT_SOFTMAX,
                                      NN_ACT_LINEAR};
    int bad = 0, v;
    switch (k) {
    case 0:
        bad = parse_count(val, &o->widths[0]);
        o->n_hidden = 1;
        o->hidden_given = 1;
        break;
    case 1: bad = parse_count(val, &o->epochs); break;
    case 2: bad = parse_count(val, &o->batch); break;
    case 3:
        bad = parse_real(val, &o->rate) || !(o->rate > 0);
        o->rate_given = 1;
        break;
    case 4:
        bad = parse_real(val, &o->test_fraction) || o->test_fraction < 0 ||
              !(o->test_fraction < 1);
        o->test_fraction_given = 1;
        break;
    case 5: bad = parse_ull(val, &o->seed); break;
    case 6: bad = !*val; o->svg = val; break;
    case 7: bad = !*val; o->save = val; break;
    case 8: bad = parse_widths(val, o); o->layers_given = 1; break;
    case 9: bad = parse_act(val, NULL, 0, &o->act, o->act_param); break;
    case 10: bad = parse_act(val, out_acts, 3, &o->out, NULL); o->out_given = 1; break;
    case 11: bad = nn_loss_parse(val, &o->loss) != NN_OK; o->loss_given = 1; break;
    case 12:
        bad = nn_opt_parse(val, &o->opt) != NN_OK;
        break;
    case 13:
        bad = parse_real(val, &o->momentum) || o->momentum < 0 ||
              !(o->momentum < 1);
        o->momentum_given = 1;
        break;
    case 14:
        bad = parse_real(val, &o->weight_decay) || o->weight_decay < 0;
        o->weight_decay_given = 1;
        break;
    case 15:
        bad = (v = lookup(val, init_names)) < 0;
        if (!bad) o->init = v;
        break;
    case 16: bad = !(o->read.delim = table_delim_arg(val)); break;
    case 17:
        bad = !(o->read.label_col = table_column_arg(val));
        o->label_given = 1;
        break;
    case 18: bad = parse_count(val, &o->targets) || o->targets > 1000; break;
    case 19:
        bad = (v = lookup(val, sched_names)) < 0;
        if (!bad) o->schedule = v;
        break;
    case 20: bad = parse_count(val, &o->patience); break;
    case 22: bad = !*val; o->test = val; break;
    case 23: bad = !*val; o->idx_images = val; break;
    case 24: bad = !*val; o->idx_labels = val; break;
    case 25: bad = !*val; o->test_idx_images = val; break;
    case 26: bad = !*val; o->test_idx_labels = val; break;
    case 27: bad = parse_count(val, &o->threads) || o->threads > 1024; break;
    case 28:
    case 29:
        bad = table_columns_arg(val, &o->read.by_name);
        if (k == 28) o->columns = val;
        else o->drop = val;
        break;
    case 30:
        bad = parse_real(val, &o->alpha) || o->alpha < 0 || !(o->alpha < 1);
        o->alpha_given = 1;
        break;
    case 31: bad = parse_real(val, &o->clip_norm) || !(o->clip_norm > 0); break;
    default:
        bad = parse_real(val, &o->val_fraction) || !(o->val_fraction > 0) ||
              !(o->val_fraction < 1);
        o->val_given = 1;
    }
    return bad;
}

/* IDX files in place of FILE.csv and --test's FILE: o->file and o->test
   become the images files. 0 fine, -1 not (said). */
static int check_idx(options *o)
{
    if (!o->idx_images != !o->idx_labels || !o->test_idx_images != !o->test_idx_labels) {
        fprintf(stderr, "train: --%sidx-images and --%sidx-labels go together\n",
                !o->idx_images != !o->idx_labels ? "" : "test-",
                !o->idx_images != !o->idx_labels ? "" : "test-");
        return -1;
    }
    if ((o->idx_images && o->file) || (o->test_idx_images && o->test)) {
        fprintf(stderr, "train: %s: give one of them\n", o->idx_images && o->file ?
                "--idx-images and FILE.csv" : "--test-idx-images and --test");
        return -1;
    }
    if ((o->idx_images || o->test_idx_images) && (o->regression || o->read.columns)) {
        fprintf(stderr, "train: %s takes CSV files, not IDX files\n", o->regression
                ? "--regression" : o->read.drop ? "--drop" : "--columns");
        return -1;
    }
    if (o->idx_images) o->file = o->idx_images;
    if (o->test_idx_images) o->test = o->test_idx_images;
    return 0;
}

/* --columns and --drop: 0 fine, -1 not (said) */
static int check_lists(options *o)
{
    if (o->columns && o->drop) {
        fprintf(stderr, "train: --columns and --drop: give one of them\n");
        return -1;
    }
    o->read.columns = o->columns ? o->columns : o->drop;
    o->read.drop = o->drop != NULL;
    if (o->read.by_name && o->read.header == 0) {
        fprintf(stderr, "train: %s %s: a name needs a header, and --no-header "
                "says there is none\n", o->drop ? "--drop" : "--columns",
                o->read.columns);
        return -1;
    }
    return 0;
}

/* the optimizer's settings that only some optimizers take: 0 fine, -1
   not (said) */
static int check_optimizer(const options *o)
{
    const char *what = NULL, *needs = "rmsprop";
    if (o->momentum_given && o->opt != NN_OPT_MOMENTUM && o->opt != NN_OPT_NESTEROV &&
        o->opt != NN_OPT_RMSPROP) {
        what = "--momentum";
        needs = "momentum, nesterov or rmsprop";
    } else if (o->alpha_given && o->opt != NN_OPT_RMSPROP) {
        what = "--alpha";
    } else if (o->centered && o->opt != NN_OPT_RMSPROP) {
        what = "--centered";
    }
    if (what) {
        fprintf(stderr, "train: %s needs --optimizer %s\n", what, needs);
        return -1;
    }
    if (o->no_decay_biases && !(o->weight_decay > 0) &&
        (o->opt != NN_OPT_ADAMW || o->weight_decay_given)) {
        fprintf(stderr, "train: --no-decay-biases needs a weight decay (--weight-decay D "
                "> 0, or --optimizer adamw)\n");
        return -1;
    }
    return 0;
}

/* the options that depend on each other: 0 fine, -1 not (said) */
static int check_options(options *o)
{
    if (check_lists(o)) return -1;
    if (check_idx(o)) return -1;
#ifndef _OPENMP
    if (o->threads > 1) {
        fprintf(stderr, "train: --threads %lu: this build has no threads (it was "
                "not built with -fopenmp; make build/train_omp is)\n",
                (unsigned long)o->threads);
        return -1;
    }
#endif
    if (o->hidden_given && o->layers_given) {
        fprintf(stderr, "train: --hidden and --layers: give one of them\n");
        return -1;
    }
    if (o->targets && !o->regression) {
        fprintf(stderr, "train: --targets needs --regression\n");
        return -1;
    }
    if (o->regression) {
        o->read.targets = o->targets ? o->targets : 1;
        if (!o->label_given) o->read.label_col = -(long)o->read.targets;
        if ((o->out_given && o->out != NN_ACT_LINEAR) ||
            (o->loss_given && o->loss != NN_LOSS_SSE)) {
            fprintf(stderr, "train: --regression has a linear output and the sse loss\n");
            return -1;
        }
        o->out = NN_ACT_LINEAR;
        o->loss = NN_LOSS_SSE;
        /* a linear output's gradient is not damped by a sigmoid's slope */
        if (!o->rate_given) o->rate = 0.001;
        o->out_given = o->loss_given = 1;
    }
    /* the output and the loss: one given picks the other */
    if (o->loss_given && !o->out_given)
        o->out = o->loss == NN_LOSS_CE ? NN_ACT_SOFTMAX : NN_ACT_SIGMOID;
    if (o->out_given && !o->loss_given)
        o->loss = o->out == NN_ACT_SOFTMAX ? NN_LOSS_CE : NN_LOSS_SSE;
    if ((o->loss == NN_LOSS_BCE && o->out != NN_ACT_SIGMOID) ||
        (o->loss == NN_LOSS_CE && o->out != NN_ACT_SOFTMAX)) {
        fprintf(stderr, "train: --loss %s needs --output %s, not %s\n",
                nn_loss_name(o->loss), o->loss == NN_LOSS_BCE ? "sigmoid" : "softmax",
                nn_act_name(o->out));
        return -1;
    }
    if (check_optimizer(o)) return -1;
    if (o->file && o->test && strcmp(o->file, "-") == 0 && strcmp(o->test, "-") == 0) {
        fprintf(stderr, "train: FILE.csv and --test FILE: only one can be standard input\n");
        return -1;
    }
    if (o->test && o->test_fraction_given) {
        fprintf(stderr, "train: --test and --test-fraction: give one of them\n");
        return -1;
    }
    if (o->val_given && !o->patience) {
        fprintf(stderr, "train: --validation-fraction needs --patience\n");
        return -1;
    }
    if (!o->file) {
        fprintf(stderr, "train: no input file\n");
        return -1;
    }
    return 0;
}

int parse_options(int argc, char **argv, options *o)
{
    int i, k;
    defaults(o);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *val = NULL, *eq;
        char name[32];
        size_t n;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) return 1;
        if (a[0] != '-' || a[1] == '\0') {
            if (o->file) {
                fprintf(stderr, "train: more than one input file\n");
                return -1;
            }
            o->file = a;
            continue;
        }
        if (flag(a, o)) continue;
        /* --name value or --name=value */
        eq = strchr(a, '=');
        n = eq ? (size_t)(eq - a) : strlen(a);
        if (n >= sizeof name) n = sizeof name - 1;
        memcpy(name, a, n);
        name[n] = '\0';
        for (k = 0; value_names[k] && strcmp(name, value_names[k]) != 0; k++) {}
        if (!value_names[k]) {
            fprintf(stderr, "train: unknown option %s\n", a);
            return -1;
        }
        if (eq) val = eq + 1;
        else if (i + 1 < argc) val = argv[++i];
        else {
            fprintf(stderr, "train: %s needs a value\n", name);
            return -1;
        }
        if (set_value(k, val, o)) {
            fprintf(stderr, "train: bad value for %s: '%s'\n", name, val);
            return -1;
        }
    }
    return check_options(o);
}

/* the optimizer's settings, after its name */
static void print_optimizer(const nn_opt *opt)
{
    if (opt->kind == NN_OPT_MOMENTUM || opt->kind == NN_OPT_NESTEROV)
        printf("%s %g", opt->kind == NN_OPT_NESTEROV ? " momentum" : "", (double)opt->momentum);
    if (opt->kind == NN_OPT_RMSPROP) {
        printf(" alpha %g%s", (double)opt->alpha, opt->centered ? ", centered" : "");
        if (opt->momentum > 0) printf(", momentum %g", (double)opt->momentum);
    }
    if (opt->weight_decay > 0)
        printf(", weight decay %g%s", (double)opt->weight_decay,
               opt->no_decay & NN_NO_DECAY_BIASES ? " (not on biases)" : "");
}

void print_differences(const options *o, const nn_opt *opt)
{
    char act[160];
    size_t n = 0;
    if (o->act == NN_ACT_SIGMOID && o->out == NN_ACT_SIGMOID &&
        o->loss == NN_LOSS_SSE && !opt && o->init == INIT_UNIFORM &&
        !o->mean_loss && o->schedule == SCHED_CONSTANT && !o->patience && !o->clip_norm)
        return;
    if (nn_act_format(o->act, o->act_param, act, sizeof act, &n) != NN_OK || n >= sizeof act)
        snprintf(act, sizeof act, "%s", nn_act_name(o->act));
    printf("%s hidden layers, %s output, %s loss; %s", act,
           nn_act_name(o->out), nn_loss_name(o->loss), nn_opt_name(o->opt));
    if (opt) print_optimizer(opt);
    if (o->clip_norm) printf(", gradient norm clipped at %g", o->clip_norm);
    if (o->mean_loss) printf(", mean loss");
    if (o->schedule != SCHED_CONSTANT) printf(", %s schedule", sched_names[o->schedule]);
    if (o->patience) printf(", patience %lu", (unsigned long)o->patience);
    printf("; %s initial weights\n", init_names[o->init]);
}

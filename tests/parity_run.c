/* One training run for tests/torch_parity.py: reads a network, its
   parameters, a batch, an optimizer and the rate of each step as text,
   takes the steps with nn_train_step_opt (or, with a clip norm, nn_forward,
   nn_net_loss, nn_backprop, nn_clip_grad_norm and nn_opt_step), and
   prints each step's loss (and total gradient norm) and the final
   parameters, %.17g (exact for double).
       parity_run < SPEC
   SPEC is whitespace-separated words, in this order:
       layers L n_0 n_1 ... n_L
       acts A_1 ... A_L            as nn_act_format writes them
       loss NAME                   as nn_loss_name spells it
       opt NAME                    as nn_opt_name spells it
       set KEY VALUE               any number of them; KEY is momentum,
                                   beta1, beta2, eps, weight_decay, alpha,
                                   centered (0 or 1), no_decay (the bits) or
                                   clip (max_norm of nn_clip_grad_norm before
                                   every step; none when not set); the others
                                   keep nn_opt_init's defaults
       steps S R_1 ... R_S         the rate of each step
       rows N
       x   N n_0 values, row by row
       y   N n_L values
       params P values             in nn_net.params order: each layer's
                                   w (n_in,n_out) row by row, then b
       end
   Prints "loss T VALUE" for each step T = 1..S (the loss before that
   step's update), with a clip norm also "norm T VALUE" (the total norm
   before clipping) after it, then "params P" and one value a line. Exit status 1,
   with a message on stderr, on a malformed spec or a failing call. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NN_IMPLEMENTATION
#include "nn.h"

#define MAX_LAYERS 16

static int fail(const char *what)
{
    fprintf(stderr, "parity_run: %s\n", what);
    return 1;
}

/* the next word is `want` */
static int expect(const char *want)
{
    char w[32];
    return scanf("%31s", w) == 1 && strcmp(w, want) == 0;
}

static int read_size(size_t *v)
{
    unsigned long u;
    if (scanf("%lu", &u) != 1) return 0;
    *v = (size_t)u;
    return 1;
}

static int read_reals(nn_real *v, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        double d;
        if (scanf("%lf", &d) != 1) return 0;
        v[i] = (nn_real)d;
    }
    return 1;
}

int main(void)
{
    size_t L, l, widths[MAX_LAYERS + 1], S, N, P, i, t;
    nn_act acts[MAX_LAYERS];
    nn_real ap[MAX_LAYERS][NN_ACT_MAX_PARAMS];
    nn_loss loss;
    nn_opt_kind kind;
    nn_net net;
    nn_opt opt;
    nn_work work;
    nn_real *rates = NULL, *x = NULL, *y = NULL, clip = -1;
    char w[64];
    int rc = 0;

    if (!expect("layers") || !read_size(&L) || L < 1 || L > MAX_LAYERS)
        return fail("bad 'layers'");
    for (l = 0; l <= L; l++)
        if (!read_size(&widths[l])) return fail("bad width");
    if (!expect("acts")) return fail("no 'acts'");
    for (l = 0; l < L; l++)
        if (scanf("%63s", w) != 1 ||
            nn_act_parse_params(w, strlen(w), &acts[l], ap[l]) != NN_OK)
            return fail("bad activation");
    if (!expect("loss") || scanf("%31s", w) != 1 || nn_loss_parse(w, &loss) != NN_OK)
        return fail("bad 'loss'");
    if (!expect("opt") || scanf("%31s", w) != 1) return fail("bad 'opt'");
    if (nn_opt_parse(w, &kind) != NN_OK) return fail("unknown optimizer");

    memset(&net, 0, sizeof net);
    memset(&opt, 0, sizeof opt);
    memset(&work, 0, sizeof work);
    if (nn_net_init_layers(&net, L, widths, acts, loss) != NN_OK)
        return fail("nn_net_init_layers failed");
    for (l = 0; l < L; l++)
        if (nn_net_set_act_params(&net, l, ap[l], nn_act_n_params(acts[l])) != NN_OK) {
            nn_net_free(&net);
            return fail("nn_net_set_act_params failed");
        }
    if (nn_opt_init(&opt, &net, kind) != NN_OK) {
        nn_net_free(&net);
        return fail("nn_opt_init failed");
    }
    /* settings, then the steps' rates */
    for (;;) {
        char key[32];
        double v;
        if (scanf("%31s", w) != 1) { rc = fail("no 'steps'"); goto done_opt; }
        if (strcmp(w, "steps") == 0) break;
        if (strcmp(w, "set") != 0 || scanf("%31s %lf", key, &v) != 2) {
            rc = fail("bad 'set'");
            goto done_opt;
        }
        if (strcmp(key, "momentum") == 0) opt.momentum = (nn_real)v;
        else if (strcmp(key, "beta1") == 0) opt.beta1 = (nn_real)v;
        else if (strcmp(key, "beta2") == 0) opt.beta2 = (nn_real)v;
        else if (strcmp(key, "eps") == 0) opt.eps = (nn_real)v;
        else if (strcmp(key, "weight_decay") == 0) opt.weight_decay = (nn_real)v;
        else if (strcmp(key, "alpha") == 0) opt.alpha = (nn_real)v;
        else if (strcmp(key, "centered") == 0) opt.centered = (int)v;
        else if (strcmp(key, "no_decay") == 0) opt.no_decay = (unsigned)v;
        else if (strcmp(key, "clip") == 0) clip = (nn_real)v;
        else { rc = fail("unknown setting"); goto done_opt; }
    }
    if (!read_size(&S) || S < 1 || S > 100000) { rc = fail("bad 'steps'"); goto done_opt; }
    rates = (nn_real *)malloc(S * sizeof(nn_real));
    if (!rates) { rc = fail("out of memory"); goto done_opt; }
    if (!read_reals(rates, S) || !expect("rows") || !read_size(&N) || N < 1 ||
        N > 100000) {
        rc = fail("bad rates or 'rows'");
        goto done_rates;
    }
    x = (nn_real *)malloc(N * widths[0] * sizeof(nn_real));
    y = (nn_real *)malloc(N * widths[L] * sizeof(nn_real));
    if (!x || !y) { rc = fail("out of memory"); goto done_xy; }
    if (!expect("x") || !read_reals(x, N * widths[0]) || !expect("y") ||
        !read_reals(y, N * widths[L])) {
        rc = fail("bad 'x' or 'y'");
        goto done_xy;
    }
    if (!expect("params") || !read_size(&P) || P != net.n_params ||
        !read_reals(net.params, P) || !expect("end")) {
        rc = fail("bad 'params' (or their count is not the network's)");
        goto done_xy;
    }
    if (nn_work_init(&work, &net, N) != NN_OK) { rc = fail("nn_work_init failed"); goto done_xy; }

    for (t = 0; t < S; t++) {
        nn_real L_t = 0, norm = 0;
        nn_mat xm = nn_mat_view(x, N, widths[0]), ym = nn_mat_view(y, N, widths[L]);
        nn_status st;
        if (clip < 0) {
            st = nn_train_step_opt(&net, &opt, xm, ym, rates[t], &work, &L_t);
        } else {
            st = nn_forward(&net, xm, &work);
            if (st == NN_OK) st = nn_net_loss(&net, &work, ym, &L_t);
            if (st == NN_OK) st = nn_backprop(&net, xm, ym, &work);
            if (st == NN_OK) st = nn_clip_grad_norm(&net, &work, clip, &norm);
            if (st == NN_OK) st = nn_opt_step(&opt, &net, &work, rates[t]);
        }
        if (st != NN_OK) {
            fprintf(stderr, "parity_run: step %lu: %s\n", (unsigned long)(t + 1),
                    nn_strerror(st));
            rc = 1;
            goto done_work;
        }
        printf("loss %lu %.17g\n", (unsigned long)(t + 1), (double)L_t);
        if (clip >= 0) printf("norm %lu %.17g\n", (unsigned long)(t + 1), (double)norm);
    }
    printf("params %lu\n", (unsigned long)net.n_params);
    for (i = 0; i < net.n_params; i++) printf("%.17g\n", (double)net.params[i]);
    if (fflush(stdout) != 0 || ferror(stdout)) rc = fail("writing the output failed");

done_work:
    nn_work_free(&work);
done_xy:
    free(x);
    free(y);
done_rates:
    free(rates);
done_opt:
    nn_opt_free(&opt);
    nn_net_free(&net);
    return rc;
}

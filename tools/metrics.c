/* metrics.c - the scores of metrics.h. */
#include "metrics.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

size_t argmax(const nn_real *v, size_t n)
{
    size_t i, best = 0;
    for (i = 1; i < n; i++)
        if (v[i] > v[best]) best = i;
    return best;
}

score evaluate(const nn_net *net, nn_work *w, nn_mat x, nn_mat y,
               const scoring *s)
{
    size_t first, i, j, K = y.cols;
    double *mean = s->scratch, *sse = mean + K, *sst = sse + K;
    score r;
    memset(&r, 0, sizeof r);
    if (s->regression) {
        for (j = 0; j < K; j++) mean[j] = sse[j] = sst[j] = 0;
        for (i = 0; i < y.rows; i++)
            for (j = 0; j < K; j++) mean[j] += (double)NN_AT(y, i, j);
        for (j = 0; j < K; j++) mean[j] /= (double)(y.rows ? y.rows : 1);
    }
    for (first = 0; first < x.rows; first += w->capacity) {
        size_t n = x.rows - first < w->capacity ? x.rows - first : w->capacity;
        nn_mat xb, yb;
        nn_real l = 0;
        nn_mat_rows(&xb, x, first, n);
        nn_mat_rows(&yb, y, first, n);
        nn_forward(net, xb, w);
        nn_net_loss(net, w, yb, &l);
        r.loss += (double)l;
        for (i = 0; i < n; i++) {
            const nn_real *want = y.data + (first + i) * K, *got = w->out.data + i * K;
            if (!s->regression) {
                size_t a = argmax(want, K), b = argmax(got, K);
                r.right += a == b;
                if (s->confusion) s->confusion[a * K + b]++;
                continue;
            }
            for (j = 0; j < K; j++) {
                /* in the data's units: the standardized values times sd */
                double e = ((double)got[j] - (double)want[j]) * s->ysd[j];
                double t = ((double)want[j] - mean[j]) * s->ysd[j];
                sse[j] += e * e;
                sst[j] += t * t;
            }
            if (s->pred) {
                s->pred[first + i] = (double)got[0] * s->ysd[0] + s->ymean[0];
                s->truth[first + i] = (double)want[0] * s->ysd[0] + s->ymean[0];
            }
        }
    }
    if (x.rows) {
        r.loss /= (double)x.rows;
        r.acc = 100.0 * (double)r.right / (double)x.rows;
    }
    if (s->regression && x.rows) {
        double all = 0;
        for (j = 0; j < K; j++) {
            all += sse[j];
            /* a constant target: R^2 is 1 when it is met, else 0 (scikit-learn) */
            r.r2 += sst[j] > 0 ? 1 - sse[j] / sst[j] : sse[j] > 0 ? 0 : 1;
        }
        r.rmse = sqrt(all / (double)(x.rows * K));
        r.r2 /= (double)K;
    }
    return r;
}

void print_scores(const char *part, const score *s, int regression)
{
    if (regression)
        printf(s->r2 > -1000 ? "  %s RMSE %8.4g R2 %6.3f" : "  %s RMSE %8.4g R2 %6.2g",
               part, s->rmse, s->r2);
    else printf("  %s %6.2f%%", part, s->acc);
}

void print_confusion(const size_t *c, size_t K)
{
    size_t i, j, big = 1;
    int w = 1;
    for (i = 0; i < K * K; i++)
        if (c[i] > big) big = c[i];
    while (big >= 10) { big /= 10; w++; }
    if (w < (K > 10 ? (K > 100 ? 3 : 2) : 1)) w = K > 100 ? 3 : 2;
    printf("confusion matrix (rows: true class, columns: predicted)\n");
    printf("%*s", w + 2, "");
    for (j = 0; j < K; j++) printf(" %*lu", w, (unsigned long)j);
    putchar('\n');
    for (i = 0; i < K; i++) {
        printf("%*lu |", w, (unsigned long)i);
        for (j = 0; j < K; j++) printf(" %*lu", w, (unsigned long)c[i * K + j]);
        putchar('\n');
    }
}

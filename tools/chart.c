/* chart.c - the SVG chart of chart.h, drawn by hand: axes with ticks of 1, 2
   or 5 times a power of ten, a polyline per series, a legend. */
#include "chart.h"

#include <math.h>
#include <stdio.h>

/* a step of 1, 2 or 5 times a power of ten giving about `ticks` ticks */
static double nice_step(double range, int ticks)
{
    double raw = range / ticks, mag = pow(10, floor(log10(raw))), f = raw / mag;
    return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

static void svg_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default:
            fputc((unsigned char)*s >= 32 ? *s : '?', f);
        }
    }
}

typedef struct panel {
    double x0, y0, w, h;        /* plot area in pixels, y0 at the top */
    double xlo, xmax, ylo, yhi; /* data ranges */
} panel;

static double px(const panel *p, double x)
{
    return p->x0 + p->w * (x - p->xlo) / (p->xmax - p->xlo);
}
static double py(const panel *p, double y)
{
    return p->y0 + p->h * (1 - (y - p->ylo) / (p->yhi - p->ylo));
}

/* frame, grid, ticks and axis titles */
static void svg_axes(FILE *f, const panel *p, const char *title,
                     const char *xlabel, const char *ylabel)
{
    double step, v, first;
    int k;
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
            "fill=\"white\" stroke=\"#444\"/>\n", p->x0, p->y0, p->w, p->h);
    step = nice_step(p->xmax - p->xlo, 6);
    if (step < 1 && p->xlo == 0) step = 1;     /* epochs are whole */
    /* ticks (first + k) * step, counted in integers so no rounding piles up */
    first = ceil(p->xlo / step - 1e-9) + 0.0;
    for (k = 0; (v = (first + k) * step) <= p->xmax + step * 1e-9; k++) {
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                "stroke=\"#ddd\"/>\n", px(p, v), p->y0, px(p, v), p->y0 + p->h);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%g</text>\n",
                px(p, v), p->y0 + p->h + 16, v);
    }
    step = nice_step(p->yhi - p->ylo, 5);
    first = ceil(p->ylo / step - 1e-9) + 0.0;   /* + 0.0 turns -0 into 0 */
    for (k = 0; (v = (first + k) * step) <= p->yhi + step * 1e-9; k++) {
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                "stroke=\"#ddd\"/>\n", p->x0, py(p, v), p->x0 + p->w, py(p, v));
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n",
                p->x0 - 6, py(p, v) + 4, v);
    }
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
            "fill=\"none\" stroke=\"#444\"/>\n", p->x0, p->y0, p->w, p->h);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
            "font-weight=\"bold\">%s</text>\n", p->x0 + p->w / 2, p->y0 - 10, title);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
            p->x0 + p->w / 2, p->y0 + p->h + 36, xlabel);
    fprintf(f, "<text transform=\"translate(%.1f %.1f) rotate(-90)\" "
            "text-anchor=\"middle\">%s</text>\n", p->x0 - 46, p->y0 + p->h / 2,
            ylabel);
}

static void svg_series(FILE *f, const panel *p, const double *v, size_t n,
                       const char *color)
{
    size_t i;
    fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
            "points=\"", color);
    for (i = 0; i < n; i++)
        fprintf(f, "%s%.1f,%.1f", i ? " " : "", px(p, (double)(i + 1)), py(p, v[i]));
    fputs("\"/>\n", f);
    if (n == 1)   /* a line of one point does not show: mark it */
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n",
                px(p, 1), py(p, v[0]), color);
}

/* legend entry k (of count, from the top) in the panel's upper or lower
   right corner, wherever the curves are not */
static void svg_legend(FILE *f, const panel *p, int upper, int k, int count,
                       const char *color, const char *label)
{
    double x = p->x0 + p->w - 130;
    double y = upper ? p->y0 + 26 + 20.0 * k
                     : p->y0 + p->h - 16 - 20.0 * (count - 1 - k);
    if (k == 0)
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"120\" height=\"%d\" "
                "fill=\"white\" fill-opacity=\"0.9\" stroke=\"#999\"/>\n",
                x - 8, y - 14, 20 * count + 4);
    fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
            "stroke=\"%s\" stroke-width=\"2\"/>\n", x, y - 4, x + 24, y - 4, color);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n", x + 30, y, label);
}

/* predicted (y) against true (x) values as dots, with the line y = x */
static void svg_scatter(FILE *f, panel *p, const history *h)
{
    size_t i;
    double lo = h->truth[0], hi = lo, step;
    for (i = 0; i < h->n_pred; i++) {
        double a = h->truth[i], b = h->pred[i];
        if (a < lo) lo = a;
        if (b < lo) lo = b;
        if (a > hi) hi = a;
        if (b > hi) hi = b;
    }
    if (!(hi > lo)) { lo -= 1; hi += 1; }
    step = nice_step(hi - lo, 5);
    p->xlo = p->ylo = floor(lo / step) * step;
    p->xmax = p->yhi = ceil(hi / step) * step;
    svg_axes(f, p, "Predicted against true", "true value", "predicted value");
    fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
            "stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n", px(p, p->xlo),
            py(p, p->ylo), px(p, p->xmax), py(p, p->yhi));
    for (i = 0; i < h->n_pred; i++)
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"#1f77b4\" "
                "fill-opacity=\"0.6\"/>\n", px(p, h->truth[i]), py(p, h->pred[i]));
    svg_legend(f, p, 1, 0, 1, "#1f77b4", h->pred_rows);
}

/* Two panels side by side: the training loss, and the accuracies per
   epoch (classification) or the predicted against the true values of the
   held-out rows (regression). */
int write_svg(const char *path, const char *title, const char *loss_name,
              const history *h)
{
    char ylabel[64];
    FILE *f = fopen(path, "w");
    panel loss, acc;
    size_t i;
    double top = 0, low = 100;
    int err;
    if (!f) return -1;
    for (i = 0; i < h->epochs; i++) {
        if (h->loss[i] > top) top = h->loss[i];
        if (h->train_acc[i] < low) low = h->train_acc[i];
        if (h->has_val && h->val_acc[i] < low) low = h->val_acc[i];
        if (h->has_test && h->test_acc[i] < low) low = h->test_acc[i];
    }
    loss.x0 = 80; loss.y0 = 70; loss.w = 380; loss.h = 280;
    loss.xlo = 0;
    loss.xmax = (double)h->epochs;
    loss.ylo = 0;
    loss.yhi = top > 0 ? top * 1.05 : 1;
    loss.yhi = ceil(loss.yhi / nice_step(loss.yhi, 5)) * nice_step(loss.yhi, 5);
    acc = loss;
    acc.x0 = 560;
    acc.ylo = floor(low / 10) * 10;
    if (acc.ylo > 90) acc.ylo = 90;
    acc.yhi = 100;

    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
    fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"980\" height=\"420\" "
          "viewBox=\"0 0 980 420\" font-family=\"sans-serif\" font-size=\"12\">\n", f);
    fputs("<rect width=\"980\" height=\"420\" fill=\"white\"/>\n", f);
    fputs("<text x=\"490\" y=\"28\" text-anchor=\"middle\" font-size=\"16\">", f);
    svg_text(f, title);
    fputs("</text>\n", f);
    snprintf(ylabel, sizeof ylabel, "loss per row (%s)", loss_name);
    svg_axes(f, &loss, "Training loss", "epoch", ylabel);
    svg_series(f, &loss, h->loss, h->epochs, "#d62728");
    svg_legend(f, &loss, 1, 0, 1, "#d62728", "training loss");
    if (h->pred) {
        svg_scatter(f, &acc, h);
    } else {
        int n = 1 + h->has_val + h->has_test, k = 0;
        svg_axes(f, &acc, "Accuracy", "epoch", "correct (%)");
        svg_series(f, &acc, h->train_acc, h->epochs, "#1f77b4");
        if (h->has_val) svg_series(f, &acc, h->val_acc, h->epochs, "#2ca02c");
        if (h->has_test) svg_series(f, &acc, h->test_acc, h->epochs, "#ff7f0e");
        svg_legend(f, &acc, 0, k++, n, "#1f77b4", "train");
        if (h->has_val) svg_legend(f, &acc, 0, k++, n, "#2ca02c", "validation");
        if (h->has_test) svg_legend(f, &acc, 0, k, n, "#ff7f0e", "test");
    }
    fputs("</svg>\n", f);
    err = ferror(f);
    if (fclose(f) != 0) err = 1;
    return err ? -1 : 0;
}

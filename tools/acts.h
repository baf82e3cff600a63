/* acts.h - the --activations option of predict and export. */
#ifndef NN_EXAMPLES_ACTS_H
#define NN_EXAMPLES_ACTS_H

#include <string.h>

/* "relu,tanh,softmax" into acts (cap entries): their count, or 0 when a
   name is not an activation or there are more than cap */
static size_t parse_acts(const char *list, nn_act *acts, size_t cap)
{
    size_t n = 0;
    for (;;) {
        char name[16];
        size_t k = strcspn(list, ",");
        if (k >= sizeof name || n == cap) return 0;
        memcpy(name, list, k);
        name[k] = '\0';
        if (nn_act_parse(name, &acts[n++]) != NN_OK) return 0;
        if (!list[k]) return n;
        list += k + 1;
    }
}

#endif

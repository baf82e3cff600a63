#!/bin/sh
# The README's program, as a new user would try it: copied next to nn.h,
# compiled as C and as C++ with -Werror, run, and its predictions checked;
# its first two commands, its contents, and every relative link of it,
# tests/README.md and docs/.
passed=0 failed=0
check() { if [ "$2" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "failed: $1"; fi; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp nn.h "$dir/"
# the first ```c block after the readme-example marker
awk '/<!-- readme-example/ { on = 1; next }
     on && /^```c$/ { inblock = 1; next }
     inblock && /^```$/ { exit }
     inblock { print }' README.md > "$dir/app.c"
[ "$(wc -l < "$dir/app.c")" -ge 15 ]; check "program found in README.md" $?

run_check() { # NAME: the program's four rows are near 0, 1, 1, 0
    "$dir/app" > "$dir/out.txt"; check "$1 runs" $?
    awk -F' [|] ' '{ n++; if (($2 == 0 && $1 > 0.1) || ($2 == 1 && $1 < 0.9)) bad = 1 }
                   END { exit bad || n != 4 }' "$dir/out.txt"
    check "$1 predicts the table" $?
}
CC=${CC:-cc}
(cd "$dir" && $CC -std=c99 -O2 -Wall -Wextra -Wpedantic -Werror app.c -o app -lm)
check "C build with -Werror" $?
run_check C
for cxx in g++ clang++; do
    if command -v $cxx > /dev/null; then
        (cd "$dir" && $cxx -O2 -Wall -Wextra -Wpedantic -Werror -x c++ app.c -o app)
        check "$cxx build with -Werror" $?
        run_check "$cxx"
    else
        failed=$((failed + 1)); echo "failed: $cxx not installed"
    fi
done
# the deeper program: two spirals, ReLU layers, softmax, Adam, nn_predict
awk '/<!-- readme-example-deep/ { on = 1; next }
     on && /^```c$/ { inblock = 1; next }
     inblock && /^```$/ { exit }
     inblock { print }' README.md > "$dir/deep.c"
[ "$(wc -l < "$dir/deep.c")" -ge 30 ]; check "deep program found in README.md" $?
deep_check() { # NAME: it learns every point of the two spirals
    "$dir/deep" > "$dir/deep.txt"; check "$1 deep runs" $?
    grep -qx 'accuracy 200/200' "$dir/deep.txt"; check "$1 deep learns the spirals" $?
}
(cd "$dir" && $CC -std=c99 -O2 -Wall -Wextra -Wpedantic -Werror deep.c -o deep -lm)
check "deep C build with -Werror" $?
deep_check C
for cxx in g++ clang++; do
    if command -v $cxx > /dev/null; then
        (cd "$dir" && $cxx -O2 -Wall -Wextra -Wpedantic -Werror -x c++ deep.c -o deep)
        check "$cxx deep build with -Werror" $?
        deep_check "$cxx"
    fi
done
# the embedded example: the README's first two commands on the PC, then
# firmware.c with a main that classifies every digits row (tests/mcu
# builds it for the Cortex-M4F with the third)
awk '/<!-- readme-example-embedded/ { on = 1; next }
     on && /^```c$/ { inblock = 1; next }
     inblock && /^```$/ { exit }
     inblock { print }' README.md > "$dir/firmware.c"
[ "$(wc -l < "$dir/firmware.c")" -ge 20 ]; check "firmware.c found in README.md" $?
cat > "$dir/main.c" <<'EOF2'
#include <stdio.h>
int classify(float pixels[64]);
int main(void)
{
    float x[64];
    int k, label, n = 0, right = 0;
    for (;;) {
        for (k = 0; k < 64; k++)
            if (scanf(k ? " ,%f" : "%f", &x[k]) != 1) goto done;
        if (scanf(" ,%d", &label) != 1) return 1;
        right += classify(x) == label;
        n++;
    }
done:
    printf("%d %d\n", right, n);
    return 0;
}
EOF2
TRAIN=${TRAIN:-./build/train} EXPORT=${EXPORT:-./build/export}
"$TRAIN" --save "$dir/digits.safetensors" examples/data/digits.csv > /dev/null
check "train --save" $?
"$EXPORT" "$dir/digits.safetensors" "$dir/digits.h"
check "export" $?
cp examples/data/digits.csv "$dir/"
(cd "$dir" && $CC -std=c99 -Os -Wall -Wextra -Wpedantic -Werror -I. -c firmware.c &&
    $CC -o fw firmware.o main.c -lm)
check "firmware.c builds with the exported header" $?
"$dir/fw" < examples/data/digits.csv > "$dir/fw.txt"
check "firmware.c classifies" $?
awk '{ exit !($2 == 1797 && $1 >= 0.97 * $2) }' "$dir/fw.txt"
check "firmware.c classifies at least 97% of the digits rows" $?
if command -v g++ > /dev/null; then
    (cd "$dir" && g++ -Os -Wall -Wextra -Wpedantic -Werror -I. -x c++ -c firmware.c -o fwpp.o)
    check "firmware.c builds as C++" $?
fi
# the README's first two commands are make run and make test
awk '/^```sh$/ { on = 1; next } on && /^```$/ { exit }
     on { sub(/ *#.*/, ""); print }' README.md | head -2 > "$dir/first.txt"
printf 'make run\nmake test\n' | cmp -s - "$dir/first.txt"
check "README's first two commands are make run and make test" $?

# the API's map: each section it names is a section of nn.h, each name
# to start with is declared there
awk '/^[|] nn.h section [|]/ { on = 1; getline; next } on && !/^[|]/ { exit }
     on { split($0, c, "|"); gsub(/^ +| +$/, "", c[2]); t = c[4]
          while (match(t, /`[^`]*`/)) { print c[2] "|" substr(t, RSTART + 1, RLENGTH - 2)
                                        t = substr(t, RSTART + RLENGTH) } }' README.md > "$dir/map.txt"
[ "$(cut -d'|' -f1 "$dir/map.txt" | sort -u | wc -l)" -ge 8 ]
check "README's map of nn.h found" $?
while IFS='|' read -r section name; do
    grep -q "^/\* $section  *\*/\$" nn.h || echo "nn.h has no section $section"
    grep -Eq "^(NNDEF|#define) (.*[^A-Za-z_])?${name}[( ]|^ +${name}[ ,=]" nn.h || echo "nn.h declares no $name"
done < "$dir/map.txt" > "$dir/map_bad.txt"
cat "$dir/map_bad.txt"
[ ! -s "$dir/map_bad.txt" ]
check "the sections and names of README's map are nn.h's" $?

# anchors FILE...: FILE<tab>ID<tab>LEVEL for every heading outside code,
# ID as GitHub makes it: lower case, punctuation but - and _ dropped,
# spaces as -, a repeated heading -1, -2, ...
anchors() {
    for f in "$@"; do
        awk -v f="$f" '/^```/ { code = !code; next }
            !code && /^#+ / { s = tolower($0); level = index(s, " ") - 1; sub(/^#+ +/, "", s)
                gsub(/-/, "\001", s); gsub(/_/, "\002", s); gsub(/[[:punct:]]/, "", s)
                gsub(/\001/, "-", s); gsub(/\002/, "_", s); gsub(/ /, "-", s)
                n = seen[s]++; print f "\t" s (n ? "-" n : "") "\t" level }' "$f"
    done
}
# targets FILE: the target of every link [text](target) outside code
targets() {
    awk '/^```/ { code = !code; next }
        !code { t = $0; gsub(/`[^`]*`/, "", t)
            while (match(t, /\]\([^)]*\)/)) {
                print substr(t, RSTART + 2, RLENGTH - 3); t = substr(t, RSTART + RLENGTH) } }' "$1"
}
# links FILE...: every relative link of the markdown files names a file
# that exists, and its #anchor a heading of that file; prints each broken one
links() {
    tab=$(printf '\t')
    anchors "$@" | cut -f1,2 > "$dir/anchors.txt"
    for f in "$@"; do targets "$f" | sed "s|^|$f$tab|"; done > "$dir/links.txt"
    bad=0
    while IFS=$tab read -r f target; do
        case $target in [a-z]*:*) continue ;; esac
        path=${target%%#*} anchor=
        case $target in *#*) anchor=${target#*#} ;; esac
        if [ -n "$path" ]; then to=$(dirname "$f")/$path; else to=$f; fi
        to=$(printf '%s' "$to" | sed 's|^\./||; s|/\./|/|g')
        while printf '%s' "$to" | grep -q '[^/]*[^./][^/]*/\.\./'; do
            to=$(printf '%s' "$to" | sed 's|[^/]*[^./][^/]*/\.\./||')
        done
        if [ ! -e "$to" ]; then
            echo "broken link in $f: $target (no $to)"; bad=1
        elif [ -n "$anchor" ] && ! grep -qxF "$to$tab$anchor" "$dir/anchors.txt"; then
            echo "broken link in $f: $target (no heading #$anchor in $to)"; bad=1
        fi
    done < "$dir/links.txt"
    return $bad
}
links README.md tests/README.md docs/*.md
check "every relative link of README.md, tests/README.md and docs/ resolves" $?
# the contents link every section (## heading) of the README
awk '/^## Contents$/ { on = 1; next } on && /^## / { exit } on' README.md > "$dir/toc.md"
targets "$dir/toc.md" | sed -n 's/^#//p' | sort -u > "$dir/toc.txt"
anchors README.md | awk -F'\t' '$3 == 2 && $2 != "contents" { print $2 }' | sort -u |
    comm -23 - "$dir/toc.txt" > "$dir/missing.txt"
[ -s "$dir/toc.txt" ] && [ ! -s "$dir/missing.txt" ]
check "the contents link every section of README.md" $?
sed 's/^/not in the contents: #/' "$dir/missing.txt"
# the check itself: a missing file, a missing heading, one outside code
mkdir -p "$dir/md/docs"
# shellcheck disable=SC2016 # markdown, not shell
printf '# Top\n\n## A `b`, c\n\n[x](#a-b-c) [y](docs/y.md#sub)\n' > "$dir/md/README.md"
# shellcheck disable=SC2016
printf '## Sub\n\n[back](../README.md#top)\n```\n[z](none.md)\n```\n' > "$dir/md/docs/y.md"
(cd "$dir/md" && links README.md docs/y.md > /dev/null)
check "the link check passes good links" $?
printf '[a](docs/none.md) [b](#none) [c](docs/y.md#none)\n' >> "$dir/md/README.md"
if (cd "$dir/md" && links README.md docs/y.md) > "$dir/md/out.txt"; then
    named=0
else
    named=$(wc -l < "$dir/md/out.txt")
fi
[ "$named" -eq 3 ]
check "the link check names a missing file, anchor and heading" $?

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

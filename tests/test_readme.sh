#!/bin/sh
# The README's program, as a new user would try it: copied next to nn.h,
# compiled as C and as C++ with -Werror, run, and its predictions checked.
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
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

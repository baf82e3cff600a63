#!/bin/sh
# make check: every stage below, one line each, then "N passed, N failed"
# counting stages. The details of each stage go to build/check/<stage>.log;
# a failing stage prints the end of its log. Test programs, examples and
# tools are what the Makefile lists in TESTS and PROGRAMS (make
# print-TESTS), built again with other compilers and flags in their own build
# directories; an example or tool that needs arguments gets them from the
# Makefile variable CHECK_ARGS_<name>.
#
#   1 compile   gcc, clang x C99/C11/C17; g++, clang++ x C++11/17/20; tcc;
#               gcc and clang -m32 (run under qemu-i386 where the kernel
#               runs no 32-bit programs); each building and running the fixtures
#               in tests/compile/ (NN_STATIC, NN_NO_STDIO, NN_REAL=float,
#               NN_MALLOC/NN_FREE, included twice, one implementation file
#               and three others, after every standard and POSIX header,
#               with every macro nn.h lets a build define; C11, C17,
#               C++17 and C++20 only the header twice, in float, and after
#               the standard headers); README's
#               firmware advice (firmware.c: an NN_MALLOC that fails and
#               counts) by gcc, clang and arm-none-eabi-gcc at -O1/-O2/-Os
#   2 asan      make test's programs, scripts and examples under gcc's
#               -fsanitize=address,undefined (not the C tests built again as
#               C++); clang's -fsanitize=memory,undefined on what it can
#               build; the ownership test at -O0 and -O2 under each and
#               valgrind (tests/own.sh)
#   3 valgrind  memcheck on every test program and example of make test's
#               build
#   4 alloc     NN_MALLOC failing at every call of a session (test_alloc)
#   5 coverage  lines and branches of nn.h (tests/coverage.sh)
#   6 static    cppcheck and clang-tidy; the size rule (no function in nn.h
#               over 60 lines or nested deeper than 5: tests/size.clang-tidy)
#   7 numerics  floating-point exceptions and non-finite inputs (test_fenv)
#   8 install   make install into a temporary DESTDIR (the same files as
#               cmake --install), programs built through pkg-config, CMake
#               (find_package, add_subdirectory, FetchContent) and Meson
#               (pkg-config, subproject), make uninstall (tests/install.sh);
#               targets' set-up from a fresh clone (tests/fresh.sh)
#   9 mcu       the inference-only build on a Cortex-M4F under QEMU: every
#               digits row against the PC, the footprint (tests/mcu/run.sh)
#  10 cross     the test programs cross-built and run under emulation:
#               aarch64 (the NEON kernel), armhf, s390x (big-endian) and
#               riscv64 under qemu-user, Windows x86-64 (mingw-w64, C and
#               C++) under wine (tests/cross.sh)
#  11 fuzz      CSV files through train's and predict's readers under
#               libFuzzer, ASan and UBSan (tests/fuzz_csv.c), double and
#               float side by side: the seeds (tests/fuzz_csv_corpus/)
#               replayed, then CHECK_FUZZ_SECONDS (30) of mutations each;
#               the model-file loader's target (tests/fuzz_load.c) on its
#               seeds (tests/fuzz_corpus/)
# sh tests/check.sh STAGE... runs only the stages named (compile, sanitize,
# valgrind, alloc, coverage, static, numerics, install, mcu, cross, fuzz).
set -u
# builds run two jobs at a time (the machines this targets have two cores)
MAKE=${MAKE:-make -j${CHECK_JOBS:-2}}
O=build/check
COVER_LINES_MIN=${COVER_LINES_MIN:-100}
COVER_BRANCHES_MIN=${COVER_BRANCHES_MIN:-94.5}
rm -rf "$O"
mkdir -p "$O"
passed=0 failed=0
start=$(date +%s)

# report NAME LOG STATUS FIGURES
report() {
    secs=$(($(date +%s) - stage_start))
    if [ "$3" -eq 0 ]; then
        passed=$((passed + 1))
        printf '%-9s ok    %s [%ss]\n' "$1" "$4" "$secs"
    else
        failed=$((failed + 1))
        printf '%-9s FAIL  %s [%ss] (log: %s)\n' "$1" "$4" "$secs" "$2"
        tail -n 25 "$2" | sed 's/^/    /'
    fi
}

# the value of a Makefile variable, for build directory $1
mkvar() { $MAKE -s --no-print-directory B="$1" SAN= "print-$2"; }

# The command that runs a 32-bit x86 program (-m32) here: none where the
# kernel runs them, else qemu-i386 (qemu-user; some kernels are built
# without 32-bit support), so that the -m32 builds run everywhere.
m32_runner() {
    t=$O/m32probe
    printf 'int main(void) { return 0; }\n' >"$t.c"
    if gcc -m32 -o "$t" "$t.c" >/dev/null 2>&1 && "./$t" 2>/dev/null; then :
    elif command -v qemu-i386 >/dev/null; then echo qemu-i386
    fi
}

# the command line that runs example $1 (a path) with its CHECK_ARGS_<name>
# and the file CHECK_STDIN_<name> (or nothing) on its input
example_cmd() {
    name=$(basename "$1")
    input=$(mkvar build "CHECK_STDIN_$name")
    echo "./$1 $(mkvar build "CHECK_ARGS_$name") <${input:-/dev/null}"
}

# run example $1 under the command $2...
run_example() {
    ex=$1; shift
    # shellcheck disable=SC2046,SC2086 # the command's words
    eval "$* $(example_cmd "$ex")"
}

# pool FILE: the commands in FILE (one a line), two at a time (CHECK_JOBS),
# each starting as soon as one ends; command n's output goes to FILE.<n>.log,
# its status to FILE.<n>.rc
pool() {
    awk -v f="$1" '{ print > (f "." NR ".sh"); close(f "." NR ".sh"); print NR }' "$1" |
        xargs -P "${CHECK_JOBS:-2}" -n 1 sh -c 'sh "$0.$1.sh" >"$0.$1.log" 2>&1; echo $? >"$0.$1.rc"' "$1"
}

# ---------------------------------------------------------------- 1 compile
stage_compile() {
    log=$O/compile.log; : >"$log"
    d=$O/compile; mkdir -p "$d"
    W="-Wall -Wextra -Wpedantic -Werror -Wshadow -Wconversion -Wdouble-promotion"
    WC="$W -Wstrict-prototypes"
    f=tests/compile
    n_comp=0 n_prog=0 n_bad=0 n_refused=0 comps=""
    STD="twice float headers"
    run32=$(m32_runner)
    # each line: a label, the fixtures (all, or the whole header in both
    # precisions after every standard header: for the other standards of
    # a compiler), then the compiler command with its flags
    while IFS='|' read -r label fxs cmd; do
        [ "$fxs" = all ] && fxs="twice float static nostdio alloc multi inference headers tuning"
        [ -n "$label" ] || continue
        case "$cmd" in tcc*) ;; *) if ! command -v "${cmd%% *}" >/dev/null; then
            echo "$label: ${cmd%% *} not found" >>"$log"; n_bad=$((n_bad + 1)); continue; fi ;;
        esac
        n_comp=$((n_comp + 1)); comps="$comps $label"
        # the nine fixtures of one compiler build and run side by side, each
        # with its own log; their results are gathered after
        for fx in $fxs; do
            case $fx in
            twice)   src="$f/twice.c";                 def="" ;;
            float)   src="$f/twice.c";                 def="-DNN_REAL=float" ;;
            static)  src="$f/static_a.c $f/static_b.c"; def="" ;;
            nostdio) src="$f/nostdio.c";               def="" ;;
            alloc)   src="$f/alloc.c";                 def="" ;;
            multi)   src="$f/multi_impl.c $f/multi_a.c $f/multi_b.c $f/multi_c.c"; def="" ;;
            inference) src="$f/inference.c";           def="" ;;
            headers) src="$f/headers.c";               def="" ;;
            tuning)  src="$f/tuning.c";                def="" ;;
            esac
            exe="$d/$label-$fx"
            case $label in *-m32) run=$run32 ;; *) run="" ;; esac
            (
                echo "== $label $fx: $cmd $def -I. -o $exe $src -lm"
                # shellcheck disable=SC2086
                if $cmd $def -I. -o "$exe" $src -lm 2>&1 && $run "./$exe" </dev/null 2>&1
                then echo ok >"$exe.status"
                else echo "FAILED: $label $fx"; echo failed >"$exe.status"
                fi
            ) >"$exe.log" 2>&1 &
        done
        wait
        for fx in $fxs; do
            exe="$d/$label-$fx"
            cat "$exe.log" >>"$log"
            if [ "$(cat "$exe.status" 2>/dev/null)" = ok ]; then n_prog=$((n_prog + 1))
            else n_bad=$((n_bad + 1))
            fi
        done
        # NN_MALLOC without NN_FREE must be refused at compile time
        # shellcheck disable=SC2086
        if $cmd -I. -c -o "$d/refused.o" $f/malloc_only.c >"$d/refused.txt" 2>&1; then
            echo "FAILED: $label accepted NN_MALLOC without NN_FREE" >>"$log"
            n_bad=$((n_bad + 1))
        elif grep -q 'define both NN_MALLOC and NN_FREE' "$d/refused.txt"; then
            n_refused=$((n_refused + 1))
        else
            cat "$d/refused.txt" >>"$log"
            echo "FAILED: $label refused malloc_only.c for another reason" >>"$log"
            n_bad=$((n_bad + 1))
        fi
    done <<EOF
gcc-c99|all|gcc -std=c99 -O2 $WC
gcc-c11|$STD|gcc -std=c11 -O2 $WC
gcc-c17|$STD|gcc -std=c17 -O2 $WC
clang-c99|all|clang -std=c99 -O2 $WC
clang-c11|$STD|clang -std=c11 -O2 $WC
clang-c17|$STD|clang -std=c17 -O2 $WC
g++-c++11|all|g++ -x c++ -std=c++11 -O2 $W
g++-c++17|$STD|g++ -x c++ -std=c++17 -O2 $W
g++-c++20|$STD|g++ -x c++ -std=c++20 -O2 $W
clang++-c++11|all|clang++ -x c++ -std=c++11 -O2 $W
clang++-c++17|$STD|clang++ -x c++ -std=c++17 -O2 $W
clang++-c++20|$STD|clang++ -x c++ -std=c++20 -O2 $W
tcc|all|tcc -Wall -Werror
gcc-m32|all|gcc -m32 -std=c99 -O2 $WC
clang-m32|all|clang -m32 -std=c99 -O2 $WC
EOF
    echo "compilers:$comps" >>"$log"
    # README's firmware advice (an NN_MALLOC that fails, counting its calls)
    # at each optimization level: gcc and clang build and run it,
    # arm-none-eabi-gcc (for a Cortex-M4F, as README's command) compiles it
    n_fw=0
    arm="arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard"
    for cc in gcc clang "$arm"; do
        if ! command -v "${cc%% *}" >/dev/null; then
            echo "firmware: ${cc%% *} not found" >>"$log"; continue
        fi
        for o in -O1 -O2 -Os; do
            exe="$d/firmware-${cc%% *}$o"
            echo "== firmware: $cc $o -std=c99 $WC -I. $f/firmware.c" >>"$log"
            # shellcheck disable=SC2086
            if case "$cc" in
                arm-*) $cc $o -std=c99 $WC -I. -c -o "$exe.o" $f/firmware.c >>"$log" 2>&1 ;;
                *) $cc $o -std=c99 $WC -I. -o "$exe" $f/firmware.c -lm >>"$log" 2>&1 &&
                    "./$exe" </dev/null >>"$log" 2>&1 ;;
                esac
            then n_fw=$((n_fw + 1))
            else echo "FAILED: firmware $cc $o" >>"$log"; n_bad=$((n_bad + 1))
            fi
        done
    done
    report compile "$log" "$n_bad" \
        "$n_comp compilers/modes, $n_prog programs built and run, $n_refused refused NN_MALLOC alone, $n_fw firmware builds (-O1/-O2/-Os) warning-free, $n_bad failed"
}

# -------------------------------------------------- 2 sanitizers (asan, msan)
# the programs (not scripts) among TESTS and PROGRAMS for build directory $1
programs() {
    for t in $(mkvar "$1" TESTS) $(mkvar "$1" PROGRAMS); do
        case "$t" in "$1"/*) echo "$t" ;; esac
    done
}

# run_examples DIR [WRAPPER...]: every example and tool, 0 when all exit 0
run_examples() {
    b=$1; shift
    for ex in $(mkvar "$b" PROGRAMS); do
        echo "== $ex" >>"$log"
        run_example "$ex" "$@" >>"$log" 2>&1 || { echo "FAILED: $ex" >>"$log"; return 1; }
    done
}

stage_sanitize() {
    log=$O/sanitize.log; : >"$log"
    # -g1: line tables only, what the reports name lines with (a full -g
    # takes a third longer to build)
    SAN="-O1 -g1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all"
    bad=0 figs=""
    # gcc: every program, script and example of make test, built with the
    # sanitizers (the C tests built again as C++, the _cpp programs, left
    # out: the same code, which make test runs; the C++ of test_cpp_gxx,
    # test_cpp_clangxx stays)
    b=$O/asan-gcc
    echo "==== gcc address,undefined" >>"$log"
    tests=""
    for t in $(mkvar "$b" TESTS); do
        case "$t" in *_cpp) ;; *) tests="$tests $t" ;; esac
    done
    # (the scripts too: the Makefile builds what each one runs)
    # shellcheck disable=SC2046,SC2086
    if $MAKE -s --no-print-directory B="$b" CC=gcc CFLAGS="-std=c99 $SAN" \
        CXXFLAGS="-std=c++11 $SAN" $tests $(mkvar "$b" PROGRAMS) >>"$log" 2>&1 &&
        env $(mkvar "$b" TEST_ENV) CC=gcc sh tests/run.sh $tests >>"$log" 2>&1 &&
        sum=$(sed -n 's/^\([0-9]* passed, [0-9]* failed\)$/\1/p' "$log" | tail -n 1) &&
        run_examples "$b"; then
        figs="${figs}gcc asan+ubsan: $(echo $tests | wc -w) tests $sum, $(mkvar "$b" PROGRAMS | wc -w) examples run; "
    else
        figs="${figs}gcc asan+ubsan FAILED; "; bad=$((bad + 1))
    fi
    # clang: MemorySanitizer and clang's UndefinedBehaviorSanitizer in one
    # build (clang's AddressSanitizer would find what gcc's finds).
    # MemorySanitizer wants every line instrumented: g++ cannot build with
    # it, so the programs are built with make -k and those that do not
    # build are left out (and named in the log)
    echo "==== clang memory,undefined" >>"$log"
    b=$O/msan
    MS="-O1 -gline-tables-only -fno-omit-frame-pointer -fsanitize=memory,undefined -fsanitize-memory-track-origins -fno-sanitize-recover=all"
    n_skip=0 n_ms=0 ms_bad=0 cand="" tests=""
    examples=" $(mkvar "$b" PROGRAMS) " no_msan=" $(mkvar "$b" CHECK_NO_MSAN) "
    for t in $(programs "$b"); do
        case "$no_msan" in
        *" $t "*) echo "msan: $t left out (CHECK_NO_MSAN)" >>"$log"; n_skip=$((n_skip + 1)) ;;
        *) cand="$cand $t" ;;
        esac
    done
    # shellcheck disable=SC2086
    $MAKE -k -s --no-print-directory B="$b" SAN= CC=clang CFLAGS="-std=c99 $MS" \
        CXXFLAGS="-std=c++11 $MS" $cand >>"$log" 2>&1
    for t in $cand; do
        if [ ! -x "$t" ]; then
            echo "msan: $t does not build, left out" >>"$log"; n_skip=$((n_skip + 1))
            continue
        fi
        n_ms=$((n_ms + 1))
        case "$examples" in
        *" $t "*) echo "== $t" >>"$log"
                  run_example "$t" >>"$log" 2>&1 || { echo "FAILED: $t" >>"$log"; ms_bad=$((ms_bad + 1)); } ;;
        *) tests="$tests $t" ;;
        esac
    done
    # shellcheck disable=SC2086
    sh tests/run.sh $tests >>"$log" 2>&1 || { echo "FAILED: msan tests" >>"$log"; ms_bad=$((ms_bad + 1)); }
    if [ "$ms_bad" -ne 0 ]; then bad=$((bad + 1)); figs="${figs}clang msan FAILED"
    else figs="${figs}clang msan+ubsan: $n_ms programs clean ($n_skip left out: g++ or CHECK_NO_MSAN)"; fi
    # the ownership test at -O0 and -O2, gcc and clang, ASan, valgrind, MSan
    echo "==== ownership (tests/own.sh)" >>"$log"
    if sh tests/own.sh "$O/own" >>"$log" 2>&1; then
        figs="$figs; ownership: $(tail -n 1 "$log")"
    else
        bad=$((bad + 1)); figs="$figs; ownership FAILED"
    fi
    report sanitize "$log" "$bad" "$figs"
}

# ---------------------------------------------------------------- 3 valgrind
stage_valgrind() {
    log=$O/valgrind.log; : >"$log"
    # make test's programs (build/, made here when missing), but those it
    # builds with the sanitizers (which valgrind cannot run), built again
    # without them in $O/plain
    b=build
    skip=" $(mkvar "$b" CHECK_NO_VALGRIND) " progs="" n_skip=0 plain=""
    if ! command -v valgrind >/dev/null; then
        echo "valgrind not found" >>"$log"; report valgrind "$log" 1 "valgrind not installed"; return
    fi
    all=$(programs "$b")
    # shellcheck disable=SC2086
    if ! $MAKE -s --no-print-directory B="$b" $all >>"$log" 2>&1; then
        report valgrind "$log" 1 "build failed"; return
    fi
    for t in $all; do
        case "$skip" in
        *" $t "*) n_skip=$((n_skip + 1)); echo "valgrind: $t left out (CHECK_NO_VALGRIND)" >>"$log"; continue ;;
        esac
        if grep -q __asan_init "$t"; then t=$O/plain/${t#"$b"/}; plain="$plain $t"; fi
        progs="$progs $t"
    done
    examples=" $(mkvar "$b" PROGRAMS) "
    # shellcheck disable=SC2086
    if [ -n "$plain" ] && ! $MAKE -s --no-print-directory B="$O/plain" SAN= $plain >>"$log" 2>&1; then
        report valgrind "$log" 1 "build failed"; return
    fi
    n=0 bad=0 errors=0
    VG="valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=all --show-leak-kinds=all"
    # the scripts among TESTS are left out: they run under the sanitizers;
    # the programs run side by side (none writes a file another reads)
    cmds=$O/vg.cmds; : >"$cmds"
    for t in $progs; do
        case "$examples" in
        *" $t "*) echo "$VG $(example_cmd "$t")" >>"$cmds" ;;
        *) echo "$VG ./$t" >>"$cmds" ;;
        esac
    done
    pool "$cmds"
    for t in $progs; do
        n=$((n + 1))
        echo "== $t" >>"$log"
        cat "$cmds.$n.log" >>"$log"
        e=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$cmds.$n.log" | tail -n 1)
        [ -n "$e" ] || e=1
        errors=$((errors + e))
        [ "$(cat "$cmds.$n.rc")" -eq 0 ] && [ "$e" -eq 0 ] || { bad=$((bad + 1)); echo "FAILED: $t" >>"$log"; }
    done
    report valgrind "$log" "$bad" "$n programs, $errors errors, $bad failed ($n_skip left out: CHECK_NO_VALGRIND)"
}

# ------------------------------------------------------------------- 4 alloc
stage_alloc() {
    log=$O/alloc.log; : >"$log"
    b=$O/plain
    $MAKE -s --no-print-directory B="$b" SAN= CFLAGS="-std=c99 -O2 -g" "$b/test_alloc" >>"$log" 2>&1 &&
        sh tests/run.sh "$b/test_alloc" >>"$log" 2>&1
    rc=$?
    fig=$(sed -n 's/^allocation failure points survived: //p' "$log" | tail -n 1)
    report alloc "$log" "$rc" "NN_MALLOC failing at each call: ${fig:-?} points survived"
}

# ---------------------------------------------------------------- 5 coverage
stage_coverage() {
    log=$O/coverage.log
    sh tests/coverage.sh >"$log" 2>&1
    rc=$?
    l=$(sed -n 's/^lines: \([0-9.]*\)%.*/\1/p' "$log")
    br=$(sed -n 's/^branches: \([0-9.]*\)%.*/\1/p' "$log")
    if [ "$rc" -eq 0 ] && [ -n "$l" ] && [ -n "$br" ] &&
        awk -v l="$l" -v b="$br" -v lm="$COVER_LINES_MIN" -v bm="$COVER_BRANCHES_MIN" \
            'BEGIN { exit !(l >= lm && b >= bm) }'; then rc=0; else rc=1; fi
    report coverage "$log" "$rc" \
        "nn.h lines ${l:-?}% (min $COVER_LINES_MIN), branches ${br:-?}% (min $COVER_BRANCHES_MIN)"
}

# ------------------------------------------------------------------ 6 static
stage_static() {
    log=$O/static.log; : >"$log"
    bad=0 figs=""
    srcs="tests/compile/twice.c $(ls examples/*.c tools/*.c 2>/dev/null | tr '\n' ' ')"
    # cppcheck: the header through a file that defines the implementation,
    # and the examples and tools; every #ifdef configuration it can find
    echo "==== cppcheck" >>"$log"
    # shellcheck disable=SC2086
    if cppcheck -j "${CHECK_JOBS:-2}" --enable=warning,portability --error-exitcode=1 --inline-suppr \
        --std=c99 --quiet -I. -Itests/compile $srcs >>"$log" 2>&1; then
        figs="cppcheck 0 findings"
    else
        figs="cppcheck FAILED"; bad=$((bad + 1))
    fi
    # clang-tidy: checks and their justified exclusions are in .clang-tidy;
    # the header in every configuration; the examples and tools (each
    # program holds the implementation again) in the default one only. Then the size rule
    # (tests/size.clang-tidy): nn.h's functions in each of the instruction
    # sets and modes its code is chosen by. All of them side by side.
    cmds=$O/tidy.cmds; : >"$cmds"
    nt=0 ns=0
    for cfg in "-std=c99" "-std=c99 -DNN_REAL=float" "-std=c99 -DNN_STATIC" \
               "-std=c99 -DNN_NO_STDIO" "-std=c99 -DNN_NO_TRAINING" "-x c++ -std=c++17"; do
        set -- $srcs
        [ "$cfg" = "-std=c99" ] || set -- "$1"
        for src in "$@"; do
            echo "echo '== $src $cfg'; clang-tidy --quiet --config-file=.clang-tidy $src -- $cfg -I. -Itests/compile" >>"$cmds"
            nt=$((nt + 1))
        done
    done
    for cfg in "" "-mavx2 -mfma" "-march=x86-64-v4" "-DNN_REAL=float" "-fopenmp" \
               "-DNN_NO_SIMD" "-DNN_NO_TRAINING"; do
        echo "echo '== size $cfg'; clang-tidy --quiet --config-file=tests/size.clang-tidy tests/compile/twice.c -- -std=c99 $cfg -I. -Itests/compile" >>"$cmds"
        ns=$((ns + 1))
    done
    echo "==== clang-tidy" >>"$log"
    pool "$cmds"
    i=0 tbad=0 sbad=0
    while [ "$i" -lt $((nt + ns)) ]; do
        i=$((i + 1))
        cat "$cmds.$i.log" >>"$log"
        if [ "$(cat "$cmds.$i.rc")" != 0 ]; then
            if [ "$i" -le "$nt" ]; then tbad=$((tbad + 1)); else sbad=$((sbad + 1)); fi
        fi
    done
    if [ "$tbad" -eq 0 ]; then figs="$figs; clang-tidy 0 findings ($nt runs)"
    else figs="$figs; clang-tidy FAILED ($tbad of $nt runs)"; bad=$((bad + 1)); fi
    if [ "$sbad" -eq 0 ]; then figs="$figs; no function over 60 lines or nested over 5 ($ns builds)"
    else figs="$figs; function size FAILED ($sbad of $ns builds)"; bad=$((bad + 1)); fi
    report static "$log" "$bad" "$figs"
}

# ---------------------------------------------------------------- 7 numerics
stage_numerics() {
    log=$O/numerics.log; : >"$log"
    d=$O/fenv; mkdir -p "$d"
    bad=0 n=0 run32=$(m32_runner)
    # double and float, SSE and the x87 unit of -m32
    for v in "gcc|" "gcc|-DNN_REAL=float" "clang|" "gcc -m32|" "gcc -m32|-DNN_REAL=float"; do
        cc=${v%%|*} def=${v#*|}
        exe="$d/fenv-$n" prog="$d/fenv-$n"
        echo "== $cc $def" >>"$log"
        case $cc in *-m32) if [ -n "$run32" ]; then
            # run.sh runs a program: this one runs the build under qemu-i386
            prog="$exe.sh"
            printf '#!/bin/sh\nexec %s %s\n' "$run32" "$PWD/$exe" >"$prog"
            chmod +x "$prog"
        fi ;; esac
        # shellcheck disable=SC2086
        if $cc -std=c99 -O2 -Wall -Wextra -Wpedantic -Werror $def -I. -o "$exe" \
            tests/test_fenv.c -lm >>"$log" 2>&1 && timeout 120 sh tests/run.sh "$prog" >>"$log" 2>&1
        then :; else bad=$((bad + 1)); echo "FAILED: $cc $def" >>"$log"; fi
        n=$((n + 1))
    done
    traps=$(grep -c 'traps: on' "$log")
    report numerics "$log" "$bad" \
        "test_fenv in $n builds (double/float, SSE/x87), traps on in $traps, $bad failed"
}

# ----------------------------------------------------------------- 8 install
stage_install() {
    log=$O/install.log
    sh tests/install.sh >"$log" 2>&1
    rc=$?
    fig=$(tail -n 1 "$log")
    # and the targets' set-up from a fresh clone (tests/fresh.sh)
    sh tests/fresh.sh >>"$log" 2>&1 || rc=1
    report install "$log" "$rc" "$fig; fresh clone: $(tail -n 1 "$log")"
}

# ---------------------------------------------------------------------- 9 mcu
stage_mcu() {
    log=$O/mcu.log
    for c in arm-none-eabi-gcc qemu-system-arm; do
        if ! command -v $c >/dev/null 2>&1; then
            echo "$c not found (sh tests/deps.sh check installs it)" >"$log"
            report mcu "$log" 1 "$c not found"
            return
        fi
    done
    sh tests/mcu/run.sh >"$log" 2>&1
    rc=$?
    report mcu "$log" "$rc" "$(grep -m 1 '^digits: rows' "$log" | cut -c9-); \
$(grep '^digits: nn.h code' "$log" | cut -c9-); $(tail -n 1 "$log")"
}

# --------------------------------------------------------------------- 10 cross
stage_cross() {
    log=$O/cross.log
    sh tests/cross.sh >"$log" 2>&1
    rc=$?
    figs=$(sed -n 's/^\([a-z0-9]*\): [0-9]* programs .*, \([0-9]* passed, [0-9]* failed\)\(, kernel [a-z0-9]*\)\{0,1\}\([^[]*\) \[.*/\1 \2\3\4/p' "$log" |
        tr '\n' ';' | sed 's/;$//; s/;/; /g')
    report cross "$log" "$rc" "${figs:-no target ran}"
}

# ---------------------------------------------------------------------- 11 fuzz
# the CSV fuzz target in its two builds, each in its own command: its seeds
# replayed one by one (whole, however long), then mutations (of at most 1
# KB) for CHECK_FUZZ_SECONDS. A crash, a leak, a sanitizer's report or a
# broken promise of the readers fails the stage; the input that did it is
# kept in build/check/fuzz/ (crash-*, leak-*). Then the model-file loader's
# target (make fuzz) on its seeds, without mutations.
stage_fuzz() {
    log=$O/fuzz.log; : >"$log"
    b=$O/fuzz
    secs=${CHECK_FUZZ_SECONDS:-30}
    seeds=tests/fuzz_csv_corpus
    if ! $MAKE -s --no-print-directory B="$b" "$b/fuzz_csv" "$b/fuzz_csv_float" \
        "$b/fuzz_load" "$b/fuzz_load_float" >>"$log" 2>&1; then
        report fuzz "$log" 1 "build failed"; return
    fi
    cmds=$O/fuzz.cmds; : >"$cmds"
    for t in fuzz_csv fuzz_csv_float; do
        mkdir -p "$b/$t.in"
        echo "./$b/$t -close_fd_mask=2 -artifact_prefix=$b/ $seeds/* &&" \
            "./$b/$t -close_fd_mask=2 -artifact_prefix=$b/ -max_total_time=$secs -max_len=1024" \
            "-dict=tests/fuzz_csv.dict $b/$t.in $seeds" >>"$cmds"
    done
    pool "$cmds"
    bad=0 figs="" n=0
    for t in fuzz_csv fuzz_csv_float; do
        n=$((n + 1))
        echo "== $t" >>"$log"
        cat "$cmds.$n.log" >>"$log"
        runs=$(sed -n 's/^Done \([0-9]*\) runs in.*/\1/p' "$cmds.$n.log" | tail -n 1)
        if [ "$(cat "$cmds.$n.rc")" -eq 0 ] && [ -n "$runs" ]; then
            figs="$figs${figs:+; }$t: $(find $seeds -type f | wc -l) seeds, $runs runs clean"
        else
            figs="$figs${figs:+; }$t FAILED"; bad=$((bad + 1))
        fi
    done
    for t in fuzz_load fuzz_load_float; do
        echo "== $t (tests/fuzz_corpus)" >>"$log"
        if "./$b/$t" -artifact_prefix=$b/ tests/fuzz_corpus/* >>"$log" 2>&1; then
            figs="$figs; $t: $(find tests/fuzz_corpus -type f | wc -l) seeds clean"
        else
            figs="$figs; $t FAILED"; bad=$((bad + 1))
        fi
    done
    report fuzz "$log" "$bad" "$figs (${secs} s of mutations each)"
}

# sh tests/check.sh [stage...]: only the stages named
for s in ${@:-compile sanitize valgrind alloc coverage static numerics install mcu cross fuzz}; do
    stage_start=$(date +%s)
    "stage_$s"
done
echo "make check took $(($(date +%s) - start)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/bin/sh
# make check's cross stage: the test programs of make test (the Makefile's
# TESTS, programs only) cross-built and run under emulation, each target in
# build/cross/<target>/:
#   aarch64  clang --target=aarch64-linux-gnu, qemu-aarch64 (NEON kernel)
#   armhf    clang --target=arm-linux-gnueabihf, qemu-arm (32 bits, long
#            double is double)
#   s390x    clang --target=s390x-linux-gnu, qemu-s390x (big-endian)
#   riscv64  clang --target=riscv64-linux-gnu, qemu-riscv64
#   windows  x86_64-w64-mingw32-gcc/g++, wine (x86-64, Microsoft's C library)
# The Linux targets use clang with Debian's cross C and C++ libraries,
# libgcc and binutils: Debian 12's cross gcc packages cannot be installed
# beside gcc-multilib, which the compile stage's -m32 builds need. clang gets
# -ffp-contract=off, as gcc has under -std=c99 (no a * b + c fused into one
# rounding: the tests that hold two code paths to the same bits need it).
# Each program is built by the Makefile's own command for it (make -n), with
# the target's compilers in place of gcc, g++ and clang++, -std=c99 (C++11)
# -O2 (s390x: -O0 under a QEMU that mis-emulates MDEB, below), warnings as
# errors, -static; -march=native (the host's processor) is
# left out, which makes test_speed_native test_speed again (built and run
# once), and the AVX2 build is not made; the C tests built as C++ (the
# _cpp programs) only for Windows. tests/compile/headers.c is built and run
# too, as C and as C++. Each program runs in a directory of its own
# (their temporary files have fixed names) holding a link to tests/, with
# NN_TEST_EMULATED=1 in its environment: test_speed then tries smaller large
# products and fewer sigmoid points (the same checks).
# For each target it prints its checks passed and failed and the kernel
# test_speed picked; the last line sums them all. Exits 1 when any program
# did not build, failed a check, or crashed.
# sh tests/cross.sh [target...]: only the targets named.
set -u
MAKE=${MAKE:-make}
JOBS=${CHECK_JOBS:-2}
CF="-std=c99 -O2"
CXF="-std=c++11 -O2"
start=$(date +%s)
all_p=0 all_f=0 status=0
mkdir -p build/cross; : >build/cross/cross.log

# run the commands in file $1 (one a line), $JOBS at a time, each starting
# as soon as one ends; command n's output goes to $1.<n>.log, its status to
# $1.<n>.rc
parallel() {
    awk -v f="$1" '{ print > (f "." NR ".sh"); close(f "." NR ".sh"); print NR }' "$1" |
        xargs -P "$JOBS" -n 1 sh -c 'sh "$0.$1.sh" >"$0.$1.log" 2>&1; echo $? >"$0.$1.rc"' "$1"
}

for t in ${*:-aarch64 armhf s390x riscv64 windows}; do
    t0=$(date +%s)
    b=build/cross/$t
    rm -rf "$b"; mkdir -p "$b"
    log=$b/cross.log; : >"$log"
    exe=""
    case $t in
    aarch64) triple=aarch64-linux-gnu run=qemu-aarch64 ;;
    armhf)   triple=arm-linux-gnueabihf run=qemu-arm ;;
    s390x)   triple=s390x-linux-gnu run=qemu-s390x ;;
    riscv64) triple=riscv64-linux-gnu run=qemu-riscv64 ;;
    windows) triple=x86_64-w64-mingw32 run=wine exe=.exe
             # a private wine prefix, made on the first run; its server
             # stays up while the programs run
             WINEPREFIX=$PWD/build/cross/wine WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
             export WINEPREFIX WINEDEBUG WINEDLLOVERRIDES ;;
    *) echo "$t: FAILED, unknown target"; status=1; all_f=$((all_f + 1)); continue ;;
    esac
    # Linux targets: clang with Debian's cross libraries (the cross gcc
    # packages of Debian 12 cannot be installed beside gcc-multilib, which
    # the compile stage's -m32 builds need); Windows: mingw-w64's gcc
    omp=-fopenmp
    if [ "$t" = windows ]; then cc=$triple-gcc cxx=$triple-g++ need="$cc $cxx"
    else cc="clang --target=$triple -ffp-contract=off" need="clang $triple-ld"
         cxx="clang++ --target=$triple -ffp-contract=off" omp=-fopenmp=libgomp; fi
    missing=""
    for c in $need $run; do
        command -v "$c" >/dev/null 2>&1 || missing="$missing $c"
    done
    if [ -n "$missing" ]; then
        echo "$t: FAILED, not found:$missing (sh tests/deps.sh check installs them)"
        status=1; all_f=$((all_f + 1)); continue
    fi
    # QEMU before 8.0 multiplies wrong in s390x's MDEB and MDEBR (two
    # floats into a double: it takes the first as a double already), which
    # clang emits from -O1 for (double)x * (double)y; where this QEMU does,
    # the s390x programs are built at -O0, which never emits them
    cf=$CF cxf=$CXF note=""
    if [ "$t" = s390x ]; then
        printf '%s\n' '__attribute__((noinline)) static double mul(float x, float y)' \
            '{ return (double)x * (double)y; }' \
            'int main(void) { volatile float a = 1.5f, b = 3; return mul(a, b) != 4.5; }' \
            >"$b/mdeb.c"
        if $cc -O2 -o "$b/mdeb" "$b/mdeb.c" -static >>"$log" 2>&1 && ! $run "$b/mdeb"; then
            cf="-std=c99 -O0" cxf="-std=c++11 -O0" note=", -O0 (this QEMU's MDEB)"
        fi
    fi
    # the programs among TESTS, and the Makefile's commands that build them
    # (continued lines joined); a program whose command is another's but
    # for its name (once -march=native is gone) is built and run once
    progs=""
    for x in $($MAKE -s --no-print-directory B="$b" HAVE_AVX2= print-TESTS 2>/dev/null); do
        case $x in "$b"/*) progs="$progs $x" ;; esac
    done
    # shellcheck disable=SC2086
    $MAKE -n -B -s --no-print-directory B="$b" HAVE_AVX2= SAN= CC="$cc" \
        CFLAGS="$cf" CXXFLAGS="$cxf" $progs 2>/dev/null |
        sed -e ':a' -e '/\\$/N; s/\\\n[ \t]*/ /; ta' |
        sed -n -e "s#^\(g++\|clang++\) #$cxx #" -e "s# -march=native##g" \
            -e "s# -fopenmp# $omp#" \
            -e "s#\$# -static#" -e "\\#^$cc .* -o $b/#p" -e "\\#^$cxx .* -o $b/#p" |
        awk -v b="$b/" '{ key = $0; sub(" -o " b "[^ ]*", " -o X", key)
                          if (!(key in seen)) { seen[key] = 1; print }
                          else { n = $0; sub(".* -o " b, "", n); sub(" .*", "", n)
                                 print n >"/dev/stderr" } }' \
        >"$b/build.cmds" 2>"$b/same.txt"
    # the C files built as C++ only for Windows (another compiler and C
    # library); on the Linux targets headers.c below is the C++ build
    if [ "$t" != windows ]; then
        grep -v "^clang++ " "$b/build.cmds" >"$b/build.c" && mv "$b/build.c" "$b/build.cmds"
    fi
    progs=$(sed -n 's#.* -o \([^ ]*\) .*#\1#p' "$b/build.cmds")
    # and tests/compile/headers.c, as C and as C++: every standard header
    # (and <windows.h> on Windows) before nn.h; it says nothing, its exit
    # status is its one check
    W="-Wall -Wextra -Wpedantic -Werror"
    echo "$cc $cf $W -I. -o $b/fx_headers tests/compile/headers.c -lm -static" >>"$b/build.cmds"
    echo "$cxx -x c++ $cxf $W -I. -o $b/fx_headers_cpp tests/compile/headers.c -lm -static" >>"$b/build.cmds"
    parallel "$b/build.cmds"
    nb=0 bad_build=0
    for rc in "$b"/build.cmds.*.rc; do
        nb=$((nb + 1))
        [ "$(cat "$rc")" = 0 ] || { bad_build=$((bad_build + 1)); cat "${rc%.rc}.log" >>"$log"; }
    done
    if [ "$t" = windows ]; then
        # the prefix made first, alone: wine's first run sets it up and
        # restarts its server, which a program started meanwhile would
        # lose; then one server stays up while the programs run
        wineboot -i >/dev/null 2>&1
        wineserver -w 2>/dev/null
        wineserver -p 2>/dev/null
    fi
    # each program in a directory of its own (their temporary files have
    # fixed names), with tests/ there for the files they read
    : >"$b/run.cmds"
    i=0
    for x in $progs; do
        i=$((i + 1)); mkdir -p "$b/run$i"; ln -s "$PWD/tests" "$b/run$i/tests"
        echo "cd $b/run$i && NN_TEST_EMULATED=1 timeout 600 $run $PWD/$x$exe" >>"$b/run.cmds"
    done
    parallel "$b/run.cmds"
    [ "$t" != windows ] || wineserver -k 2>/dev/null
    tp=0 tf=0 i=0
    for x in $progs; do
        i=$((i + 1))
        out=$b/run.cmds.$i.log
        tr -d '\r' <"$out" >"$out.txt"
        { echo "== $t $x (exit $(cat "$b/run.cmds.$i.rc"))"; cat "$out.txt"; } >>"$log"
        last=$(tail -n 1 "$out.txt")
        pp=$(printf '%s\n' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
        ff=$(printf '%s\n' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
        if [ -z "$pp" ]; then
            echo "FAILED: $t $x: no summary line" >>"$log"; ff=1 pp=0
        elif [ "$(cat "$b/run.cmds.$i.rc")" != 0 ] && [ "$ff" -eq 0 ]; then
            echo "FAILED: $t $x: exit $(cat "$b/run.cmds.$i.rc") with no failed check" >>"$log"; ff=1
        fi
        tp=$((tp + pp)); tf=$((tf + ff))
    done
    for x in "$b/fx_headers" "$b/fx_headers_cpp"; do
        if [ -f "$x$exe" ] && (top=$PWD; cd "$b" && timeout 120 $run "$top/$x$exe") >>"$log" 2>&1
        then tp=$((tp + 1)); else tf=$((tf + 1)); echo "FAILED: $t $x" >>"$log"; fi
    done
    tf=$((tf + bad_build))
    # the kernel test_speed reports picked (aarch64: neon)
    k=$(echo $progs | tr ' ' '\n' | grep -n "/test_speed$" | cut -d: -f1 | head -n 1)
    kern=", kernel $(sed -n 's/^kernels: .* (picked: \([^)]*\)).*/\1/p' \
        "$b/run.cmds.${k:-0}.log.txt" 2>/dev/null | head -n 1)"
    same=$(wc -w <"$b/same.txt")
    echo "$t: $(echo $progs | wc -w) programs ($same more the same build as one of them, $bad_build did not build), $tp passed, $tf failed$kern$note [$(($(date +%s) - t0))s]"
    cat "$log" >>build/cross/cross.log
    all_p=$((all_p + tp)); all_f=$((all_f + tf))
    [ "$tf" -eq 0 ] || status=1
done
echo "cross took $(($(date +%s) - start)) s"
echo "$all_p passed, $all_f failed"
exit $status

#!/bin/sh
# tests/mcu/run.sh - builds the bare-metal programs in tests/mcu for
# QEMU's mps2-an386 (Cortex-M4F), runs each under qemu-system-arm with
# semihosting and -icount shift=0, checks its exit status and prints its
# section sizes. sh tests/mcu/run.sh (from anywhere: it goes to the
# project root); build/mcu gets the programs and their output.
#   empty       main does nothing: what the harness alone costs
#   count_test  the instruction counter against code of known length
#   fault_test  a bus fault is reported and QEMU exits 1
#   harness_test  heap counters, stack high-water mark, the printers
#   demo        the hand-written forward passes on three networks: outputs,
#               instructions, heap calls, stack
# then nn.h on the board, with models trained and exported on the PC:
#   digits      every digits row against the PC's predictions (ISO C: the
#   digits_gnu  same bits; GNU C, multiply-adds fused: within 256 ulp)
#   README      the README's firmware.c, built by its third command
#   footprint   code, RAM, stack and instructions of one prediction: nn.h
#               against a hand-written loop (at most 2x its code)
# Without arm-none-eabi-gcc or qemu-system-arm it says so and counts
# nothing. Prints "N passed, N failed" last; exits 1 if any failed.
cd "$(dirname "$0")/../.." || exit 1
D=tests/mcu
B=build/mcu

if ! command -v arm-none-eabi-gcc >/dev/null 2>&1 || ! command -v qemu-system-arm >/dev/null 2>&1; then
    echo "mcu: skipped (needs gcc-arm-none-eabi, libnewlib-arm-none-eabi, qemu-system-arm)"
    echo "0 passed, 0 failed"
    exit 0
fi
mkdir -p "$B" || exit 1

CC="arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard"
CFLAGS="-Os -std=c99 -Wall -Wextra -Wpedantic -Werror -ffunction-sections -fdata-sections"
LDFLAGS="-nostartfiles -Wl,--gc-sections -T $D/mps2.ld --specs=nano.specs \
-Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free"
HARNESS="$D/startup.c $D/mcu.c $D/count.S"
# no display, no serial, no network (-nodefaults); semihosting output
# arrives on stderr; a hang ends at the timeout (exit status 124)
QEMU="timeout 60 qemu-system-arm -M mps2-an386 -cpu cortex-m4 -nodefaults -display none \
-semihosting-config enable=on,target=native -icount shift=0"

pass=0 fail=0
echo "cc:   $CC $CFLAGS -o $B/NAME.elf $HARNESS $D/NAME.c $LDFLAGS -lm"
echo "qemu: $QEMU -kernel $B/NAME.elf"

# sizes NAME: the sections, flash (.text + .rodata + .data's initial
# values) and RAM (.data + .bss, and the stack)
sizes() {
    arm-none-eabi-size -A "$B/$1.elf" | awk -v n="$1" '
        $1 ~ /^\.(text|rodata|ARM\.exidx|data|bss|stack)$/ { s[$1] = $2; line = line " " $1 " " $2 }
        END {
            printf "  %s:%s\n", n, line
            printf "  %s: flash %d (.text+.rodata %d), RAM %d + stack %d\n", n,
                s[".text"] + s[".rodata"] + s[".ARM.exidx"] + s[".data"],
                s[".text"] + s[".rodata"], s[".data"] + s[".bss"], s[".stack"]
        }'
}

# run NAME WANT [GREP]: build NAME.c with the harness, run it, want exit
# status WANT and, when given, the line GREP in its output
run() {
    name=$1 want=$2 pat=${3:-}
    extra=
    [ "$name" = demo ] && extra=$D/hand.c
    echo "== $name"
    # shellcheck disable=SC2086
    if ! $CC $CFLAGS ${INC:-} -o "$B/$name.elf" $HARNESS $extra "${SRC:-$D/$name.c}" \
        $LDFLAGS -lm; then
        echo "FAIL $name: does not build"; fail=$((fail + 1)); return
    fi
    $QEMU -kernel "$B/$name.elf" </dev/null >"$B/$name.out" 2>&1
    rc=$?
    grep -v 'nic lan9118.0 has no peer' "$B/$name.out"
    sizes "$name"
    if [ "$rc" -ne "$want" ]; then
        echo "FAIL $name: qemu exit status $rc, want $want"; fail=$((fail + 1))
    elif [ -n "$pat" ] && ! grep -q "$pat" "$B/$name.out"; then
        echo "FAIL $name: no line '$pat'"; fail=$((fail + 1))
    else
        echo "ok $name (exit status $rc)"; pass=$((pass + 1))
    fi
}

run empty 0
run count_test 0 'wrong 0, largest error 0 instructions'
run fault_test 1 '^fault: exception 3 '
run harness_test 0 '^print: 0 4294967295 0xdeadbeef 0xbfc00000 3.142 -0.50 1.000000 3 ovf$'
run demo 0 '^demo: ok'

# ---------------------------------------------------------------- nn.h
# Models trained on the PC (the article's XOR by build/xor, digits by the
# default command of build/train), written as C source by build/export,
# run from flash by nn.h's inference-only float build.
echo "== models: trained and exported on the PC"
if ! make -s build/xor build/train build/export >"$B/host.log" 2>&1 ||
   ! mkdir -p "$B/xor" "$B/digits" ||
   ! build/xor --save "$B/xor.safetensors" >>"$B/host.log" 2>&1 ||
   ! build/train --save "$B/digits.safetensors" examples/data/digits.csv >>"$B/host.log" 2>&1 ||
   ! build/export --name model "$B/xor.safetensors" "$B/xor/model.h" ||
   ! build/export --name model "$B/digits.safetensors" "$B/digits/model.h" ||
   ! ${HOSTCC:-cc} -std=c99 -O2 -Wall -Wextra -Wpedantic -Werror -I. -I"$B/digits" \
       -DMODEL_H='"model.h"' -o "$B/gen_rows" $D/gen_rows.c -lm ||
   ! "$B/gen_rows" examples/data/digits.csv >"$B/digits/rows.h"; then
    cat "$B/host.log"
    echo "FAIL models"; fail=$((fail + 1))
    echo "$pass passed, $fail failed"
    exit 1
fi
pass=$((pass + 1))

# every digits row on the board against the PC
NN_INC="-I. -I$D"
INC="$NN_INC -I$B/digits" run digits 0 '^digits: ok'
# and as gcc builds by default, in GNU C (multiply-adds fused): within 256
# ulp, a rounding of z (|z| up to ~20) carried through e^z to outputs near 0
INC="$NN_INC -I$B/digits -std=gnu17 -DMAX_ULPS=256" SRC=$D/digits.c run digits_gnu 0 '^digits: ok'

# the README's firmware.c, built by its third command (the header its
# second writes, from the model the first trained)
echo "== README's firmware.c"
mkdir -p "$B/readme"
awk '/<!-- readme-example-embedded/ { on = 1; next }
     on && /^```c$/ { inblock = 1; next }
     inblock && /^```$/ { exit }
     inblock { print }' README.md >"$B/readme/firmware.c"
if build/export "$B/digits.safetensors" "$B/readme/digits.h" &&
    $CC -Os -std=c99 -Wall -Wextra -Werror -I. -c "$B/readme/firmware.c" \
        -o "$B/readme/firmware.o" &&
    arm-none-eabi-nm "$B/readme/firmware.o" | grep -q ' T classify$'; then
    echo "ok README firmware.c"; pass=$((pass + 1))
else
    echo "FAIL README firmware.c"; fail=$((fail + 1))
fi

# footprint NET INPUT: footprint.c three ways (0 baseline, 1 nn.h, 2 the
# hand-written loop) on model NET; one line each of
#   NET IMPL flash static-RAM stack instructions outputs
footprint() {
    for impl in 0 1 2; do
        name=footprint-$1-$impl
        # shellcheck disable=SC2086
        if ! $CC $CFLAGS $NN_INC -I"$B/$1" -DIMPL=$impl -DINPUT="$2" -o "$B/$name.elf" \
            $HARNESS $D/hand.c $D/footprint.c $LDFLAGS -lm; then
            echo "$1 $impl build-failed"; continue
        fi
        $QEMU -kernel "$B/$name.elf" </dev/null >"$B/$name.out" 2>&1 || echo "$1 $impl run-failed"
        arm-none-eabi-size -A "$B/$name.elf" | awk -v n="$1" -v i=$impl -v out="$B/$name.out" '
            { s[$1] = $2 }
            END {
                while ((getline line < out) > 0) {
                    if (line ~ /^footprint: outputs/) o = substr(line, 20)
                    if (line ~ /^footprint: instructions/) { split(line, w, /[ ,]+/); ins = w[3]; st = w[6] }
                }
                print n, i, s[".text"] + s[".rodata"] + s[".data"], s[".data"] + s[".bss"], st, ins, o
            }'
    done
}
echo "== footprint"
{
    footprint xor "0,1,1"
    footprint digits "$(head -n 1 examples/data/digits.csv | cut -d, -f1-64)"
} >"$B/footprint.txt"
awk -v params_xor="$(sed -n 's/^#define MODEL_PARAMS //p' "$B/xor/model.h")" \
    -v params_digits="$(sed -n 's/^#define MODEL_PARAMS //p' "$B/digits/model.h")" '
    # the largest output, by its bits: 0x%08x of floats >= 0 (sigmoid
    # outputs) sort as the values do
    function argmax(s,   a, n, k, b) {
        n = split(s, a, " ")
        for (k = 1; k <= n; k++) if (k == 1 || a[k] > a[b]) b = k
        return b
    }
    NF < 6 { print "FAIL footprint: " $0; bad = 1; next }
    { flash[$1, $2] = $3; ram[$1, $2] = $4; st[$1, $2] = $5; ins[$1, $2] = $6
      out[$1, $2] = ""; for (k = 7; k <= NF; k++) out[$1, $2] = out[$1, $2] " " $k }
    END {
        printf "%-7s %-5s %7s %8s %7s %6s %12s\n", "network", "by", "code", "weights", "static", "stack", "instructions"
        split("xor digits", nets, " ")
        for (q = 1; q <= 2; q++) {
            n = nets[q]; w = (n == "xor" ? params_xor : params_digits) * 4
            for (i = 1; i <= 2; i++) {
                printf "%-7s %-5s %7d %8d %7d %6d %12d\n", n, i == 1 ? "nn.h" : "hand",
                    flash[n, i] - flash[n, 0], w, ram[n, i] - ram[n, 0],
                    st[n, i] - st[n, 0], ins[n, i] - ins[n, 0]
            }
            if (argmax(out[n, 1]) != argmax(out[n, 2])) { print "FAIL " n ": nn.h and the hand loop disagree"; bad = 1 }
        }
        r = (flash["digits", 1] - flash["digits", 0]) / (flash["digits", 2] - flash["digits", 0])
        printf "digits: nn.h code %.2fx the hand-written loop (limit 2)\n", r
        if (!(r <= 2)) { print "FAIL footprint: nn.h code over 2x the hand-written loop"; bad = 1 }
        exit bad
    }' "$B/footprint.txt" | tee "$B/footprint.table"
if [ -s "$B/footprint.table" ] && ! grep -q FAIL "$B/footprint.table"; then
    pass=$((pass + 1)); echo "ok footprint"
else
    fail=$((fail + 1)); echo "FAIL footprint"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

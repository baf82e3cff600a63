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
    if ! $CC $CFLAGS -o "$B/$name.elf" $HARNESS $extra "$D/$name.c" $LDFLAGS -lm; then
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

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

# bench/run.sh's summary: the speed-ups the "Speed 2" issue asks of nn.h,
# each the ratio of two medians from this run (how many times faster nn.h
# is), for the plain -O2 build and the -O3 -march=native one, beside its
# target and whether it is met.
# Usage: awk -f bench/summary.awk NUMPY RESULTS
#   NUMPY    bench/numpy_train.py's "key median min max" lines (/dev/null
#            when NumPy did not run)
#   RESULTS  the programs' bench_record lines, "TAG KEY IMPL MEDIAN", with
#            TAG O2 or native (FANN's under O2, its only build)
# Then nn.h against 2.1 (IMPL v2), row by row: nn.h's time over 2.1's,
# met when at most V2_MOST (3.0 may be at most 3 % slower than 2.1).
BEGIN { V2_MOST = 1.03 }
FILENAME == ARGV[1] { np[$1] = $2; next }
{ t[$1 " " $2 " " $3] = $4 }
$3 == "v2" && !($2 in v2_seen) { v2_seen[$2]; v2_keys[++n_v2] = $2 }

# a / b, or "" when either is missing
function ratio(a, b) { return a > 0 && b > 0 ? a / b : "" }

# one build's cell: the ratio, the target (0: none) and met or not
function cell(v, want,    w) {
    w = !want ? "-" : sprintf(want < 10 ? ">=%.1fx" : ">=%dx", want)
    if (v == "") return sprintf("%9s %7s %-8s", "n/a", w, "")
    return sprintf("%8.2fx %7s %-8s", v, w, !want ? "" : v >= want ? "met" : "not met")
}

# a line without the blanks that end it
function put(s) { sub(/ +$/, "", s); print s }

function line(label, o2, o2_want, native, native_want) {
    put(sprintf("%-40s %s %s", label, cell(o2, o2_want), cell(native, native_want)))
}

# nn.h against IMPL on KEY (IMPL "numpy": NumPy's number for NP_KEY)
function vs(tag, key, impl, np_key) {
    if (impl == "numpy") return ratio(np[np_key], t[tag " " key " nn"])
    if (impl == "fann") return ratio(t["O2 " key " fann"], t[tag " " key " nn"])
    return ratio(t[tag " " key " " impl], t[tag " " key " nn"])
}

# OpenBLAS over nn.h on the gemm shapes of one type, large (M*N*K of a
# million or more) or small: the worst (want_best 0) or best ratio
function gemm(tag, type, large, want_best,    k, f, d, r, best, n) {
    n = 0
    for (k in t) {
        split(k, f, " ")
        if (f[1] != tag || f[3] != "blas" || index(f[2], "gemm_" type "_") != 1) continue
        split(substr(f[2], length("gemm_" type "_") + 1), d, "x")
        if ((d[1] * d[2] * (d[3] + 0) >= 1e6) != large) continue
        r = ratio(t[k], t[tag " " f[2] " nn"])
        if (r == "") continue
        if (n == 0 || (want_best ? r > best : r < best)) best = r
        n++
    }
    return n ? best : ""
}

function row(label, key, impl, np_key, o2_want, native_want) {
    line(label, vs("O2", key, impl, np_key), o2_want,
         vs("native", key, impl, np_key), native_want)
}

# the most any code could gain over NumPy on XOR here: NumPy's 1500 steps
# over 1500 times a step's dependency chain (bench_floor)
function floor_row(label, key) {
    line(label, ratio(np["xor_f64"], t["O2 " key " floor"]), 0,
         ratio(np["xor_f64"], t["native " key " floor"]), 0)
}

function gemm_row(label, type, large, want_best, want) {
    line(label, gemm("O2", type, large, want_best), want,
         gemm("native", type, large, want_best), want)
}

# nn.h's time over 2.1's on KEY in one build, or ""
function vs_v2(tag, key) { return ratio(t[tag " " key " nn"], t[tag " " key " v2"]) }

# one build's cell against 2.1: the ratio, the bound and met or not
function cell_v2(v) {
    if (v == "") return sprintf("%9s %7s %-8s", "n/a", "", "")
    v2_rows++
    if (v <= V2_MOST) v2_met++
    return sprintf("%8.3fx %7s %-8s", v, sprintf("<=%.2fx", V2_MOST),
                   v <= V2_MOST ? "met" : "not met")
}

# a benchmark's name from its key: xor_f64, xor_forward_f32, adam_f64,
# gemm_f64_256x1024x784NN, ...
function v2_label(key,    f, n, i, name, type, d) {
    n = split(key, f, "_")
    if (f[1] == "gemm") {
        type = f[2]
        split(f[3], d, "x")
        name = sprintf("gemm (%d,%d,%d) %s", d[1], d[2], d[3], substr(f[3], length(f[3]) - 1))
    } else {
        type = f[n]
        name = f[1]
        if (name == "xor") name = "XOR 3-4-1"
        if (name == "digits") name = "digits 64-32-10"
        if (name == "mnist") name = "784-1024-10"
        if (name == "adam") name = "Adam 784-256-128-10"
        for (i = 2; i < n; i++) name = name (f[i] == "step" ? " one step" : " nn_" f[i])
    }
    return name (type == "f32" ? " float" : " double") " vs 2.1"
}

function v2_line(key) {
    put(sprintf("%-40s %s %s", v2_label(key), cell_v2(vs_v2("O2", key)),
                cell_v2(vs_v2("native", key))))
}

END {
    print "Summary: how many times faster nn.h is, from this run's medians"
    put(sprintf("%-40s %-26s %s", "", "   -O2 (no -march)", "   -O3 -march=native"))
    put(sprintf("%-40s %9s %7s %-8s %9s %7s %s", "nn.h against", "ratio", "target",
                "status", "ratio", "target", "status"))
    row("XOR 3-4-1 double vs NumPy", "xor_f64", "numpy", "xor_f64", 200, 230)
    row("XOR 3-4-1 float vs NumPy (f64)", "xor_f32", "numpy", "xor_f64", 200, 230)
    floor_row("XOR at its latency floor double vs NumPy", "xor_floor_f64")
    floor_row("XOR at its latency floor float vs NumPy", "xor_floor_f32")
    row("XOR 3-4-1 double vs nn.h 1.x", "xor_f64", "v1", "", 3, 0)
    row("XOR 3-4-1 float vs nn.h 1.x", "xor_f32", "v1", "", 3, 0)
    row("XOR 3-4-1 double vs FANN", "xor_f64", "fann", "", 0, 0)
    row("digits 64-32-10 double vs NumPy f64", "digits_f64", "numpy", "digits_f64", 3, 5)
    row("digits 64-32-10 float vs NumPy f32", "digits_f32", "numpy", "digits_f32", 0, 0)
    row("digits 64-32-10 double vs FANN", "digits_f64", "fann", "", 0, 0)
    row("784-1024-10 double vs NumPy", "mnist_f64", "numpy", "mnist_f64", 1, 1.2)
    row("784-1024-10 float vs NumPy", "mnist_f32", "numpy", "mnist_f32", 1, 1.2)
    gemm_row("gemm large double vs OpenBLAS, worst", "f64", 1, 0, 0.9)
    gemm_row("gemm large double vs OpenBLAS, best", "f64", 1, 1, 0.9)
    gemm_row("gemm large float vs OpenBLAS, worst", "f32", 1, 0, 0.9)
    gemm_row("gemm large float vs OpenBLAS, best", "f32", 1, 1, 0.9)
    gemm_row("gemm small double vs OpenBLAS, worst", "f64", 0, 0, 1)
    gemm_row("gemm small float vs OpenBLAS, worst", "f32", 0, 0, 1)
    print "XOR float is timed against the article's NumPy code, which runs in float64."
    print "XOR at its latency floor: what 1500 steps would take if each took only its"
    print "  chain of dependent operations (bench_floor), the most any code could gain."
    print "FANN: its double build (Debian's library), the one time in both columns;"
    print "  per-row updates (FANN has no full-batch step), 4 per XOR epoch."
    print "gemm large: bench_gemm's shapes of M*N*K >= 10^6 (the 784-1024-10 step's),"
    print "  small: the others. n/a: not measured in this run."
    if (!n_v2) {
        print "nn.h against 2.1: no 2.1 rows in this run (skipped)"
        exit
    }
    print ""
    print "nn.h against nn.h 2.1, row by row: nn.h's time over 2.1's (at most " V2_MOST "x: met)"
    put(sprintf("%-40s %-26s %s", "", "   -O2 (no -march)", "   -O3 -march=native"))
    put(sprintf("%-40s %9s %7s %-8s %9s %7s %s", "benchmark", "3.0/2.1", "bound",
                "status", "3.0/2.1", "bound", "status"))
    for (i = 1; i <= n_v2; i++) if (index(v2_keys[i], "gemm_") != 1) v2_line(v2_keys[i])
    for (i = 1; i <= n_v2; i++) if (index(v2_keys[i], "gemm_") == 1) v2_line(v2_keys[i])
    printf "nn.h within %sx of 2.1: %d of %d rows\n", V2_MOST, v2_met, v2_rows
    print "2.1: the header of commit a1ffb83 in the same programs, samples in turn;"
    print "  XOR step: bench_floor's one step a call; Adam: bench_adam (native only)."
}

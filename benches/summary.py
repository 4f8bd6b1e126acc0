#!/usr/bin/env python3
"""Readable summary of the nagrid benchmarks (the end of `make bench`).

    python3 benches/summary.py                      # criterion results + full year
    python3 benches/summary.py --since 1764467000   # only criterion results measured after this Unix time
    python3 benches/summary.py --full-year target/bench/full_year.json   # full year only
    python3 benches/summary.py --markdown           # the same tables in Markdown (for docs/benchmarks.md)

Criterion results are read from target/criterion/**/new/{benchmark,estimates}.json
(times are criterion's mean and its 95 % confidence interval); full-year results
from the JSON lines written by benches/full_year.sh.
"""
import argparse
import json
import os
import sys
import time

TOTAL_TARGET_S = 120.0
MEMORY_TARGET_GIB = 4.0
OVERHEAD_TARGET = 0.10


def fmt_time(ns):
    if ns >= 1e9:
        return f"{ns / 1e9:.3f} s"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.1f} µs"
    return f"{ns:.0f} ns"


def table(headers, rows, markdown):
    if markdown:
        out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
        out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
        return "\n".join(out)
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


def criterion_results(root, since):
    found = []
    for dirpath, _dirs, files in os.walk(root):
        if os.path.basename(dirpath) != "new" or "benchmark.json" not in files or "estimates.json" not in files:
            continue
        est_path = os.path.join(dirpath, "estimates.json")
        mtime = os.path.getmtime(est_path)
        if since is not None and mtime < since:
            continue
        b = json.load(open(os.path.join(dirpath, "benchmark.json")))
        e = json.load(open(est_path))
        # Criterion's headline figure: the slope of the linear fit when it has one, else the mean.
        est = e.get("slope") or e["mean"]
        point = est["point_estimate"]
        ci = est["confidence_interval"]
        found.append(
            {
                "group": b["group_id"],
                "function": b.get("function_id"),
                "value": b.get("value_str"),
                "time": point,
                "rel_ci": max(point - ci["lower_bound"], ci["upper_bound"] - point) / point if point > 0 else 0.0,
                "when": mtime,
            }
        )
    return found


def print_criterion(root, since, markdown):
    res = criterion_results(root, since)
    if not res:
        print(f"(no criterion results in {root}{' since the start of this run' if since else ''})")
        return
    groups = {}
    for r in res:
        groups.setdefault(r["group"], []).append(r)
    print("\ncriterion (headline estimate ± half-width of its 95 % confidence interval)")
    for g in sorted(groups):
        rs = groups[g]
        # Pivot: one row per parameter (hours, case...), one column per function (formulation, kvl...).
        if all(r["value"] for r in rs) and any(r["function"] for r in rs):
            cols = sorted({r["function"] or "" for r in rs}, key=lambda c: (c != "transport", c))
            cell = {(r["value"], r["function"] or ""): r for r in rs}
            keys = sorted({r["value"] for r in rs},
                          key=lambda v: min(cell[(v, c)]["time"] for c in cols if (v, c) in cell))
        else:
            cols = ["time"]
            cell = {(r["value"] or r["function"], "time"): r for r in rs}
            keys = sorted({k for k, _ in cell}, key=lambda v: cell[(v, "time")]["time"])
        rows = []
        for k in keys:
            row = [k]
            for c in cols:
                r = cell.get((k, c))
                row.append(f"{fmt_time(r['time'])} ±{100 * r['rel_ci']:.0f}%" if r else "")
            if len(cols) == 2 and all((k, c) in cell for c in cols):
                a, b = (cell[(k, c)]["time"] for c in cols)
                row.append(f"{cols[0] if a < b else cols[1]} ({max(a, b) / min(a, b):.2f}x)")
            rows.append(row)
        headers = [g] + cols + (["faster"] if len(cols) == 2 else [])
        when = time.strftime("%Y-%m-%d %H:%M", time.gmtime(max(r["when"] for r in rs)))
        print(f"\n{'### ' if markdown else ''}{g} (measured {when} UTC)\n")
        print(table(headers, rows, markdown))
    # Which dc method is faster in the dispatch solve.
    by = {(r["group"], r["function"], r["value"]): r["time"] for r in res}
    lines = []
    for (g, f, v), t in sorted(by.items(), key=lambda x: str(x[0])):
        if g.startswith("dispatch_solve") and f == "dc_angles" and (g, "dc_cycles", v) in by:
            o = by[(g, "dc_cycles", v)]
            lines.append(f"  dispatch solve {v}: angles {fmt_time(t)}, cycles {fmt_time(o)} -> "
                         f"{'angles' if t < o else 'cycles'} faster ({max(t, o) / min(t, o):.2f}x)")
    opf = [(by[k], by.get(("dc_opf", "cycles", k[2]))) for k in by if k[0] == "dc_opf" and k[1] == "angles"]
    opf = [(a, c) for a, c in opf if c]
    if opf:
        wins = sum(1 for a, c in opf if c < a)
        ratio = 1.0
        for a, c in opf:
            ratio *= a / c
        ratio **= 1 / len(opf)
        lines.append(f"  DC-OPF: cycles faster on {wins} of {len(opf)} cases; geometric mean time angles/cycles = {ratio:.2f}")
    if lines:
        print("\nkvl method of the dc formulation: angles vs cycles")
        print("\n".join(lines))


def print_full_year(path, markdown):
    if not os.path.exists(path):
        print(f"(no full-year results: {path} missing; run sh benches/full_year.sh)")
        return
    runs = [json.loads(l) for l in open(path) if l.strip()]
    rows, checks = [], []
    for r in runs:
        if r.get("failed"):
            rows.append([r["scenario"], "FAILED"] + [""] * 9)
            continue
        t = r["timings_s"]
        overhead = (t["build_s"] + t["extract_s"]) / t["total_s"] if t["total_s"] > 0 else 0.0
        mem = r["peak_rss_gib"]
        rows.append([
            r["scenario"], r["status"], r["hours"], f"{t['read_s']:.2f}", f"{t['build_s']:.2f}", f"{t['solve_s']:.2f}",
            f"{t['extract_s']:.2f}", f"{t['write_s']:.2f}", f"{t['total_s']:.2f}",
            f"{mem:.2f}" if mem is not None else "?", f"{r['cpu_pct']}" if r.get("cpu_pct") is not None else "?",
        ])
        ok = lambda c: "met" if c else "NOT met"
        checks.append(
            f"  {r['scenario']}: total {t['total_s']:.1f} s < {TOTAL_TARGET_S:.0f} s {ok(t['total_s'] < TOTAL_TARGET_S)}; "
            f"peak {mem:.2f} GiB < {MEMORY_TARGET_GIB:.0f} GiB {ok(mem is not None and mem < MEMORY_TARGET_GIB)}; "
            f"build + extract {100 * overhead:.1f} % < {100 * OVERHEAD_TARGET:.0f} % {ok(overhead < OVERHEAD_TARGET)}"
        )
    print(f"\n{'### ' if markdown else ''}full year (one run each, seconds from run.json, peak memory from /usr/bin/time -v)\n")
    commits = sorted({r.get("commit") for r in runs if r.get("commit")})
    if commits:
        print(f"commit {', '.join(commits)}\n")
    print(table(["scenario", "status", "hours", "read", "build", "solve", "extract", "write", "total", "peak GiB", "CPU %"], rows, markdown))
    print("\ntargets:")
    print("\n".join(checks))
    sizes = [f"  {r['scenario']}: {r['columns']} columns, {r['rows']} rows, {r['nonzeros']} non-zeros"
             f"{', ' + str(r['windows']) + ' windows (largest window LP)' if r.get('decomposition') == 'rolling' else ''}"
             f"{', ' + str(r['warm_starts']) + ' warm-started' if r.get('warm_starts') else ''}, "
             f"{r['simplex_iterations']} simplex iterations, objective {r['objective_usd']:.6g} USD"
             for r in runs if not r.get("failed")]
    print("\nLP sizes:")
    print("\n".join(sizes))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--criterion", default="target/criterion", help="criterion output folder")
    ap.add_argument("--since", type=float, help="only criterion results written after this Unix time")
    ap.add_argument("--full-year", help="only the full-year results of this file")
    ap.add_argument("--criterion-only", action="store_true", help="no full-year section")
    ap.add_argument("--markdown", action="store_true")
    a = ap.parse_args()
    if a.full_year:
        print_full_year(a.full_year, a.markdown)
        return
    print("=" * 78)
    print("nagrid benchmark summary")
    print("=" * 78)
    print_criterion(a.criterion, a.since, a.markdown)
    if not a.criterion_only:
        print_full_year("target/bench/full_year.json", a.markdown)


if __name__ == "__main__":
    sys.exit(main())

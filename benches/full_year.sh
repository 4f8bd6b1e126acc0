#!/bin/sh
# Full-year (8,760 h) dispatch of the synthetic 30-region case, timed once per
# phase (read, build, solve, write: from run.json) with its peak memory.
# Run from the repository root (make bench does).
set -eu
NAGRID=./target/release/nagrid
HOURS=${HOURS:-8760}
REGIONS=${REGIONS:-30}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
$NAGRID synthetic "$work/case" --regions "$REGIONS" --hours "$HOURS" >/dev/null
/usr/bin/time -v $NAGRID run "$work/case" --out "$work/run" --quiet 2>"$work/time.txt" >/dev/null
python3 - "$work" <<'PY'
import json, re, sys
work = sys.argv[1]
run = json.load(open(f"{work}/run/run.json"))
t = run["timings_s"]; s = run["solver"]["stats"]
rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(f"{work}/time.txt").read())
print(f"full-year synthetic dispatch: {run['hours']} h, {s['columns']} columns, {s['rows']} rows, {s['nonzeros']} non-zeros")
print(f"  status {run['solver']['status']}, objective {run['solver']['objective_usd']:.2f} USD, {s['simplex_iterations']} simplex iterations")
print(f"  read {t['read_s']:.2f} s, build {t['build_s']:.2f} s, solve {t['solve_s']:.2f} s, extract {t['extract_s']:.2f} s, write {t['write_s']:.2f} s, total {t['total_s']:.2f} s")
if rss:
    print(f"  peak memory {int(rss.group(1)) / 1024 / 1024:.2f} GiB")
PY

#!/bin/sh
# Full-year (8,760 h) dispatch runs, each timed once per phase (read, build,
# solve, extract, write: from run.json) with its peak memory (/usr/bin/time -v).
# Run from the repository root (make bench does), after `cargo build --release`.
#
#   sh benches/full_year.sh                     # every scenario below
#   sh benches/full_year.sh lp rolling          # only some
#   HOURS=336 sh benches/full_year.sh           # a quick smoke test
#
# Scenarios (synthetic 30-region case written by `nagrid synthetic`, its
# study.toml edited per scenario):
#   lp                single LP over the year, transport formulation
#   rolling           rolling horizon, window 168 h + overlap 24 h, in sequence
#   rolling_parallel  the same windows solved in parallel (parallel_windows = true;
#                     cyclic storage per window, no overlap)
#   dc_rolling        dc formulation (kvl = $DC_KVL, default cycles), rolling, in sequence
#   north_america     the default case as configured, `nagrid run inputs/north-america`
#                     (transport, rolling 168 h + 24 h in sequence, load from the forecast)
#   historical_2024   the historical case, `nagrid run inputs/north-america-2024` (8,784 h of
#                     2024; windows warm-started from the previous window's basis, WS1)
#   historical_2024_cold  the same with `warm_start = false` (every window from scratch)
#   north_america_expand  `nagrid expand inputs/north-america`: Benders over 168-hour windows
#                     (issue 13 targets: under 120 s and 1.5 GiB); its iterations, bounds, gap
#                     and builds are added to the result line
#   north_america_expand_336  the same with 336-hour windows (builds should agree within 5 %)
#
# Environment: HOURS (8760), REGIONS (30), DC_KVL (cycles), WINDOW (168),
# OVERLAP (24), RESULTS (target/bench/full_year.json: one JSON object per
# scenario, read by benches/summary.py), NAGRID (./target/release/nagrid),
# SUMMARY (1; 0 = no summary table at the end, as make bench prints its own).
# Targets checked: total under 120 s, peak memory under 4 GiB, build + extract
# under 10 % of the total.
set -eu
NAGRID=${NAGRID:-./target/release/nagrid}
HOURS=${HOURS:-8760}
REGIONS=${REGIONS:-30}
DC_KVL=${DC_KVL:-cycles}
WINDOW=${WINDOW:-168}
OVERLAP=${OVERLAP:-24}
RESULTS=${RESULTS:-target/bench/full_year.json}
SCENARIOS=${*:-lp rolling rolling_parallel dc_rolling north_america historical_2024 historical_2024_cold north_america_expand}

[ -x "$NAGRID" ] || { echo "full_year.sh: $NAGRID not found; run cargo build --release first" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "full_year.sh: /usr/bin/time (GNU time) is needed for peak memory (apt-get install time)" >&2; exit 1; }
mkdir -p "$(dirname "$RESULTS")"
# The commit measured (with "+dirty" when the working tree has changes).
BENCH_COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git --no-optional-locks status --porcelain --untracked-files=no 2>/dev/null)" ] || BENCH_COMMIT="$BENCH_COMMIT+dirty"
export BENCH_COMMIT
: >"$RESULTS"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "full_year.sh: commit $BENCH_COMMIT, $(nproc) CPUs, $(free -g | awk '/^Mem:/ {print $2}') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
$NAGRID synthetic "$work/base" --regions "$REGIONS" --hours "$HOURS" >/dev/null

# set KEY VALUE FILE: replace the line `KEY = ...` of a study.toml (the keys are unique).
set_key() {
  sed -i "s|^$1 = .*|$1 = $2|" "$3"
  grep -q "^$1 = $2\$" "$3" || { echo "full_year.sh: could not set $1 in $3" >&2; exit 1; }
}

for sc in $SCENARIOS; do
  case_dir="$work/$sc"
  cmd=run
  case "$sc" in
    north_america_expand | north_america_expand_336)
      cmd=expand
      case_dir=inputs/north-america
      hours_arg=""
      [ "$HOURS" = 8760 ] || hours_arg="--hours $HOURS"
      if [ "$sc" = north_america_expand_336 ]; then
        cp -r inputs/north-america "$work/$sc"
        case_dir="$work/$sc"
        printf '\n[expansion]\nwindow_hours = 336\n' >>"$case_dir/study.toml"
      fi
      ;;
    north_america)
      case_dir=inputs/north-america
      hours_arg=""
      [ "$HOURS" = 8760 ] || hours_arg="--hours $HOURS"
      ;;
    historical_2024 | historical_2024_cold)
      case_dir=inputs/north-america-2024
      hours_arg=""
      [ "$HOURS" = 8760 ] || hours_arg="--hours $HOURS"
      if [ "$sc" = historical_2024_cold ]; then
        cp -r inputs/north-america-2024 "$work/$sc"
        case_dir="$work/$sc"
        set_key warm_start false "$case_dir/study.toml"
      fi
      ;;
    lp | rolling | rolling_parallel | dc_rolling)
      cp -r "$work/base" "$case_dir"
      toml="$case_dir/study.toml"
      hours_arg=""
      case "$sc" in
        rolling | rolling_parallel | dc_rolling)
          set_key decomposition '"rolling"' "$toml"
          set_key window_hours "$WINDOW" "$toml"
          set_key overlap_hours "$OVERLAP" "$toml"
          ;;
      esac
      [ "$sc" = rolling_parallel ] && set_key parallel_windows true "$toml"
      if [ "$sc" = dc_rolling ]; then
        set_key formulation '"dc"' "$toml"
        set_key kvl "\"$DC_KVL\"" "$toml"
      fi
      ;;
    *) echo "full_year.sh: unknown scenario $sc" >&2; exit 2 ;;
  esac
  echo "full_year.sh: $sc ($(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1 /proc/loadavg)) ..."
  # shellcheck disable=SC2086
  if ! /usr/bin/time -v $NAGRID $cmd "$case_dir" $hours_arg --out "$work/run-$sc" --quiet >/dev/null 2>"$work/time-$sc.txt"; then
    echo "full_year.sh: $sc failed:" >&2
    tail -20 "$work/time-$sc.txt" >&2
    echo "{\"scenario\": \"$sc\", \"failed\": true}" >>"$RESULTS"
    continue
  fi
  python3 - "$sc" "$work/run-$sc/run.json" "$work/time-$sc.txt" >>"$RESULTS" <<'PY'
import json, os, re, sys
sc, run_json, time_txt = sys.argv[1:4]
run = json.load(open(run_json))
tv = open(time_txt).read()
def field(pattern, conv=float):
    m = re.search(pattern, tv)
    return conv(m.group(1)) if m else None
s = run["solver"]["stats"]
out = {
    "scenario": sc,
    "case": run["case"],
    "hours": run["hours"],
    "formulation": run["settings"]["model"]["formulation"],
    "kvl": run["settings"]["model"]["kvl"],
    "decomposition": run["settings"]["solver"]["decomposition"],
    "parallel_windows": run["settings"]["solver"]["parallel_windows"],
    "windows": s.get("windows"),
    "warm_starts": s.get("warm_starts"),
    "status": run["solver"]["status"],
    "objective_usd": run["solver"]["objective_usd"],
    "columns": s["columns"], "rows": s["rows"], "nonzeros": s["nonzeros"],
    "simplex_iterations": s["simplex_iterations"],
    "timings_s": run["timings_s"],
    "peak_rss_gib": field(r"Maximum resident set size \(kbytes\): (\d+)", lambda v: int(v) / 1024 ** 2),
    "user_s": field(r"User time \(seconds\): ([\d.]+)"),
    "system_s": field(r"System time \(seconds\): ([\d.]+)"),
    "cpu_pct": field(r"Percent of CPU this job got: (\d+)%", int),
    "program_sha256": run.get("program_sha256"),
    "commit": os.environ.get("BENCH_COMMIT"),
}
exp = os.path.join(os.path.dirname(run_json), "expansion.json")
if os.path.exists(exp):
    e = json.load(open(exp))
    b = e.get("benders") or {}
    out["expansion"] = {
        "method": e["method"],
        "iterations": b.get("iterations"),
        "gap_usd_per_year": e["optimality_gap_usd_per_year"],
        "abs_gap_target_usd_per_year": b.get("abs_gap_target_usd_per_year"),
        "windows_solved": b.get("windows_solved"),
        "windows_reused": b.get("windows_reused"),
        "builds_mw": {u["build"]["id"] + ":" + u["build"]["kind"]: round(u["build"]["built_mw"], 1) for u in e["upgrades"] if u["build"]["built_mw"] > 0},
    }
print(json.dumps(out))
PY
  tail -n 1 "$RESULTS" | python3 -c "$(cat <<'PY'
import json, sys
r = json.loads(sys.stdin.read()); t = r["timings_s"]
print(f"  {r['scenario']}: {r['status']}, total {t['total_s']:.1f} s (solve {t['solve_s']:.1f} s), peak {r['peak_rss_gib']:.2f} GiB, CPU {r['cpu_pct']} %")
if "expansion" in r:
    x = r["expansion"]
    print(f"    {x['method']}: {x['iterations']} iterations, gap {x['gap_usd_per_year'] / 1e6:.3f} M USD/year, builds {x['builds_mw']}")
PY
)"
done

[ "${SUMMARY:-1}" = 0 ] || python3 benches/summary.py --full-year "$RESULTS"

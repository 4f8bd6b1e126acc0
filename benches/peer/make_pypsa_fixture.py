#!/usr/bin/env python3
"""Build the small PyPSA network of nagrid's import test, solve it with HiGHS and
export it in PyPSA's CSV folder format, with its objective recorded beside it.

Writes (paths relative to the repository root):
  crates/io/tests/fixtures/pypsa/five-bus/            n.export_to_csv_folder (inputs and results)
  crates/io/tests/fixtures/pypsa/five-bus.pypsa.json  PyPSA's objective, solver options, versions

The network is built with PyPSA's own components (not from a nagrid case), so the
test exercises the importer on what a PyPSA user writes: five buses; four of them
form an AC grid of five Lines with two independent cycles (Kirchhoff's voltage law
binds: the corridors congest), the fifth is joined by two Links (a lossless
bidirectional HVDC link, p_min_pu = -1, and a lossy one-way link with a marginal
cost); gas, coal (ramp limits, minimum output), nuclear (minimum output), hydro
(static p_max_pu), wind and solar (p_max_pu series); loads with a p_set series and
a static p_set; two StorageUnits (a cyclic battery with a dispatch cost, a pumped
hydro plant with an initial state of charge); carriers with CO2 intensities; 48
hourly snapshots. Every attribute used is one nagrid translates (docs/pypsa.md),
so nagrid's LP is PyPSA's and the objectives must agree.

The HiGHS options are those of the peer comparison (compare_pypsa.py: nagrid's
defaults, one thread, random_seed 0). Deterministic: rerunning gives the same files
(up to the last digit of solver results, which the test does not read).

Usage (from the repository root; PyPSA as in benches/peer/README.md):
  benches/peer/.venv/bin/python benches/peer/make_pypsa_fixture.py
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))

from compare_pypsa import highs_options, versions  # noqa: E402  (same solver options and version report)

NAME = "five-bus"
OUT = REPO / "crates" / "io" / "tests" / "fixtures" / "pypsa"
HOURS = 48
START = "2030-07-01 00:00"


def daily(hours: int, base: float, swing: float, peak_hour: float, phase_days: float = 0.0) -> list[float]:
    """A smooth daily shape: base ± swing, highest at peak_hour (local), rounded to 0.1 MW."""
    return [round(base + swing * math.cos(2 * math.pi * (h % 24 - peak_hour) / 24 + phase_days), 1) for h in range(hours)]


def solar(hours: int, peak: float, noon: int) -> list[float]:
    return [round(max(0.0, peak * math.sin(math.pi * (h % 24 - noon + 6) / 12)), 4) for h in range(hours)]


def wind(hours: int, seed: int) -> list[float]:
    """A deterministic wind availability between 0.05 and 0.95."""
    out, w = [], 0.45
    for h in range(hours):
        w = 0.85 * w + 0.15 * (0.5 + 0.4 * math.sin(0.37 * h + seed) * math.cos(0.11 * h * seed))
        out.append(round(min(0.95, max(0.05, w)), 4))
    return out


def build():
    import pandas as pd
    import pypsa

    n = pypsa.Network(name=NAME)
    n.set_snapshots(pd.date_range(START, periods=HOURS, freq="h"))
    # Buses: x = longitude, y = latitude; country, interconnection and time_zone are
    # extra columns nagrid reads (PyPSA keeps them as they are).
    buses = {
        "west": (345.0, -120.0, 40.0, "US", "America/Los_Angeles"),
        "central": (345.0, -100.0, 41.0, "US", "America/Chicago"),
        "east": (345.0, -80.0, 40.0, "US", "America/New_York"),
        "south": (345.0, -98.0, 30.0, "MX", "America/Monterrey"),
        "north": (230.0, -95.0, 50.0, "CA", "America/Winnipeg"),
    }
    for b, (v, x, y, country, tz) in buses.items():
        n.add("Bus", b, v_nom=v, x=x, y=y, carrier="AC", country=country, time_zone=tz)
    n.add("Carrier", ["gas", "coal", "nuclear", "hydro", "wind", "solar", "battery", "pumped_hydro"],
          co2_emissions=[0.202, 0.341, 0, 0, 0, 0, 0, 0])

    # AC grid: a ring west-central-east-south-west plus the chord central-south
    # (two independent cycles). x in ohm at 345 kV.
    lines = [
        ("west-central", "west", "central", 28.0, 900.0),
        ("central-east", "central", "east", 25.0, 1100.0),
        ("east-south", "east", "south", 35.0, 700.0),
        ("south-west", "south", "west", 40.0, 600.0),
        ("central-south", "central", "south", 22.0, 800.0),
    ]
    for name, b0, b1, x, s in lines:
        n.add("Line", name, bus0=b0, bus1=b1, x=x, r=0.1 * x, s_nom=s, carrier="AC")

    n.add("Link", "north-central", bus0="north", bus1="central", p_nom=800.0, p_min_pu=-1.0, carrier="DC")
    n.add("Link", "east-north", bus0="east", bus1="north", p_nom=400.0, efficiency=0.96, marginal_cost=0.8, carrier="DC")

    g = [
        # name, bus, carrier, p_nom, marginal cost, efficiency, p_min_pu, p_max_pu (static)
        ("west_gas", "west", "gas", 1500.0, 34.5, 0.55, 0.0, 1.0),
        ("central_coal", "central", "coal", 2000.0, 22.0, 0.38, 0.3, 1.0),
        ("east_gas_ct", "east", "gas", 1500.0, 71.0, 0.36, 0.0, 1.0),
        ("east_nuclear", "east", "nuclear", 1000.0, 8.0, 1.0, 0.8, 1.0),
        ("south_gas", "south", "gas", 2500.0, 41.0, 0.52, 0.0, 1.0),
        ("north_hydro", "north", "hydro", 2000.0, 5.0, 1.0, 0.0, 0.6),
        ("north_gas", "north", "gas", 300.0, 90.0, 0.35, 0.0, 1.0),
    ]
    for name, bus, carrier, p_nom, mc, eff, pmin, pmax in g:
        n.add("Generator", name, bus=bus, carrier=carrier, p_nom=p_nom, marginal_cost=mc, efficiency=eff,
              p_min_pu=pmin, p_max_pu=pmax)
    n.generators.loc["central_coal", ["ramp_limit_up", "ramp_limit_down"]] = [0.15, 0.2]

    snaps = n.snapshots
    n.add("Generator", "west_wind", bus="west", carrier="wind", p_nom=1200.0, marginal_cost=0.0,
          p_max_pu=pd.Series(wind(HOURS, 1), index=snaps))
    n.add("Generator", "central_wind", bus="central", carrier="wind", p_nom=1500.0, marginal_cost=0.0,
          p_max_pu=pd.Series(wind(HOURS, 2), index=snaps))
    n.add("Generator", "east_solar", bus="east", carrier="solar", p_nom=1000.0, marginal_cost=0.0,
          p_max_pu=pd.Series(solar(HOURS, 0.85, 17), index=snaps))
    n.add("Generator", "south_solar", bus="south", carrier="solar", p_nom=1500.0, marginal_cost=0.0,
          p_max_pu=pd.Series(solar(HOURS, 0.9, 18), index=snaps))

    n.add("Load", "west_load", bus="west", p_set=pd.Series(daily(HOURS, 1500.0, 350.0, 23.0), index=snaps))
    n.add("Load", "central_load", bus="central", p_set=pd.Series(daily(HOURS, 2300.0, 450.0, 22.0), index=snaps))
    n.add("Load", "east_load", bus="east", p_set=pd.Series(daily(HOURS, 2900.0, 600.0, 20.0), index=snaps))
    n.add("Load", "east_industry", bus="east", p_set=250.0)
    n.add("Load", "south_load", bus="south", p_set=pd.Series(daily(HOURS, 1700.0, 400.0, 22.0), index=snaps))
    n.add("Load", "north_load", bus="north", p_set=900.0)

    n.add("StorageUnit", "east_battery", bus="east", carrier="battery", p_nom=300.0, max_hours=4.0,
          efficiency_store=0.92, efficiency_dispatch=0.92, cyclic_state_of_charge=True, marginal_cost=1.0)
    n.add("StorageUnit", "west_phs", bus="west", carrier="pumped_hydro", p_nom=500.0, max_hours=8.0,
          efficiency_store=0.87, efficiency_dispatch=0.9, state_of_charge_initial=2000.0)
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(OUT), help="folder of the fixture (default: crates/io/tests/fixtures/pypsa)")
    args = ap.parse_args()
    out = Path(args.out)
    n = build()
    opts = highs_options({}, threads=1, time_limit=None)
    status, condition = n.optimize(solver_name="highs", **opts)
    if status != "ok":
        raise SystemExit(f"PyPSA did not solve the fixture: {status} {condition}")
    folder = out / NAME
    if folder.exists():
        shutil.rmtree(folder)
    out.mkdir(parents=True, exist_ok=True)
    n.export_to_csv_folder(folder)
    loading = (n.lines_t.p0.abs() / n.lines.s_nom).max()
    record = {
        "network": NAME,
        "folder": f"{NAME}/",
        "generated_by": "benches/peer/make_pypsa_fixture.py",
        "objective_usd": float(n.objective) + float(getattr(n, "objective_constant", 0.0) or 0.0),
        "status": status,
        "termination_condition": str(condition),
        "snapshots": len(n.snapshots),
        "solver": "highs",
        "solver_options": opts,
        "hours_any_line_at_limit": int((n.lines_t.p0.abs().ge(n.lines.s_nom * (1 - 1e-6))).any(axis=1).sum()),
        "max_line_loading": {k: round(float(v), 6) for k, v in loading.items()},
        "versions": versions(),
    }
    (out / f"{NAME}.pypsa.json").write_text(json.dumps(record, indent=1) + "\n")
    print(json.dumps(record, indent=1))


if __name__ == "__main__":
    main()

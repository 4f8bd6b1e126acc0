#!/usr/bin/env python3
"""Compare nagrid with PyPSA + HiGHS on the same case folder, on equal terms.

The script reads a nagrid case folder (docs/case-format.md), builds the PyPSA
network with the same linear programme as nagrid's dispatch in the case's
formulation, `transport` or `dc` (docs/formulation.md), and solves both sides
with HiGHS under the same options
(method from study.toml, one thread, same tolerances, random_seed 0). Every run
happens in its own subprocess under `/usr/bin/time -v`, one at a time, so wall
time and peak memory (maximum resident set size) are measured the same way on
both sides.

Runs:
  * single LPs over the first N hours (default 168 and 720): both sides must give
    the same optimum; the objectives are checked to a relative tolerance;
  * the whole horizon by rolling horizon (nagrid: `decomposition = "rolling"`;
    PyPSA: `optimize_with_rolling_horizon`), with the same windows;
  * optionally (`--full-lp`) the whole horizon as one LP, with a time limit.

Mapping of nagrid's model to PyPSA components:
  region -> Bus; load -> Load; generator -> Generator (p_nom = p_max_mw,
  p_max_pu = availability, p_min_pu = min(p_min/p_max, availability) per hour,
  as nagrid bounds must-run by the available capacity); unserved load -> one
  Generator per bus at the value of lost load, bounded by the load;
  storage -> StorageUnit (max_hours = energy/p_max, standing_loss 0, marginal cost
  on dispatch, cyclic when soc_initial_pu is empty); HVDC link -> two one-way
  Links with efficiency and wheeling cost (plus hurdle rate) on what is sent.
  AC line, `transport` formulation -> Link with p_nom = max(s_max, s_max_reverse),
  p_max_pu = s_max/p_nom, p_min_pu = -s_max_reverse/p_nom (a transfer limit, no
  Kirchhoff law); `dc` formulation -> Line (PyPSA's linearised power flow:
  Kirchhoff's voltage law on every cycle of each AC sub-network, as nagrid's
  K1/K2) with s_nom = s_max_mw, r = 0 and x in ohm = x_pu * v_nom^2 / 100 MVA
  (v_nom = 500 kV on every bus), so that PyPSA's susceptance v_nom^2 / x (MW/rad,
  per unit on 1 MVA) is nagrid's b = 100 MVA / x_pu.

Usage (from the repository root):
  benches/peer/.venv/bin/python benches/peer/compare_pypsa.py --case DIR
  benches/peer/.venv/bin/python benches/peer/compare_pypsa.py   # writes the synthetic case
  benches/peer/.venv/bin/python benches/peer/compare_pypsa.py --formulation dc   # the Kirchhoff case
See benches/peer/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_NAGRID = REPO / "target" / "release" / "nagrid"
DEFAULT_WORK = HERE / "results"


# --------------------------------------------------------------------------- #
# Reading a nagrid case folder (only what the dispatch LP needs)
# --------------------------------------------------------------------------- #


@dataclass
class Case:
    """The parts of a nagrid case folder that define the dispatch LP."""

    folder: Path
    study: dict
    regions: "object"  # pandas.DataFrame, indexed by id
    generators: "object"
    storage: "object"
    lines: "object"
    links: "object"
    loads: "object"  # DataFrame hours x regions (MW), horizon only
    p_max_pu: "object"  # DataFrame hours x generators with a series
    snapshots: "object"  # DatetimeIndex (UTC, naive)
    voll: float
    allow_unserved: bool
    formulation: str  # transport | dc ([model] formulation)


def read_csv(path: Path, required: bool = True):
    import pandas as pd

    if not path.exists():
        if required:
            raise FileNotFoundError(path)
        return None
    df = pd.read_csv(path, comment="#", skipinitialspace=True, dtype={"id": str})
    df.columns = [c.strip() for c in df.columns]
    return df


def year_hours(year: int) -> int:
    return 8784 if (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)) else 8760


def horizon(study: dict, hours_override: int | None):
    """Start (naive UTC) and number of hours of the studied horizon."""
    import pandas as pd

    year = int(study["study_year"])
    hz = study.get("horizon", {})
    start = pd.Timestamp(hz["start"]) if "start" in hz else pd.Timestamp(f"{year}-01-01T00:00:00Z")
    if start.tzinfo is not None:
        start = start.tz_convert("UTC").tz_localize(None)
    hours = hours_override or int(hz.get("hours", year_hours(year)))
    return start, hours


def read_series(path: Path, start, hours: int):
    """Hourly series restricted to the horizon, indexed by naive UTC time."""
    import pandas as pd

    df = read_csv(path, required=False)
    if df is None:
        return None
    ts = pd.to_datetime(df.pop("timestamp").astype(str).str.strip(), utc=True).dt.tz_localize(None)
    df.index = pd.DatetimeIndex(ts)
    want = pd.date_range(start, periods=hours, freq="h")
    missing = want.difference(df.index)
    if len(missing):
        raise ValueError(f"{path}: horizon not covered, first missing hour {missing[0]}")
    return df.loc[want].astype(float)


# PyPSA's nominal voltage of every bus in the `dc` formulation (any value gives the
# same LP: the line's x in ohm is scaled with it; 500 kV is the synthetic case's
# circuit voltage) and nagrid's per-unit base of a case folder (docs/case-format.md).
V_NOM_KV = 500.0
BASE_MVA = 100.0


def formulation_of(study: dict) -> str:
    return study.get("model", {}).get("formulation", "transport")


def column(df, name: str, default):
    """A column of a CSV table with its documented default where absent or empty."""
    import pandas as pd

    if df is None or name not in df:
        return pd.Series(default, index=None if df is None else df.index, dtype=float)
    return df[name].astype(float).fillna(default)


def unsupported_lines(lines, formulation: str) -> list[str]:
    """Line features the PyPSA network of this script cannot carry."""
    out = []
    if lines is None or not len(lines):
        return out
    fwd = lines["s_max_mw"].astype(float)
    rev = column(lines, "s_max_reverse_mw", float("nan")).fillna(fwd)
    hurdle = column(lines, "hurdle_usd_per_mwh", 0.0)
    if (hurdle != 0).any():
        out.append("line hurdle_usd_per_mwh (lines " + ", ".join(lines["id"][hurdle != 0].astype(str)[:5]) + ")")
    if formulation == "dc":
        if (rev != fwd).any():
            out.append("dc formulation with s_max_reverse_mw different from s_max_mw (a PyPSA Line's limit is symmetric; "
                       "lines " + ", ".join(lines["id"][rev != fwd].astype(str)[:5]) + ")")
        tap = column(lines, "tap_ratio", 1.0).replace(0.0, 1.0)
        shift = column(lines, "phase_shift_deg", 0.0)
        if ((tap != 1.0) | (shift != 0.0)).any():
            out.append("dc formulation with tap_ratio or phase_shift_deg (transformers; not translated)")
    return out


def unsupported(case_dir: Path, study: dict, storage) -> list[str]:
    """Features of nagrid this script does not translate (it refuses them)."""
    import pandas as pd

    out = []
    if (case_dir / "hydro_budgets.csv").exists():
        out.append("hydro_budgets.csv (monthly energy budgets)")
    if formulation_of(study) not in ("transport", "dc"):
        out.append(f"[model] formulation {formulation_of(study)!r}")
    if storage is not None and "soc_final_pu" in storage and storage["soc_final_pu"].notna().any():
        out.append("storage soc_final_pu")
    if (case_dir / "flexible_loads.csv").exists():
        out.append("flexible_loads.csv (curtailable demand)")
    if study.get("load", {}).get("source", "series") != "series":
        out.append("[load] source other than series")
    gens = pd.read_csv(case_dir / "generators.csv", comment="#", skipinitialspace=True)
    ramps = [c for c in gens.columns if c.strip().startswith("ramp_") and gens[c].notna().any()]
    if ramps:
        out.append("generator ramp limits (" + ", ".join(ramps) + ")")
    return out


def with_status(df, candidates: list[str]):
    """Existing components plus the candidates selected in [network] candidates."""
    if df is None or "status" not in df:
        return df
    status = df["status"].fillna("existing").astype(str).str.strip()
    keep = (status == "existing") | ("all" in candidates) | df["id"].isin(candidates)
    return df[keep]


def read_case(folder: Path, hours_override: int | None = None) -> Case:
    import pandas as pd

    study = tomllib.loads((folder / "study.toml").read_text())
    start, hours = horizon(study, hours_override)
    regions = read_csv(folder / "regions.csv").set_index("id")
    gens = read_csv(folder / "generators.csv")
    storage = read_csv(folder / "storage.csv", required=False)
    problems = unsupported(folder, study, storage)
    if problems:
        raise NotImplementedError("not translated to PyPSA: " + "; ".join(problems))
    cands = study.get("network", {}).get("candidates", [])
    lines = with_status(read_csv(folder / "lines.csv", required=False), cands)
    links = with_status(read_csv(folder / "links.csv", required=False), cands)
    problems = unsupported_lines(lines, formulation_of(study))
    if problems:
        raise NotImplementedError("not translated to PyPSA: " + "; ".join(problems))
    loads = read_series(folder / "series" / "loads-p_mw.csv", start, hours)
    loads = (loads if loads is not None else pd.DataFrame(index=pd.date_range(start, periods=hours, freq="h")))
    loads = loads.reindex(columns=regions.index, fill_value=0.0)
    pmaxpu = read_series(folder / "series" / "generators-p_max_pu.csv", start, hours)
    eco = study.get("economics", {})
    return Case(
        folder=folder,
        study=study,
        regions=regions,
        generators=gens.set_index("id"),
        storage=None if storage is None else storage.set_index("id"),
        lines=None if lines is None else lines.set_index("id"),
        links=None if links is None else links.set_index("id"),
        loads=loads,
        p_max_pu=pmaxpu,
        snapshots=loads.index,
        voll=float(eco.get("value_of_lost_load_usd_per_mwh", 10000.0)),
        allow_unserved=bool(eco.get("allow_unserved", True)),
        formulation=formulation_of(study),
    )


# --------------------------------------------------------------------------- #
# The equivalent PyPSA network
# --------------------------------------------------------------------------- #


def build_network(case: Case):
    """PyPSA network whose LP is nagrid's dispatch LP in the case's formulation
    (transport or dc; see module doc)."""
    import numpy as np
    import pandas as pd
    import pypsa

    n = pypsa.Network()
    n.set_snapshots(case.snapshots)
    n.add("Bus", case.regions.index, v_nom=V_NOM_KV)
    load_names = case.regions.index + "_load"
    n.add("Load", load_names, bus=case.regions.index, p_set=case.loads.set_axis(load_names, axis=1))

    # Generators: availability and must-run as per-unit bounds of p_nom.
    g = case.generators
    p_max = g["p_max_mw"].astype(float)
    p_min = g["p_min_mw"].astype(float).fillna(0.0) if "p_min_mw" in g else pd.Series(0.0, index=g.index)
    pmin_static = (p_min / p_max.where(p_max > 0)).fillna(0.0)
    avail = pd.DataFrame(1.0, index=case.snapshots, columns=g.index)
    if case.p_max_pu is not None:
        avail[case.p_max_pu.columns] = case.p_max_pu
    # nagrid: p >= min(p_min, availability * p_max)  <=>  p_min_pu = min(p_min/p_max, availability)
    pmin_pu = np.minimum(avail, pmin_static.to_numpy()[None, :])
    pmin_pu = pd.DataFrame(pmin_pu, index=case.snapshots, columns=g.index)
    n.add(
        "Generator",
        g.index,
        bus=g["region"],
        carrier=g["technology"],
        p_nom=p_max,
        marginal_cost=g["marginal_cost_usd_per_mwh"].astype(float),
        p_max_pu=avail,
        p_min_pu=pmin_pu,
    )

    # Unserved load: 0 <= u <= load, at the value of lost load.
    if case.allow_unserved:
        peak = case.loads.max().clip(lower=0.0)
        share = (case.loads.clip(lower=0.0) / peak.where(peak > 0)).fillna(0.0)
        names = case.regions.index + "_unserved"
        n.add(
            "Generator",
            names,
            bus=case.regions.index,
            carrier="unserved",
            p_nom=peak.set_axis(names),
            p_max_pu=share.set_axis(names, axis=1),
            marginal_cost=case.voll,
        )

    # Storage: charge/discharge <= p_max, 0 <= soc <= energy, efficiencies, cost on discharge.
    s = case.storage
    if s is not None and len(s):
        if ((s["p_max_mw"] <= 0) & (s["energy_mwh"] > 0)).any():
            raise NotImplementedError("storage with energy but no power (max_hours undefined)")
        soc0 = s["soc_initial_pu"] if "soc_initial_pu" in s else pd.Series(np.nan, index=s.index)
        cyclic = soc0.isna()
        n.add(
            "StorageUnit",
            s.index,
            bus=s["region"],
            carrier=s["technology"] if "technology" in s else "battery",
            p_nom=s["p_max_mw"].astype(float),
            max_hours=(s["energy_mwh"] / s["p_max_mw"].where(s["p_max_mw"] > 0)).fillna(0.0),
            efficiency_store=s["efficiency_charge"].astype(float),
            efficiency_dispatch=s["efficiency_discharge"].astype(float),
            standing_loss=0.0,
            cyclic_state_of_charge=cyclic,
            state_of_charge_initial=(soc0.fillna(0.0) * s["energy_mwh"]).astype(float),
            marginal_cost=(s["marginal_cost_usd_per_mwh"].fillna(0.0) if "marginal_cost_usd_per_mwh" in s else 0.0),
            p_min_pu=-1.0,
        )

    if case.lines is not None and len(case.lines) and case.formulation == "dc":
        # AC lines under Kirchhoff's laws -> PyPSA Lines. nagrid: f = b (θ_a − θ_b) with
        # b = 100 MVA / x_pu (MW/rad); PyPSA: f = (θ_a − θ_b) / x_pu' with x_pu' = x / v_nom²
        # (per unit on 1 MVA). Equal when x = x_pu · v_nom² / 100 MVA (ohm).
        li = case.lines
        n.add(
            "Line",
            li.index,
            bus0=li["from_region"],
            bus1=li["to_region"],
            carrier="AC",
            s_nom=li["s_max_mw"].astype(float),
            x=li["x_pu"].astype(float) * V_NOM_KV**2 / BASE_MVA,
            r=0.0,
        )
    elif case.lines is not None and len(case.lines):
        # AC interties: transfer limits only (transport model) -> bidirectional Links,
        # with the reverse limit s_max_reverse_mw (T2).
        li = case.lines
        fwd = li["s_max_mw"].astype(float)
        rev = column(li, "s_max_reverse_mw", float("nan")).fillna(fwd)
        p_nom = np.maximum(fwd, rev)
        n.add(
            "Link",
            li.index,
            bus0=li["from_region"],
            bus1=li["to_region"],
            carrier="AC transfer",
            p_nom=p_nom,
            p_max_pu=(fwd / p_nom.where(p_nom > 0)).fillna(0.0),
            p_min_pu=-(rev / p_nom.where(p_nom > 0)).fillna(0.0),
            efficiency=1.0,
        )

    # HVDC: one Link per direction, each with losses and wheeling cost on what is sent.
    if case.links is not None and len(case.links):
        lk = case.links
        eff = lk["efficiency"].fillna(1.0) if "efficiency" in lk else 1.0
        # wheeling cost and hurdle rate (T3), both per MWh sent
        cost = column(lk, "wheeling_cost_usd_per_mwh", 0.0) + column(lk, "hurdle_usd_per_mwh", 0.0)
        fwd = lk["p_max_forward_mw"].astype(float)
        rev = lk["p_max_reverse_mw"].fillna(fwd) if "p_max_reverse_mw" in lk else fwd
        for suffix, b0, b1, cap in (("_fwd", "from_region", "to_region", fwd), ("_rev", "to_region", "from_region", rev)):
            names = lk.index + suffix
            n.add(
                "Link",
                names,
                bus0=lk[b0].to_numpy(),
                bus1=lk[b1].to_numpy(),
                carrier="HVDC",
                p_nom=cap.to_numpy(),
                efficiency=eff.to_numpy() if hasattr(eff, "to_numpy") else eff,
                marginal_cost=cost.to_numpy() if hasattr(cost, "to_numpy") else cost,
            )
    return n


def dispatch_cost(n, snapshots) -> dict:
    """Cost of PyPSA's dispatch over `snapshots`, recomputed from primal values as
    nagrid's (O1); needed for the stitched rolling-horizon solution."""
    gp = n.generators_t.p.loc[snapshots]
    mc = n.generators.marginal_cost
    unserved_cols = [c for c in gp.columns if n.generators.at[c, "carrier"] == "unserved"]
    gen_cost = (gp * mc).sum().sum()
    unserved_cost = (gp[unserved_cols] * mc[unserved_cols]).sum().sum()
    st = 0.0
    if len(n.storage_units):
        st = (n.storage_units_t.p_dispatch.loc[snapshots] * n.storage_units.marginal_cost).sum().sum()
    wh = 0.0
    if len(n.links):
        wh = (n.links_t.p0.loc[snapshots] * n.links.marginal_cost).sum().sum()
    return {
        "generation_usd": float(gen_cost - unserved_cost),
        "unserved_usd": float(unserved_cost),
        "storage_usd": float(st),
        "wheeling_usd": float(wh),
        "total_usd": float(gen_cost + st + wh),
        "unserved_mwh": float(gp[unserved_cols].sum().sum()),
    }


def generation_by_technology(n, snapshots) -> dict:
    gp = n.generators_t.p.loc[snapshots]
    return {k: float(v) for k, v in gp.T.groupby(n.generators.carrier).sum().sum(axis=1).items()}


# --------------------------------------------------------------------------- #
# Worker: one PyPSA run (called in a subprocess under /usr/bin/time -v)
# --------------------------------------------------------------------------- #


def highs_options(study: dict, threads: int, time_limit: float | None) -> dict:
    """The HiGHS options nagrid sets (crates/opf/src/lp.rs), from the case's study.toml."""
    sv = study.get("solver", {})
    tol = float(sv.get("feasibility_tolerance", 1e-7))
    opts = {
        "solver": sv.get("method", "choose"),
        "threads": threads,
        "primal_feasibility_tolerance": tol,
        "dual_feasibility_tolerance": tol,
        "random_seed": 0,
    }
    if time_limit:
        opts["time_limit"] = float(time_limit)
    return opts


def rolling_like_nagrid(n, sns, window: int, overlap: int, solve_kw: dict) -> None:
    """Rolling horizon with nagrid's sequential semantics (crates/opf/src/rolling.rs).

    Windows start every `window` hours and are solved over `window + overlap`
    hours, as PyPSA's `optimize_with_rolling_horizon(horizon=window + overlap,
    overlap=overlap)`; each window starts from the state of charge at the end of
    the previous window's committed hours, exactly as that function hands it
    over. Two differences from the PyPSA function, which is why its loop is
    written out here (same `n.optimize` call per window):
      * storage marked cyclic is cyclic within the first window only;
      * in the last window it must end at the state the first window started
        from (so the stitched horizon is cyclic), via `state_of_charge_set`.
    """
    su = n.storage_units
    cyclic = su["cyclic_state_of_charge"].copy() if len(su) else None
    starts = list(range(0, len(sns), window))
    first_soc = None
    for k, start in enumerate(starts):
        part = sns[start: min(len(sns), start + window + overlap)]
        logging.getLogger(__name__).info("window %d/%d: %s .. %s", k + 1, len(starts), part[0], part[-1])
        if k > 0 and len(su):
            su["state_of_charge_initial"] = n.storage_units_t.state_of_charge.loc[sns[start - 1]].reindex(su.index).to_numpy()
            su["cyclic_state_of_charge"] = False
        if k == len(starts) - 1 and k > 0 and len(su) and cyclic.any():
            target = first_soc.where(cyclic)  # NaN: no condition on the final state
            n.storage_units_t.state_of_charge_set = n.storage_units_t.state_of_charge_set.reindex(columns=su.index)
            n.storage_units_t.state_of_charge_set.loc[sns[-1]] = target.to_numpy()
        status, condition = n.optimize(part, **solve_kw)
        if status != "ok":
            raise RuntimeError(f"window {k + 1}: {status} {condition}")
        if k == 0 and len(su):
            # cyclic: the state before the first hour is the state after the window's last hour
            first_soc = n.storage_units_t.state_of_charge.loc[part[-1]].reindex(su.index)
    if len(su):
        su["cyclic_state_of_charge"] = cyclic


def worker(args) -> None:
    """Solve one case with PyPSA and write a JSON result (timings, objective)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s", stream=sys.stderr)
    t0 = time.perf_counter()
    import pypsa  # noqa: F401  (import time counted in 'read')

    case = read_case(Path(args.case), args.hours)
    t_read = time.perf_counter()
    n = build_network(case)
    t_net = time.perf_counter()
    opts = highs_options(case.study, args.threads, args.time_limit)
    solve_kw = dict(solver_name="highs", io_api=args.io_api, **opts)
    sns = n.snapshots
    res: dict = {"mode": args.mode, "hours": len(sns), "highs_options": opts, "io_api": args.io_api}
    if args.mode == "single":
        n.optimize.create_model(snapshots=sns)
        t_build = time.perf_counter()
        # partial result, in case the solve is killed (time limit, memory)
        Path(args.json).write_text(json.dumps(dict(res, status="built, not solved", build_s=t_build - t_net,
                                                   read_s=t_read - t0, network_s=t_net - t_read,
                                                   columns=int(n.model.nvars), rows=int(n.model.ncons)), indent=1))
        status, condition = n.optimize.solve_model(**solve_kw)
        t_solve = time.perf_counter()
        m = n.model
        res.update(
            status=status,
            condition=str(condition),
            build_s=t_build - t_net,
            solve_call_s=t_solve - t_build,
            highs_run_time_s=float(m.solver_model.getRunTime()) if getattr(m, "solver_model", None) is not None else None,
            columns=int(m.nvars),
            rows=int(m.ncons),
            objective_usd=(float(n.objective) + float(getattr(n, "objective_constant", 0.0) or 0.0)) if status == "ok" else None,
        )
    else:
        window, overlap = args.window, args.overlap
        if args.rolling_semantics == "nagrid":
            rolling_like_nagrid(n, sns, window, overlap, solve_kw)
        else:
            # PyPSA's own semantics: every window sees the case's storage settings
            # (storage marked cyclic is cyclic within each window).
            n.optimize.optimize_with_rolling_horizon(snapshots=sns, horizon=window + overlap, overlap=overlap, **solve_kw)
        t_solve = time.perf_counter()
        p = n.generators_t.p.loc[sns]
        ok = bool(p.notna().all().all())
        res.update(
            status="ok" if ok else "incomplete",
            windows=math.ceil(len(sns) / window),
            rolling_semantics=args.rolling_semantics,
            build_and_solve_s=t_solve - t_net,
        )
    t_end = time.perf_counter()
    if res["status"] == "ok":
        res["cost"] = dispatch_cost(n, sns)
        res["generation_by_technology_mwh"] = generation_by_technology(n, sns)
        if args.mode != "single":
            res["objective_usd"] = res["cost"]["total_usd"]
    res.update(read_s=t_read - t0, network_s=t_net - t_read, total_s=t_end - t0)
    res["versions"] = versions()
    Path(args.json).write_text(json.dumps(res, indent=1))


def versions() -> dict:
    out = {"python": platform.python_version()}
    for mod in ("pypsa", "linopy", "highspy", "pandas", "numpy", "xarray"):
        try:
            from importlib.metadata import version

            out[mod] = version(mod)
        except Exception:  # noqa: BLE001
            out[mod] = None
    return out


# --------------------------------------------------------------------------- #
# Orchestration
# --------------------------------------------------------------------------- #


@dataclass
class Measured:
    """One run of one tool: what /usr/bin/time saw, and what the tool reported."""

    tool: str
    label: str
    command: list[str]
    wall_s: float | None = None
    max_rss_mb: float | None = None
    exit_code: int | None = None
    report: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return self.__dict__


def time_v(cmd: list[str], log: Path, timeout: float | None = None, env: dict | None = None,
           mem_limit_gb: float | None = None) -> tuple[int, float, float | None]:
    """Run `cmd` under /usr/bin/time -v; return exit code, wall time, peak RSS (MB).
    `mem_limit_gb` caps the address space (RLIMIT_AS) so that a run too large for
    the machine fails by itself instead of waking the OOM killer."""
    def limit():
        if mem_limit_gb:
            import resource

            b = int(mem_limit_gb * 2**30)
            resource.setrlimit(resource.RLIMIT_AS, (b, b))

    tv = log.with_suffix(".time.txt")
    full = ["/usr/bin/time", "-v", "-o", str(tv)] + cmd
    t0 = time.perf_counter()
    with open(log, "w") as fh:
        try:
            rc = subprocess.run(full, stdout=fh, stderr=subprocess.STDOUT, timeout=timeout, env=env, preexec_fn=limit).returncode
        except subprocess.TimeoutExpired:
            rc = -9
    wall = time.perf_counter() - t0
    rss = None
    if tv.exists():
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", tv.read_text())
        if m:
            rss = int(m.group(1)) / 1024
    return rc, wall, rss


def toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):  # a sub-table such as [load.base_growth_pct_per_year], inline
        return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(x)}" for k, x in v.items()) + "}"
    raise TypeError(v)


def write_toml(d: dict) -> str:
    top = [f"{k} = {toml_value(v)}" for k, v in d.items() if not isinstance(v, dict)]
    out = "\n".join(top) + "\n"
    for k, v in d.items():
        if isinstance(v, dict):
            out += f"\n[{k}]\n" + "".join(f"{kk} = {toml_value(vv)}\n" for kk, vv in v.items())
    return out


def nagrid_case_variant(case: Path, dest: Path, solver: dict) -> Path:
    """A case folder sharing `case`'s data files (symlinks) with its own study.toml."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for item in case.iterdir():
        if item.name != "study.toml":
            (dest / item.name).symlink_to(item.resolve())
    study = tomllib.loads((case / "study.toml").read_text())
    study.setdefault("solver", {}).update(solver)
    (dest / "study.toml").write_text(write_toml(study))
    return dest


def run_nagrid(args, label: str, hours: int | None, solver: dict) -> Measured:
    wd = Path(args.work) / label / "nagrid"
    variant = nagrid_case_variant(Path(args.case), wd / "case", solver)
    out = wd / "run"
    if out.exists():
        shutil.rmtree(out)
    cmd = [str(args.nagrid), "run", str(variant), "--out", str(out), "--quiet"]
    if hours:
        cmd[3:3] = ["--hours", str(hours)]
    limit = solver.get("time_limit_s")
    rc, wall, rss = time_v(cmd, wd / "nagrid.log", timeout=(limit + 600) if limit else None, mem_limit_gb=args.mem_limit_gb)
    m = Measured("nagrid", label, cmd, wall, rss, rc)
    if (out / "run.json").exists():
        run = json.loads((out / "run.json").read_text())
        summ = json.loads((out / "summary.json").read_text()) if (out / "summary.json").exists() else {}
        m.report = {
            "status": run["solver"]["status"],
            "objective_usd": run["solver"]["objective_usd"],
            "timings_s": run["timings_s"],
            "stats": run["solver"]["stats"],
            "rolling_gap": run.get("rolling_gap"),
            "cost": summ.get("cost"),
            "unserved_mwh": summ.get("unserved_mwh"),
            "generation_by_technology_mwh": by_technology(summ),
        }
    return m


def by_technology(summary: dict) -> dict:
    out: dict = {}
    for c in summary.get("countries", {}).values():
        for k, v in c.get("generation_by_technology_mwh", {}).items():
            out[k] = out.get(k, 0.0) + v
    return out


def highs_times(log: Path) -> list[float]:
    """'HiGHS run time' of every solve printed in a PyPSA worker's log."""
    return [float(x) for x in re.findall(r"HiGHS run time\s*:\s*([0-9.eE+-]+)", log.read_text(errors="replace"))]


def run_pypsa(args, label: str, mode: str, hours: int | None, time_limit: float | None, semantics: str) -> Measured:
    wd = Path(args.work) / label / "pypsa"
    wd.mkdir(parents=True, exist_ok=True)
    out = wd / "result.json"
    out.unlink(missing_ok=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), "worker", "--case", str(args.case), "--mode", mode,
           "--threads", str(args.threads), "--io-api", args.io_api, "--json", str(out),
           "--window", str(args.window), "--overlap", str(args.overlap), "--rolling-semantics", semantics]
    if hours:
        cmd += ["--hours", str(hours)]
    if time_limit:
        cmd += ["--time-limit", str(time_limit)]
    log = wd / "pypsa.log"
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads), OPENBLAS_NUM_THREADS=str(args.threads))
    rc, wall, rss = time_v(cmd, log, timeout=(time_limit + 900) if time_limit else None, env=env, mem_limit_gb=args.mem_limit_gb)
    m = Measured("pypsa", label, cmd, wall, rss, rc)
    if out.exists():
        m.report = json.loads(out.read_text())
        ht = highs_times(log)
        m.report["highs_solves"] = len(ht)
        m.report["highs_run_time_sum_s"] = sum(ht)
    return m


@dataclass
class Plan:
    label: str
    title: str
    mode: str  # single | rolling
    hours: int | None  # None: the case's horizon
    time_limit: float | None = None
    repeat: int = 1
    semantics: str = "nagrid"  # rolling horizon: see --rolling-semantics


def plans(args) -> list[Plan]:
    out = [Plan(f"lp{h}", f"{h} h, single LP", "single", h, repeat=args.repeat) for h in args.single_hours]
    if not args.no_rolling:
        for sem in args.rolling_semantics:
            label = "rolling" if sem == "nagrid" else "rolling-pypsa-semantics"
            note = "" if sem == "nagrid" else " (PyPSA: optimize_with_rolling_horizon as is, cyclic per window)"
            out.append(Plan(label, f"full horizon, rolling {args.window}+{args.overlap} h{note}", "rolling", None,
                            repeat=args.repeat if sem == "nagrid" else 1, semantics=sem))
    if args.full_lp:
        out.append(Plan("fulllp", f"full horizon, single LP (limit {args.full_lp_time_limit:.0f} s)", "single", None, args.full_lp_time_limit))
    if args.only:
        out = [p for p in out if p.label in args.only]
    return out


def solver_settings(args, plan: Plan) -> dict:
    s = {"threads": args.threads, "decomposition": "rolling" if plan.mode == "rolling" else "none"}
    if plan.mode == "rolling":
        s.update(window_hours=args.window, overlap_hours=args.overlap, parallel_windows=False)
    if plan.time_limit:
        s["time_limit_s"] = float(plan.time_limit)
    return s


def run_plan(args, plan: Plan) -> dict:
    res_file = Path(args.work) / plan.label / "measured.json"
    if args.reuse and res_file.exists():
        print(f"[{plan.label}] reusing {res_file}", file=sys.stderr)
        return json.loads(res_file.read_text())
    reps = []
    for i in range(plan.repeat):
        tag = f"[{plan.label} {i + 1}/{plan.repeat}]"
        print(f"{tag} nagrid ...", file=sys.stderr, flush=True)
        ng = run_nagrid(args, plan.label, plan.hours, solver_settings(args, plan))
        print(f"{tag} nagrid {ng.wall_s:.1f} s, rc {ng.exit_code}; PyPSA ...", file=sys.stderr, flush=True)
        pp = run_pypsa(args, plan.label, plan.mode, plan.hours, plan.time_limit, plan.semantics)
        print(f"{tag} PyPSA {pp.wall_s:.1f} s, rc {pp.exit_code}", file=sys.stderr, flush=True)
        reps.append((ng.to_json(), pp.to_json()))
    d = {"plan": plan.__dict__, "nagrid_info": args.nagrid_info, "date_utc": f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M}",
         "nagrid": median_run([r[0] for r in reps]), "pypsa": median_run([r[1] for r in reps])}
    res_file.parent.mkdir(parents=True, exist_ok=True)
    res_file.write_text(json.dumps(d, indent=1))
    return d


def median_run(runs: list[dict]) -> dict:
    """The run with the median wall time, with the wall times of all repetitions."""
    runs = sorted(runs, key=lambda r: r["wall_s"] if r["wall_s"] is not None else math.inf)
    out = dict(runs[len(runs) // 2])
    out["wall_all_s"] = [r["wall_s"] for r in runs]
    return out


def wall_cell(m: dict) -> str:
    w = m.get("wall_all_s") or [m["wall_s"]]
    if len(w) < 2:
        return fmt(m["wall_s"], ".2f")
    return f"{m['wall_s']:.2f} ({min(w):.2f}–{max(w):.2f}, n={len(w)})"


def add(a, b):
    return None if a is None or b is None else a + b


def rel_diff(a, b):
    if a is None or b is None:
        return None
    return abs(a - b) / max(abs(a), abs(b), 1.0)


def fmt(x, spec=".1f", none="—"):
    return none if x is None else format(x, spec)


def size(cols, rows, windows=None, started_from_rolling=False) -> str:
    if cols is None:
        return f"{windows} windows" if windows else "—"
    s = f"{cols:,} × {rows:,}"
    if started_from_rolling:
        # WS3: one LP over the horizon, its simplex started from the rolling horizon's
        # dispatch (the windows are solved first; `windows` counts them and the LP).
        return s + f" (started from {windows - 1} rolling windows)"
    return s + (f" (largest of {windows} windows)" if windows and windows > 1 else "")


def table(results: list[dict], rtol: float) -> str:
    head = ("| run | tool | status | wall s (time -v; median, range) | read + prepare s | model build s | solve s | HiGHS s | peak RSS MB | LP columns × rows | objective USD | rel. diff |\n"
            "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
    rows = []
    for r in results:
        ng, pp = r["nagrid"], r["pypsa"]
        nr, pr = ng["report"], pp["report"]
        nobj, pobj = nr.get("objective_usd"), pr.get("objective_usd")
        rd = rel_diff(nobj, pobj)
        t = nr.get("timings_s", {})
        st = nr.get("stats", {})
        mark = ""
        if rd is not None and r["plan"]["mode"] == "single":
            mark = " ✓" if rd <= rtol else " ✗"
        rows.append(
            f"| {r['plan']['title']} | nagrid | {nr.get('status', 'rc ' + str(ng['exit_code']))} | {wall_cell(ng)} | {fmt(t.get('read_s'), '.2f')} | "
            f"{fmt(t.get('build_s'), '.2f')} | {fmt(t.get('solve_s'), '.2f')} | {fmt(st.get('solve_s'), '.2f')} | "
            f"{fmt(ng['max_rss_mb'], '.0f')} | {size(st.get('columns'), st.get('rows'), st.get('windows'), bool(st.get('start_simplex_iterations')))} | {fmt(nobj, ',.2f')} | |"
        )
        if r["plan"]["mode"] == "single":
            build, solve, hs = pr.get("build_s"), pr.get("solve_call_s"), pr.get("highs_run_time_s")
        else:
            hs = pr.get("highs_run_time_sum_s")
            bs = pr.get("build_and_solve_s")
            build, solve = (bs - hs if bs is not None and hs is not None else None), hs
        rows.append(
            f"| | PyPSA | {pr.get('status', 'rc ' + str(pp['exit_code']))} | {wall_cell(pp)} | "
            f"{fmt(add(pr.get('read_s'), pr.get('network_s')), '.2f')} | {fmt(build, '.2f')} | {fmt(solve, '.2f')} | {fmt(hs, '.2f')} | {fmt(pp['max_rss_mb'], '.0f')} | "
            f"{size(pr.get('columns'), pr.get('rows'), pr.get('windows'))} | "
            f"{fmt(pobj, ',.2f')} | {fmt(rd, '.1e')}{mark} |"
        )
    return head + "\n".join(rows) + "\n"


def gaps(results: list[dict]) -> str:
    """Cost of the stitched rolling-horizon dispatch against the single LP, per tool."""
    by = {r["plan"]["label"]: r for r in results}
    if "fulllp" not in by:
        return ""
    out = []
    for lab, r in by.items():
        if r["plan"]["mode"] != "rolling":
            continue
        for tool in ("nagrid", "pypsa"):
            a = r[tool]["report"].get("objective_usd")
            b = by["fulllp"][tool]["report"].get("objective_usd")
            if a is not None and b is not None:
                out.append(f"- {lab}, {tool}: rolling − single LP = {a - b:,.0f} USD ({(a - b) / b:+.2e} relative)")
    return ("Rolling horizon against the full-horizon single LP:\n\n" + "\n".join(out) + "\n") if out else ""


def binaries(args, results: list[dict]) -> str:
    """Which nagrid binary each run used (the repository's binary changes often)."""
    seen: dict = {}
    for r in results:
        info = r.get("nagrid_info") or args.nagrid_info
        seen.setdefault(info["sha256"], (info, []))[1].append(r["plan"]["label"])
    parts = [
        f"sha256 {sha[:16]}… (copy of `{info['source']}`, tree at commit {info['head']} with "
        f"{info['dirty_files']} files changed or untracked) for {', '.join(labels)}"
        for sha, (info, labels) in seen.items()
    ]
    return "nagrid binary: " + "; ".join(parts) + "."


def machine() -> str:
    def sh(c):
        try:
            return subprocess.run(c, shell=True, capture_output=True, text=True).stdout.rstrip()
        except Exception:  # noqa: BLE001
            return "?"

    cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
    return f"`nproc` = {sh('nproc')}; CPU: {cpu}\n\n```\n$ free -g\n{sh('free -g')}\n```"


def report(args, results: list[dict]) -> str:
    v = next((r["pypsa"]["report"].get("versions") for r in results if r["pypsa"]["report"].get("versions")), versions())
    ng_version = subprocess.run([str(args.nagrid), "--version"], capture_output=True, text=True).stdout.strip()
    dates = sorted(r.get("date_utc", "?") for r in results)
    cmds = "\n".join(
        f"{r['plan']['label']}:\n  nagrid: {' '.join(r['nagrid']['command'])}\n  PyPSA:  {' '.join(r['pypsa']['command'])}" for r in results
    )
    ac = {
        "transport": "`transport` formulation: AC lines are transfer limits (PyPSA: bidirectional Links)",
        "dc": ("`dc` formulation: Kirchhoff's laws on AC lines (PyPSA: Lines, linearised power flow, "
               f"x = x_pu · ({V_NOM_KV:g} kV)² / {BASE_MVA:g} MVA, s_nom = s_max_mw); HVDC links controllable"),
    }[args.formulation]
    lines = [
        f"# nagrid vs PyPSA + HiGHS: {args.formulation} formulation",
        "",
        f"Measured: {dates[0]} to {dates[-1]} UTC (runs finished). Case: `{args.case}`; {ac}.",
        "",
        f"Machine: {machine()}",
        "",
        binaries(args, results),
        "",
        f"Versions: {ng_version}; " + ", ".join(f"{k} {val}" for k, val in v.items()) + ".",
        "",
        f"HiGHS options on both sides: method from study.toml (`choose`), threads = {args.threads}, primal/dual "
        f"feasibility tolerance from study.toml, random_seed = 0; PyPSA passes the model to HiGHS with io_api = `{args.io_api}`.",
        "",
        "Columns: *wall s* is the whole process under `/usr/bin/time -v` (interpreter start, reading, building, "
        "solving, and for nagrid writing its run folder); *read + prepare s* is nagrid's `timings_s.read_s` and, for "
        "PyPSA, `import pypsa`, reading the CSV files and building the Network; *model build s* is nagrid's `timings_s.build_s` and, for "
        "PyPSA, `create_model` (single LP) or the time outside HiGHS in all windows (rolling: build + transfer + "
        "results); *solve s* is nagrid's `timings_s.solve_s` and PyPSA's `solve_model` call (single LP: incl. "
        "passing the matrix to HiGHS and reading back the solution) or the sum of HiGHS run times (rolling); *HiGHS s* "
        "is the time inside HiGHS (nagrid: `solver.stats.solve_s`; PyPSA: HiGHS's run time, summed over windows, "
        "printed with 0.01 s resolution). Rolling-horizon objectives are the cost of the stitched dispatch, "
        f"recomputed from primal values on both sides. ✓/✗: single-LP objectives agree to {args.rtol:g} relative.",
        "",
        table(results, args.rtol),
        gaps(results),
        "Commands (each under `/usr/bin/time -v`, one at a time):",
        "",
        "```",
        f"{sys.executable} {' '.join(sys.argv)}" + ("   # table assembled from the stored runs below" if args.reuse else ""),
        cmds,
        "```",
        "",
    ]
    notes = Path(args.notes) if args.notes else None
    if notes and notes.exists():
        lines += [notes.read_text()]
    return "\n".join(lines)


def ensure_case(args) -> None:
    """The case folder: --case, or the synthetic case of --formulation written into
    --work. Sets args.formulation to the case's [model] formulation."""
    if args.case:
        args.case = str(Path(args.case).resolve())
    else:
        tag = "" if args.formulation == "transport" else f"{args.formulation}-"
        case = Path(args.work).resolve() / f"synthetic-{tag}{args.regions}-seed{args.seed}"
        if not case.exists():
            case.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run([str(args.nagrid), "synthetic", str(case), "--regions", str(args.regions),
                            "--hours", str(args.synthetic_hours), "--seed", str(args.seed),
                            "--formulation", args.formulation], check=True, stdout=subprocess.DEVNULL)
        args.case = str(case)
    found = formulation_of(tomllib.loads((Path(args.case) / "study.toml").read_text()))
    if args.case_given and args.formulation_given and found != args.formulation:
        raise SystemExit(f"--formulation {args.formulation}, but {args.case}/study.toml has formulation {found!r}")
    args.formulation = found


def write_results_md(path: Path, formulation: str, md: str) -> None:
    """Write this formulation's section of RESULTS.md, keeping the other's.

    Each section lies between two marker comments. A file without markers is the
    report of an earlier version of this script (transport only) and becomes the
    transport section."""
    begin = lambda f: f"<!-- compare_pypsa.py {f}: begin -->"  # noqa: E731
    end = lambda f: f"<!-- compare_pypsa.py {f}: end -->"  # noqa: E731
    text = path.read_text() if path.exists() else ""
    if text.strip() and "<!-- compare_pypsa.py " not in text:
        text = f"{begin('transport')}\n{text.rstrip()}\n{end('transport')}\n"
    sections = {}
    for f in ("transport", "dc"):
        m = re.search(re.escape(begin(f)) + r"\n(.*?)" + re.escape(end(f)), text, re.S)
        if m:
            sections[f] = m.group(1).rstrip() + "\n"
    sections[formulation] = md.rstrip() + "\n"
    order = ["transport", "dc"]
    path.write_text("\n".join(f"{begin(f)}\n{sections[f]}{end(f)}\n" for f in order if f in sections))


def snapshot_binary(args) -> None:
    """Run a private copy of the nagrid binary: the repository's may be rebuilt
    while the comparison runs. Records its sha256 and the repository's commit."""
    import hashlib

    src = Path(args.nagrid).resolve()
    for _ in range(60):  # a rebuild in progress: wait for the binary to settle
        try:
            data = src.read_bytes()
            time.sleep(1)
            if data == src.read_bytes():
                break
        except FileNotFoundError:
            time.sleep(5)
    sha = hashlib.sha256(data).hexdigest()
    dest = Path(args.work) / "bin" / f"nagrid-{sha[:12]}"
    if not dest.exists():
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
        dest.chmod(0o755)
    git = lambda *a: subprocess.run(["git", "-C", str(REPO), *a], capture_output=True, text=True).stdout.strip()  # noqa: E731
    args.nagrid_info = {
        "source": str(src),
        "sha256": sha,
        "head": git("rev-parse", "--short", "HEAD"),
        "dirty_files": len(git("status", "--porcelain").splitlines()),
    }
    args.nagrid = str(dest)


def compare(args) -> None:
    args.case_given, args.formulation_given = args.case is not None, args.formulation is not None
    args.formulation = args.formulation or "transport"
    if args.work is None:
        # separate run folders per formulation (--reuse takes what is there)
        args.work = str(DEFAULT_WORK if args.formulation == "transport" else DEFAULT_WORK / args.formulation)
    args.work = str(Path(args.work).resolve())
    snapshot_binary(args)
    ensure_case(args)
    try:  # stop before any run when the case has features the PyPSA network cannot carry
        read_case(Path(args.case), 1)
    except NotImplementedError as e:
        raise SystemExit(f"{args.case}: {e}")
    if args.notes is None:
        args.notes = str(HERE / ("NOTES.md" if args.formulation == "transport" else f"NOTES-{args.formulation}.md"))
    results = [run_plan(args, p) for p in plans(args)]
    md = report(args, results)
    print(md)
    if args.results_md:
        write_results_md(Path(args.results_md), args.formulation, md)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd")

    def common(p):
        p.add_argument("--threads", type=int, default=1, help="HiGHS threads on both sides (default 1)")
        p.add_argument("--io-api", default="direct", choices=["direct", "lp", "mps"], help="how linopy passes the LP to HiGHS")
        p.add_argument("--window", type=int, default=168, help="committed hours per rolling window")
        p.add_argument("--overlap", type=int, default=24, help="look-ahead hours per rolling window")

    c = sub.add_parser("compare", help="run both tools and write the table (default)")
    common(c)
    c.add_argument("--case", help="nagrid case folder (default: write the synthetic case into --work); "
                   "its formulation is read from its study.toml")
    c.add_argument("--formulation", choices=["transport", "dc"],
                   help="formulation of the synthetic case (default transport): dc is Kirchhoff's law on a meshed grid, "
                        "AC lines as PyPSA Lines. Default --work is results/ for transport and results/dc/ for dc")
    c.add_argument("--regions", type=int, default=30)
    c.add_argument("--seed", type=int, default=1)
    c.add_argument("--synthetic-hours", type=int, default=8760)
    c.add_argument("--nagrid", default=str(DEFAULT_NAGRID), help="nagrid binary")
    c.add_argument("--work", help="scratch folder for runs and logs (default: results/, or results/<formulation>/)")
    c.add_argument("--single-hours", type=int, nargs="*", default=[168, 720], help="single-LP horizons (hours)")
    c.add_argument("--no-rolling", action="store_true", help="skip the rolling-horizon run")
    c.add_argument("--full-lp", action="store_true", help="also try the whole horizon as one LP")
    c.add_argument("--full-lp-time-limit", type=float, default=1500.0, help="seconds (HiGHS time_limit on both sides)")
    c.add_argument("--only", nargs="*", help="run only these labels (lp168, lp720, rolling, fulllp)")
    c.add_argument("--repeat", type=int, default=3, help="repetitions of each run except the full-horizon LP (median wall time reported)")
    c.add_argument("--reuse", action="store_true", help="reuse measured.json of runs already done in --work")
    c.add_argument("--mem-limit-gb", type=float, default=14.0, help="address-space cap per run (0: none)")
    c.add_argument("--rtol", type=float, default=1e-6, help="relative tolerance for single-LP objectives")
    c.add_argument("--results-md", default=str(HERE / "RESULTS.md"),
                   help="where to write the Markdown ('' for nowhere); replaces the section of the case's formulation only")

    sem_help = ("nagrid: nagrid's sequential windows (cyclic storage cyclic in the first window, state handed over, "
                "last window ends where the first started); pypsa: optimize_with_rolling_horizon as is (cyclic in every window)")
    c.add_argument("--rolling-semantics", choices=["nagrid", "pypsa"], nargs="+", default=["nagrid"], help=sem_help)
    c.add_argument("--notes", help="Markdown appended to the report when the file exists "
                                   "(default NOTES.md, NOTES-dc.md for the dc formulation)")

    w = sub.add_parser("worker", help="internal: one PyPSA run in this process")
    common(w)
    w.add_argument("--rolling-semantics", choices=["nagrid", "pypsa"], default="nagrid", help=sem_help)
    w.add_argument("--case", required=True)
    w.add_argument("--mode", choices=["single", "rolling"], required=True)
    w.add_argument("--hours", type=int)
    w.add_argument("--time-limit", type=float)
    w.add_argument("--json", required=True)

    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in ("compare", "worker", "-h", "--help"):
        argv = ["compare"] + argv
    args = ap.parse_args(argv)
    if args.cmd == "worker":
        worker(args)
    else:
        compare(args)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Builds the hourly load, renewable profiles and hydro budgets of inputs/north-america-2024
for 2020-01-01T00:00Z .. 2024-12-31T23:00Z (43,848 hour-beginning UTC stamps):

  series/loads-p_mw.csv           one column per region of inputs/north-america/regions.csv
  series/generators-p_max_pu.csv  <region>_wind, <region>_solar, <region>_hydro_ror profiles
  hydro_budgets.csv               generator, year, month, energy_mwh (2020-2024)
  renewables.csv                  capacity factors used for the study year 2024
  tools/renewables_by_year.csv    capacity factors used for each year
  tools/load_check.md             annual energy / peak tables (pasted into SOURCES.load.md)

US load: EIA-930 as cleaned by Ruggles et al. (../shared/data/load/eia930_cleaned; UTC,
hour-ENDING stamps -> shifted by -1 h). Canada and Mexico: the synthetic hourly shape of
nagrid's load crate ([load] source = "forecast" of inputs/north-america, run for each year
through `nagrid run` on a temporary copy whose only generators are one large unit per region,
so each unit's output is that region's load), scaled per year to published annual energy and
peak. Wind/solar/run-of-river: `nagrid series` on a temporary copy of inputs/north-america
with the study year set to each year. All sources and grades: ../SOURCES.load.md.

Deterministic (fixed seed; no clock, no network). Stdlib only. The nagrid binary is taken from
$NAGRID, else <repo>/target/release/nagrid, else /work/main/target/release/nagrid, else PATH.
"""
import csv
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
CASE = os.path.normpath(os.path.join(HERE, ".."))
REPO = os.path.normpath(os.path.join(CASE, "..", ".."))
BASE = os.path.join(REPO, "inputs", "north-america")
# Capacities that set the renewable capacity factors and split the national hydro energy: the fleet snapshot
# build_fleet.py starts from (one row per region and technology). Not the default case's generators.csv, which
# build_fleet.py rewrites with vintage and planned rows (reading it, the last row of a region and technology won).
SNAPSHOT = os.path.join(HERE, "base")
EIA = os.environ.get("EIA930_DIR", os.path.normpath(os.path.join(REPO, "..", "..", "shared", "data", "load", "eia930_cleaned")))
if not os.path.isdir(EIA):
    EIA = "/work/shared/data/load/eia930_cleaned"
YEARS = [2020, 2021, 2022, 2023, 2024]
T0 = datetime(2020, 1, 1, tzinfo=timezone.utc)
NH = 43848
SEED = 1


def nagrid_bin():
    for p in [os.environ.get("NAGRID"), os.path.join(REPO, "target", "release", "nagrid"), "/work/main/target/release/nagrid"]:
        if p and os.path.isfile(p):
            return p
    p = shutil.which("nagrid")
    if not p:
        sys.exit("nagrid binary not found (set NAGRID)")
    return p


def stamps():
    return [(T0 + timedelta(hours=i)) for i in range(NH)]


def year_index():
    """Hour indices of each calendar year in the 43,848-hour axis."""
    out, i = {}, 0
    for y in YEARS:
        n = 8784 if y % 4 == 0 else 8760
        out[y] = range(i, i + n)
        i += n
    assert i == NH
    return out


YI = year_index()
STAMPS = stamps()


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


# ------------------------------------------------------------------------------------ US load
# Region -> EIA-930 series (file under eia930_cleaned/). See SOURCES.load.md "BA -> region".
DIRECT = {
    "us_ercot": "regions/TEX", "us_cal": "regions/CAL", "us_sw": "regions/SW", "us_spp": "regions/CENT",
    "us_pjm": "regions/MIDA", "us_nyiso": "regions/NY", "us_isone": "regions/NE", "us_se": "regions/SE",
    "us_car": "regions/CAR", "us_fl": "regions/FLA",
}
# Fact sheet §1.2 member-BA sums (EIA-930 cleaned, TWh): used to scale member-BA shapes.
FS_TWH = {
    "us_nw": {2023: 163.9, 2024: 165.9},      # BPAT + PACW + PGE + PSEI + AVA + SCL + GCPD + TPWR + DOPD + CHPD
    "us_basin": {2023: 119.5, 2024: 124.6},   # PACE + NEVP + IPCO + NWMT
    "lgee_aeci": {2023: 36.1 + 23.7, 2024: 37.7 + 21.8},  # LGEE + AECI (in EIA region MIDW; case puts them in us_tva)
}


def eia(name):
    """Hourly cleaned demand (MW), shifted to hour-beginning stamps 2020-01-01T00 .. 2024-12-31T23.

    EIA stamp T (hour ending) -> hour beginning T-1h: the first EIA row (2020-01-01 00:00 = hour
    2019-12-31T23) is dropped; the last hour 2024-12-31T23 (EIA stamp 2025-01-01 00:00, not in the
    data) repeats 2024-12-31T22 (persistence)."""
    with gzip.open(os.path.join(EIA, name + ".csv.gz"), "rt") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == NH and rows[0]["date_time"] == "2020-01-01 00:00:00", name
    v = [float(r["cleaned demand (MW)"]) for r in rows]
    return v[1:] + [v[-1]]


def annual(v, y):
    return sum(v[i] for i in YI[y])


def scale_to(shape, target_twh_by_year):
    """Scale a member BA's shape per year to a target annual energy; years without a target use the
    mean ratio of the years with one (estimate)."""
    ratios = {y: target_twh_by_year[y] * 1e6 / annual(shape, y) for y in target_twh_by_year}
    mean = sum(ratios.values()) / len(ratios)
    out = [0.0] * NH
    used = {}
    for y in YEARS:
        k = ratios.get(y, mean)
        used[y] = k
        for i in YI[y]:
            out[i] = shape[i] * k
    return out, used


def us_loads(notes):
    L = {r: eia(f) for r, f in DIRECT.items()}
    nw_region, midw, ten = eia("regions/NW"), eia("regions/MIDW"), eia("regions/TEN")
    bpat, pace = eia("subregions_and_balancing_authorities/BPAT"), eia("subregions_and_balancing_authorities/PACE")
    L["us_nw"], k_nw = scale_to(bpat, FS_TWH["us_nw"])
    L["us_basin"], k_ba = scale_to(pace, FS_TWH["us_basin"])
    L["us_rockies"] = [nw_region[i] - L["us_nw"][i] - L["us_basin"][i] for i in range(NH)]
    x, k_x = scale_to(ten, FS_TWH["lgee_aeci"])
    L["us_tva"] = [ten[i] + x[i] for i in range(NH)]
    L["us_miso"] = [midw[i] - x[i] for i in range(NH)]
    notes["k_nw"], notes["k_basin"], notes["k_lgee_aeci"] = k_nw, k_ba, k_x
    notes["rockies_min"] = min(L["us_rockies"])
    notes["conus"] = {y: annual(eia("contiguous_US/CONUS"), y) / 1e6 for y in YEARS}
    return L


# --------------------------------------------------------------------------- Canada, Mexico
# Published annual energy (TWh) and peak (MW) per year; grade and source key in SOURCES.load.md.
# (energy_twh, peak_mw, grade) ; "E" rows are estimates flagged in SOURCES.load.md.
MX23 = {"mx_bc": (16.00, 3393), "mx_bcs": (3.26, 660), "mx_nor": (27.61, 5699), "mx_nte": (31.18, 5331), "mx_nes": (61.76, 10878),
        "mx_occ": (75.53, 11308), "mx_cen": (58.62, 8458), "mx_ori": (55.39, 8543), "mx_pen": (15.94, 2681)}
MX24 = {"mx_bc": (16.86, 3572), "mx_bcs": (3.33, 670), "mx_nor": (28.17, 5723), "mx_nte": (31.82, 5402), "mx_nes": (62.98, 11023),
        "mx_occ": (76.45, 11653), "mx_cen": (58.22, 8594), "mx_ori": (57.23, 8829), "mx_pen": (16.71, 2944)}
# Back-casting 2022 .. 2020 from 2023 (CENACE balance basis): national growth 2023/2022 +3.5 % (E);
# 2022/2021 by GCR where PRODESEN 2023-2037 gives it (S: PEN +6.8, NES +5.5, BCS +4.9, CEN +2.2,
# NOR +0.7 %; others the SEN +3.4 %); 2021/2020 +2.9 % (E: post-COVID rebound).
MX_G2223 = 0.035
MX_G2122 = {"mx_pen": 0.068, "mx_nes": 0.055, "mx_bcs": 0.049, "mx_cen": 0.022, "mx_nor": 0.007}
MX_G2122_DEFAULT = 0.034
MX_G2021 = 0.029


def mexico_targets():
    t = {}
    for r in MX23:
        e23, p23 = MX23[r]
        e24, p24 = MX24[r]
        g22 = MX_G2122.get(r, MX_G2122_DEFAULT)
        e22, p22 = e23 / (1 + MX_G2223), p23 / (1 + MX_G2223)
        e21, p21 = e22 / (1 + g22), p22 / (1 + g22)
        e20, p20 = e21 / (1 + MX_G2021), p21 / (1 + MX_G2021)
        t[r] = {2020: (e20, p20, "D/E"), 2021: (e21, p21, "D/E"), 2022: (e22, p22, "D/E"), 2023: (e23, p23, "D"), 2024: (e24, p24, "D")}
    return t


QC_LOSSES = 1.07  # E: Québec sales -> requirement incl. transmission and distribution losses
# Québec load served by industrial self-generation (issue 11 flows): StatCan's Québec hydro generation (CA_HYDRO
# below) includes the industrial producers' own hydro, above all Rio Tinto's six Saguenay-Lac-Saint-Jean stations
# (3,125 MW since 2012, La Presse 16 Nov 2012, S; ~3,300 MW, Northern Miner 2025, S), which supply ~90 % of its
# smelters (La Presse 2012, S). Their consumption is not in Hydro-Québec's sales, so the load must carry it.
# Energy: 1.2 Mt aluminium from the five wholly owned Québec smelters (Rio Tinto, 2022 figures, P) x ~14 MWh/t
# (E: Hall-Héroult specific consumption 13-15 MWh/t) x 0.90 = 15.1 TWh, = 3,125 MW at a 55 % capacity factor (D/E).
# Cross-check (D): HQ 2022 supply (sales 216.2 TWh + ~7 % losses on in-Québec sales, less Churchill Falls ~31, wind
# and other purchases ~15 TWh) leaves ~183 TWh of HQ hydro vs StatCan's 202.1 TWh Québec hydro => ~17 TWh of
# non-HQ hydro (industrial and small IPP). Smelters run flat: added as a constant 15.0 TWh / 1,710 MW (E).
QC_SELF_TWH, QC_SELF_MW = 15.0, 1710
# Manitoba: Manitoba Hydro's Gross Firm Energy (Manitoba load incl. losses, weather-adjusted) 25,355 GWh in 2015/16,
# Gross Total Peak 4,634 MW (MH 2016 Electric Load Forecast, GRA 2017/18 Appendix 7.1, P). Grown at 0.7 %/yr (D/E:
# peak 4,634 MW 2015/16 -> 4,928 MW Dec 2024, FS) to the calendar year (mid-year 2015.75 -> y + 0.5). Replaces the
# CER EF2020 end-use projection (21.3-22.1 TWh), which left out losses and was ~4.5 TWh below net energy for load.
MB_GFE_2015, MB_GROWTH = 25.355, 0.007


def mb_energy(y):
    return round(MB_GFE_2015 * (1 + MB_GROWTH) ** (y + 0.5 - 2015.75), 2)


CA_TARGETS = {
    # Ontario: IESO "Ontario demand" (year-end data); peaks IESO.
    "ca_on": {2020: (132.2, 24446, "E"), 2021: (133.8, 22930, "D/E"), 2022: (137.57, 22613, "P/D"),
              2023: (137.1, 23713, "P"), 2024: (139.7, 24300, "E")},
    # Alberta Internal Load (AESO Annual Market Statistics); 2024 avg 10,112 MW x 8,784 h.
    "ca_ab": {2020: (82.4, 11721, "E"), 2021: (84.1, 11939, "E/S"), 2022: (86.2, 12193, "E/S"),
              2023: (87.3, 12100, "E"), 2024: (88.8, 12384, "S/D")},
    # Québec: Hydro-Québec sales in Québec x losses (2021: 210.8 - 35.6 exports; 2023: 200.3 - 23.0).
    # + industrial self-supplied load QC_SELF (flat; the 42.7 GW record is HQ's system peak, so the peak target is raised too).
    "ca_qc": {2020: (170.0 * QC_LOSSES + QC_SELF_TWH, 38300 + QC_SELF_MW, "E"),
              2021: (175.2 * QC_LOSSES + QC_SELF_TWH, 38500 + QC_SELF_MW, "S/D"),
              2022: (176.5 * QC_LOSSES + QC_SELF_TWH, 40500 + QC_SELF_MW, "E"),
              2023: (177.3 * QC_LOSSES + QC_SELF_TWH, 42700 + QC_SELF_MW, "S/D"),
              2024: (176.0 * QC_LOSSES + QC_SELF_TWH, 40000 + QC_SELF_MW, "E")},
    # British Columbia: 65.6 TWh CER EF2020 2023 projection held flat with +1 %/yr (E); BC Hydro peaks.
    "ca_bc": {2020: (63.7, 10300, "E"), 2021: (64.3, 10902, "E/S"), 2022: (65.0, 10977, "E/S"),
              2023: (65.6, 10800, "E"), 2024: (66.3, 11300, "E/S")},
    "ca_sk": {2020: (23.2, 3700, "E"), 2021: (23.4, 3800, "E"), 2022: (23.7, 3910, "E/S"), 2023: (23.9, 3850, "E"), 2024: (24.1, 3900, "E")},
    # Manitoba Hydro Gross Firm Energy (P, 2015/16) grown 0.7 %/yr (D/E): 26.21 / 26.39 / 26.58 / 26.76 / 26.95 TWh.
    "ca_mb": {2020: (mb_energy(2020), 4700, "D/E"), 2021: (mb_energy(2021), 4750, "D/E"), 2022: (mb_energy(2022), 4800, "D/E"),
              2023: (mb_energy(2023), 4850, "D/E"), 2024: (mb_energy(2024), 4928, "D/E,S")},
    "ca_mar": {2020: (25.0, 5700, "E"), 2021: (25.3, 5760, "E"), 2022: (25.5, 5830, "E"), 2023: (25.8, 5890, "E"), 2024: (26.1, 5950, "E")},
    "ca_nl": {2020: (10.1, 2300, "E"), 2021: (10.2, 2320, "E"), 2022: (10.3, 2350, "E"), 2023: (10.4, 2374, "E"), 2024: (10.5, 2400, "E")},
}


def temp_case(tmp, year):
    """Copy of inputs/north-america for `year`."""
    d = os.path.join(tmp, f"case{year}")
    shutil.copytree(BASE, d)
    toml = os.path.join(d, "study.toml")
    with open(toml) as f:
        lines = [f"study_year = {year}" if ln.startswith("study_year") else ln for ln in f.read().split("\n")]
    with open(toml, "w") as f:
        f.write("\n".join(lines))
    for f in ["compare.toml"]:
        if os.path.exists(os.path.join(d, f)):
            os.remove(os.path.join(d, f))
    year_targets(os.path.join(d, "load", "regions_load.csv"), year)
    return d


def year_targets(path, year):
    """Sets the Canadian and Mexican rows of regions_load.csv to `year`'s published energy and peak (base year = `year`,
    so no growth is applied), so the synthesis's own scaling meets them and its summer/winter peak ratio (LD1) holds for
    the year's load factor; the affine map of ca_mx_loads then only adds what the synthesis does not carry (Québec's
    flat self-supplied load, the data-center load of the default case). Without it, the affine map from the default
    case's base-year load factor pulled the ratio towards 1 (Québec 0.62-0.74 for a 0.53 target)."""
    targets = dict(CA_TARGETS)
    targets.update(mexico_targets())
    with open(path) as f:
        rows = list(csv.reader(f))
    head = rows[0]
    ib, ie, ip = head.index("base_year"), head.index("annual_energy_mwh"), head.index("peak_mw")
    for row in rows[1:]:
        t = targets.get(row[0])
        if t is None:
            continue
        e, p, _ = t[year]
        if row[0] == "ca_qc":
            e, p = e - QC_SELF_TWH, p - QC_SELF_MW
        row[ib], row[ie], row[ip] = str(year), str(round(e * 1e6)), str(round(p))
    with open(path, "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def synthetic_shapes(tmp, regions, all_regions, nagrid):
    """Hourly synthetic load (MW) of `regions`, 2020-2024, from the forecast synthesis."""
    out = {r: [] for r in regions}
    for y in YEARS:
        d = temp_case(tmp, y)
        for f in ["series/generators-p_max_pu.csv", "hydro_budgets.csv", "storage.csv"]:
            os.remove(os.path.join(d, f))
        for f in ["lines.csv", "links.csv"]:
            with open(os.path.join(d, f)) as fh:
                head = fh.readline()
            with open(os.path.join(d, f), "w") as fh:
                fh.write(head)
        with open(os.path.join(d, "generators.csv"), "w") as fh:
            fh.write("id,region,technology,p_max_mw,p_min_mw,marginal_cost_usd_per_mwh,co2_t_per_mwh\n")
            for r in all_regions:
                fh.write(f"{r}_supply,{r},gas_ct,1000000,0,50,0\n")
        outdir = os.path.join(tmp, f"run{y}")
        subprocess.run([nagrid, "run", d, "--out", outdir], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        rows = read(os.path.join(outdir, "generators-p_mw.csv"))
        assert len(rows) == len(YI[y]), (y, len(rows))
        assert rows[0]["timestamp"] == f"{y}-01-01T00:00:00Z"
        for r in regions:
            out[r].extend(float(row[f"{r}_supply"]) for row in rows)
    return out


def affine(shape, idx, energy_twh, peak_mw):
    """a + b*shape over the hours idx with the given energy and peak."""
    s = [shape[i] for i in idx]
    mean_s, max_s = sum(s) / len(s), max(s)
    mean_t = energy_twh * 1e6 / len(s)
    b = (peak_mw - mean_t) / (max_s - mean_s)
    a = mean_t - b * mean_s
    v = [a + b * x for x in s]
    assert min(v) > 0.25 * mean_t, ("shape scaling gives too low a minimum", energy_twh, peak_mw, min(v))
    return v


def ca_mx_loads(synth):
    targets = dict(CA_TARGETS)
    targets.update(mexico_targets())
    L = {}
    for r, t in targets.items():
        v = []
        for y in YEARS:
            e, p, _ = t[y]
            v.extend(affine(synth[r], YI[y], e, p))
        L[r] = v
    return L, targets


# ------------------------------------------------------------------------- renewables
# US fleet capacity factors (EIA Electric Power Monthly Table 6.07.B / EPA Table 4.08.B).
US_FLEET = {  # year: (wind, utility PV, grade)
    2020: (0.353, 0.242, "P"), 2021: (0.344, 0.244, "P/E"), 2022: (0.359, 0.244, "S/E"),
    2023: (0.335, 0.233, "S/E"), 2024: (0.343, 0.234, "E"),
}


def renewable_cfs():
    base = {r["region"]: (float(r["wind_cf"]), float(r["solar_cf"])) for r in read(os.path.join(BASE, "renewables.csv"))}
    cap = {}
    for g in read(os.path.join(SNAPSHOT, "generators.csv")):
        cap[(g["region"], g["technology"])] = cap.get((g["region"], g["technology"]), 0) + float(g["p_max_mw"])
    us = [r for r in base if r.startswith("us_")]
    wref = sum(base[r][0] * cap.get((r, "wind"), 0) for r in us) / sum(cap.get((r, "wind"), 0) for r in us)
    sref = sum(base[r][1] * cap.get((r, "solar"), 0) for r in us) / sum(cap.get((r, "solar"), 0) for r in us)
    out = {}
    for y in YEARS:
        fw, fs, _ = US_FLEET[y]
        out[y] = {r: ((round(w * fw / wref, 3), round(s * fs / sref, 3)) if r.startswith("us_") else (w, s)) for r, (w, s) in base.items()}
    return out, wref, sref


# ------------------------------------------------------------------------------ hydro
# Annual conventional hydro generation, TWh.
US_HYDRO = {2020: (285.3, "D"), 2021: (251.9, "D"), 2022: (254.8, "E"), 2023: (236.0, "D/S"), 2024: (240.0, "S")}
# Province-level StatCan (25-10-0015/0020 via The Daily releases), D unless stated.
CA_HYDRO = {
    "ca_qc": {2020: 195.3, 2021: 200.4, 2022: 202.1, 2023: 182.5, 2024: 174.5},
    "ca_bc": {2020: 63.0, 2021: 63.0, 2022: 63.2, 2023: 48.8, 2024: 46.6},
    "ca_mb": {2020: 33.0, 2021: 28.1, 2022: 36.9, 2023: 32.5, 2024: 31.1},
    "ca_on": {2020: 35.0, 2021: 35.0, 2022: 39.9, 2023: 36.5, 2024: 34.9},
}
MX_HYDRO = {2020: 26.8, 2021: 34.7, 2022: 35.6, 2023: 20.6, 2024: 23.0}
# US regions whose hydro energy is known; the national total less these is split over the other US regions by
# capacity. New York (issue 11: split by capacity it got ~14 TWh, half its output; Niagara runs at a ~75 % and
# St Lawrence at a ~100 % capacity factor): Robert Moses Niagara + St Lawrence-FDR, NYPA monthly generation via
# NYISO (boyuan276/NYgrid-python data/from_nyiso/hydroGenMonthly_2020/2021.csv): 2020 17.48 + 7.79, 2021 16.43 +
# 7.31 TWh (P via D); 2024 15.59 + 7.36 TWh (NYISO 2025 Gold Book Table III-2, 2024 net energy, P via D); plus
# NY's other hydro units 3.80 TWh (same table, 2024: 2.50 in zones A-E, 1.30 in F-K, D; held for every year, E).
# 2022 and 2023: the mean of the three years' Niagara + St Lawrence, 23.98, + 3.80 (E: not found).
US_REGION_HYDRO = {"us_nyiso": {2020: 29.07, 2021: 27.54, 2022: 27.78, 2023: 27.78, 2024: 26.74}}
SHAPES = {  # relative monthly weights Jan..Dec per day (E, fact sheet §4.2; as in inputs/north-america)
    "winter_storage": [1.25, 1.15, 1.05, 0.90, 0.85, 0.85, 0.90, 0.90, 0.85, 0.90, 1.05, 1.25],
    "manitoba": [0.90, 0.85, 0.85, 0.90, 1.05, 1.15, 1.15, 1.10, 1.00, 0.95, 0.95, 0.95],
    "snowmelt": [0.95, 0.90, 0.95, 1.05, 1.30, 1.35, 1.15, 0.95, 0.75, 0.75, 0.85, 0.95],
    "summer_release": [0.85, 0.85, 0.85, 0.90, 1.00, 1.15, 1.25, 1.20, 1.05, 0.95, 0.90, 0.85],
    "eastern_rain": [1.15, 1.15, 1.20, 1.15, 1.05, 0.95, 0.90, 0.85, 0.80, 0.80, 0.90, 1.10],
    "mexico_rain": [0.80, 0.75, 0.75, 0.75, 0.80, 0.85, 1.00, 1.20, 1.35, 1.35, 1.25, 1.15],
    # Niagara + St Lawrence, mean daily output per month 2020-2021 over the mean (D, NYPA data above): nearly flat
    "niagara": [1.035, 0.978, 1.000, 0.997, 1.001, 0.997, 1.008, 1.000, 0.972, 0.963, 1.012, 1.036],
}
SHAPE_OF = {"ca_qc": "winter_storage", "ca_bc": "winter_storage", "ca_nl": "winter_storage", "ca_on": "winter_storage",
            "ca_mb": "manitoba", "us_nw": "snowmelt", "us_basin": "snowmelt", "us_rockies": "snowmelt", "us_cal": "snowmelt",
            "ca_ab": "snowmelt", "ca_sk": "snowmelt", "us_sw": "summer_release", "us_spp": "summer_release",
            "us_nyiso": "niagara"}
DEFAULT_CF = {"ca_nl": 0.60, "ca_ab": 0.39, "ca_sk": 0.39, "ca_mar": 0.39}


def days_in(y):
    return [31, 29 if y % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def hydro_annual():
    """Annual hydro energy (TWh) of each region's whole hydro fleet (reservoir + ror), per year."""
    cap = {}
    for g in read(os.path.join(SNAPSHOT, "generators.csv")):
        if g["technology"] in ("hydro_reservoir", "hydro_ror"):
            cap.setdefault(g["region"], {})[g["technology"]] = float(g["p_max_mw"])
    us = [r for r in cap if r.startswith("us_") and r not in US_REGION_HYDRO]
    mx = [r for r in cap if r.startswith("mx_")]
    us_cap = sum(sum(cap[r].values()) for r in us)
    mx_cap = sum(sum(cap[r].values()) for r in mx)
    H = {}
    for y in YEARS:
        h = {}
        rest = US_HYDRO[y][0] - sum(v[y] for v in US_REGION_HYDRO.values())
        for r in us:  # national total less the known regions, split by capacity (E: regional water years not resolved)
            h[r] = rest * sum(cap[r].values()) / us_cap
        for r, v in US_REGION_HYDRO.items():
            h[r] = v[y]
        for r in mx:
            h[r] = MX_HYDRO[y] * sum(cap[r].values()) / mx_cap
        for r in cap:
            if r in CA_HYDRO:
                h[r] = CA_HYDRO[r][y]
            elif r.startswith("ca_"):
                h[r] = DEFAULT_CF[r] * sum(cap[r].values()) * (8784 if y % 4 == 0 else 8760) / 1e6
        H[y] = h
    return H, cap


# Hydro-Québec's reservoirs hold ~171 TWh (normal; fact sheet §4.2, S), most of a year's output, and are drawn down
# in winter to meet the winter peak (storage bottoms out in early spring): Québec's hydro is scheduled to Québec's load,
# not to a fixed calendar. Its monthly split follows the region's monthly load energy of the same year (E). With
# the fixed "winter_storage" shape and winter-peaking Québec load (LD1), Ontario→Québec flows were twice the record.
LOAD_FOLLOWING = {"ca_qc"}


def monthly_load_mwh(L, region, y):
    """Energy of a region's hourly load per calendar month (UTC) of year y."""
    e = [0.0] * 12
    for i in YI[y]:
        e[STAMPS[i].month - 1] += L[region][i]
    return e


def monthly_split(region, total_twh, cap_mw, y, load_mwh=None):
    d = days_in(y)
    if region in LOAD_FOLLOWING and load_mwh is not None:
        wd = list(load_mwh)
    else:
        shape = SHAPES[SHAPE_OF.get(region, "mexico_rain" if region.startswith("mx_") else "eastern_rain")]
        wd = [shape[m] * d[m] for m in range(12)]
    s = sum(wd)
    e = [total_twh * 1e6 * wd[m] / s for m in range(12)]
    # cap each month at 95 % of the fleet's energy; spill the excess over the other months
    for _ in range(20):
        lim = [0.95 * cap_mw * d[m] * 24 for m in range(12)]
        over = sum(max(0.0, e[m] - lim[m]) for m in range(12))
        if over <= 1e-6:
            break
        room = [lim[m] - e[m] if e[m] < lim[m] else 0.0 for m in range(12)]
        tot = sum(room)
        e = [min(e[m], lim[m]) + (over * room[m] / tot if tot > 0 else 0.0) for m in range(12)]
    return e


def case_ror_in_service():
    """Run-of-river MW in service per (region, year) in this case's generators.csv (written by build_fleet.py, which
    must run first): it has rows the default case lacks (Keeyask 695 MW in ca_mb, 2021-2022), whose output is inside
    the provincial hydro totals and must come off the reservoir budget (issue 11 flows: without this, Manitoba
    generated 32.5 + 4.4 TWh in the 2023 backcast)."""
    out = {}
    for g in read(os.path.join(CASE, "generators.csv")):
        if g["technology"] != "hydro_ror":
            continue
        if g["region"].startswith("us_nyiso_"):  # New York's two halves (tools/ny_split.py) share one profile
            g = dict(g, region="us_nyiso")
        on, off = int(g["online_year"] or 0), int(g["retirement_year"] or 9999)
        for y in YEARS:
            if on <= y < off:
                out[(g["region"], y)] = out.get((g["region"], y), 0.0) + float(g["p_max_mw"])
    return out


def renewables_and_hydro(tmp, nagrid, L):
    cfs, wref, sref = renewable_cfs()
    H, cap = hydro_annual()
    ror_in_service = case_ror_in_service()
    profiles = {}
    budgets = []
    ror_twh = {}
    for y in YEARS:
        d = os.path.join(tmp, f"series{y}")
        shutil.copytree(BASE, d)
        with open(os.path.join(d, "study.toml")) as f:
            txt = "\n".join(f"study_year = {y}" if ln.startswith("study_year") else ln for ln in f.read().split("\n"))
        with open(os.path.join(d, "study.toml"), "w") as f:
            f.write(txt)
        with open(os.path.join(d, "renewables.csv"), "w") as f:
            f.write("region,wind_cf,solar_cf\n")
            for r, (w, s) in cfs[y].items():
                f.write(f"{r},{w},{s}\n")
        monthly = {r: monthly_split(r, H[y][r], sum(cap[r].values()), y, monthly_load_mwh(L, r, y) if r in LOAD_FOLLOWING else None)
                   for r in cap}
        with open(os.path.join(d, "hydro_budgets.csv"), "w") as f:  # proportional split, sets the ror profile
            f.write("generator,month,energy_mwh\n")
            for r in cap:
                if "hydro_reservoir" in cap[r]:
                    share = cap[r]["hydro_reservoir"] / sum(cap[r].values())
                    d28 = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
                    for m in range(12):
                        # nagrid series divides by 28-day February: rescale so the ror CF is per actual day
                        e = monthly[r][m] * share * d28[m] / days_in(y)[m]
                        f.write(f"{r}_hydro_reservoir,{m + 1},{e:.0f}\n")
        subprocess.run([nagrid, "series", d, "--seed", str(SEED)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        rows = read(os.path.join(d, "series", "generators-p_max_pu.csv"))
        assert len(rows) == len(YI[y]) and rows[0]["timestamp"] == f"{y}-01-01T00:00:00Z", (y, len(rows))
        for c in rows[0]:
            if c != "timestamp":
                profiles.setdefault(c, []).extend(float(row[c]) for row in rows)
        # reservoir budget = regional hydro - what the ror profile produces, per month
        months = [int(row["timestamp"][5:7]) - 1 for row in rows]
        for r in cap:
            ror_m = [0.0] * 12
            if "hydro_ror" in cap[r]:
                col = f"{r}_hydro_ror"
                rcap = ror_in_service.get((r, y), cap[r]["hydro_ror"])
                for k, row in enumerate(rows):
                    ror_m[months[k]] += rcap * round(float(row[col]), 3)
            ror_twh[(r, y)] = sum(ror_m) / 1e6
            if "hydro_reservoir" in cap[r]:
                for m in range(12):
                    e = max(0.0, monthly[r][m] - ror_m[m])
                    assert e <= cap[r]["hydro_reservoir"] * days_in(y)[m] * 24, (r, y, m)
                    budgets.append((f"{r}_hydro_reservoir", y, m + 1, round(e)))
    return profiles, budgets, cfs, H, ror_twh, (wref, sref)


# ------------------------------------------------------------------------------ output
def write_series(path, cols, data, dec):
    ts = [t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in stamps()]
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["timestamp"] + cols)
        fmt = f"{{:.{dec}f}}"

        def num(x):  # fixed decimals, trailing zeros dropped (smaller files, same values)
            s = fmt.format(x)
            return s.rstrip("0").rstrip(".") if "." in s else s

        for i in range(NH):
            w.writerow([ts[i]] + [num(data[c][i]) for c in cols])


def main():
    nagrid = nagrid_bin()
    regions = [r["id"] for r in read(os.path.join(BASE, "regions.csv"))]
    notes = {}
    tmp = tempfile.mkdtemp(prefix="nagrid_build_load_")
    try:
        L = us_loads(notes)
        synth = synthetic_shapes(tmp, [r for r in regions if not r.startswith("us_")], regions, nagrid)
        cm, targets = ca_mx_loads(synth)
        L.update(cm)
        assert set(L) == set(regions)
        L = {r: [round(x, 1) for x in v] for r, v in L.items()}
        write_series(os.path.join(CASE, "series", "loads-p_mw.csv"), regions, L, 1)
        profiles, budgets, cfs, H, ror_twh, refs = renewables_and_hydro(tmp, nagrid, L)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    pcols = sorted(profiles, key=lambda c: (regions.index(c.rsplit("_", 2)[0] if c.endswith("hydro_ror") else c.rsplit("_", 1)[0]), c))
    write_series(os.path.join(CASE, "series", "generators-p_max_pu.csv"), pcols, profiles, 3)
    with open(os.path.join(CASE, "hydro_budgets.csv"), "w") as f:
        f.write("generator,year,month,energy_mwh\n")
        for g, y, m, e in budgets:
            f.write(f"{g},{y},{m},{e}\n")
    with open(os.path.join(CASE, "renewables.csv"), "w") as f:
        f.write("region,wind_cf,solar_cf\n")
        for r, (w, s) in cfs[2024].items():
            f.write(f"{r},{w},{s}\n")
    with open(os.path.join(HERE, "renewables_by_year.csv"), "w") as f:
        f.write("year,region,wind_cf,solar_cf\n")
        for y in YEARS:
            for r, (w, s) in cfs[y].items():
                f.write(f"{y},{r},{w},{s}\n")
    write_check(regions, L, targets, notes, profiles, budgets, H, ror_twh, cfs, refs)


def write_check(regions, L, targets, notes, profiles, budgets, H, ror_twh, cfs, refs):
    fs = {  # fact sheet §1.2 (EIA-930 member sums, TWh / GW) for 2023 and 2024
        "us_ercot": (446.9, 85.4, 464.5, 85.6), "us_cal": (265.2, 54.1, 271.3, 58.9), "us_nw": (163.9, 29.8, 165.9, 31.7),
        "us_basin": (119.5, 23.7, 124.6, 25.0), "us_rockies": (76.5, 14.5, 80.3, 15.3), "us_sw": (113.7, 26.4, 118.6, 25.5),
        "us_spp": (281.0, 56.0, 289.8, 54.3), "us_miso": (641.0, 120.8, 646.3, 114.7), "us_pjm": (773.1, 147.2, 803.0, 151.8),
        "us_nyiso": (147.0, 30.3, 150.9, 29.0), "us_isone": (112.6, None, 114.6, 24.3), "us_se": (229.4, 45.6, 239.3, 47.4),
        "us_tva": (217.6, None, 224.8, 48.2), "us_car": (218.5, 43.3, 225.7, 44.8), "us_fl": (260.7, 53.6, 263.8, 51.9),
    }
    out = ["<!-- generated by tools/build_load.py -->", "", "### Annual energy (TWh) and hourly peak (GW) of series/loads-p_mw.csv", ""]
    out.append("| region | " + " | ".join(f"{y} TWh / GW" for y in YEARS) + " | published 2023 | published 2024 | grade of target |")
    out.append("|---|" + "---:|" * len(YEARS) + "---|---|---|")
    tot = {}
    for r in regions:
        cells = []
        for y in YEARS:
            v = [L[r][i] for i in YI[y]]
            e, p = sum(v) / 1e6, max(v) / 1e3
            cells.append(f"{e:.1f} / {p:.1f}")
            tot[(r[:2], y)] = tot.get((r[:2], y), 0) + e
        if r in fs:
            a = fs[r]
            pub = [f"{a[0]} / {a[1] if a[1] else '—'}", f"{a[2]} / {a[3]}"]
            g = "D (EIA-930 FS §1.2)"
        else:
            t = targets[r]
            pub = [f"{t[2023][0]:.1f} / {t[2023][1] / 1e3:.1f}", f"{t[2024][0]:.1f} / {t[2024][1] / 1e3:.1f}"]
            g = " ".join(f"{y % 100}:{t[y][2]}" for y in YEARS)
        out.append(f"| {r} | " + " | ".join(cells) + f" | {pub[0]} | {pub[1]} | {g} |")
    out += ["", "### Country totals of the load series (TWh)", "", "| country | " + " | ".join(map(str, YEARS)) + " |",
            "|---|" + "---:|" * len(YEARS)]
    for c in ["us", "ca", "mx"]:
        out.append(f"| {c.upper()} | " + " | ".join(f"{tot[(c, y)]:.1f}" for y in YEARS) + " |")
    out.append("| EIA-930 CONUS (check) | " + " | ".join(f"{notes['conus'][y]:.1f}" for y in YEARS) + " |")
    out += ["", f"Scale factors of member-BA shapes (region energy / BA energy): us_nw = BPAT × "
            + ", ".join(f"{y}: {notes['k_nw'][y]:.3f}" for y in YEARS) + "; us_basin = PACE × "
            + ", ".join(f"{y}: {notes['k_basin'][y]:.3f}" for y in YEARS) + "; LGEE+AECI = TVA × "
            + ", ".join(f"{y}: {notes['k_lgee_aeci'][y]:.3f}" for y in YEARS)
            + f". Lowest hour of the us_rockies residual: {notes['rockies_min']:.0f} MW.", ""]
    # renewables
    out += ["### Capacity factors of series/generators-p_max_pu.csv (mean of the profile per year)", "",
            "| profile | " + " | ".join(map(str, YEARS)) + " |", "|---|" + "---:|" * len(YEARS)]
    for c in sorted(profiles):
        if c.endswith("_wind") or c.endswith("_solar"):
            out.append(f"| {c} | " + " | ".join(f"{sum(profiles[c][i] for i in YI[y]) / len(YI[y]):.3f}" for y in YEARS) + " |")
    out += ["", f"US capacity-weighted reference of the AVERT-based default CFs: wind {refs[0]:.3f}, PV {refs[1]:.3f}.", ""]
    # hydro
    out += ["### Hydro energy per region and year (TWh): total fleet / run-of-river profile / reservoir budgets", "",
            "| region | " + " | ".join(map(str, YEARS)) + " |", "|---|" + "---:|" * len(YEARS)]
    bud = {}
    for g, y, m, e in budgets:
        r = g.replace("_hydro_reservoir", "")
        bud[(r, y)] = bud.get((r, y), 0) + e / 1e6
    ctot = {}
    for r in regions:
        if r not in H[2024]:
            continue
        cells = []
        for y in YEARS:
            cells.append(f"{H[y][r]:.2f} / {ror_twh[(r, y)]:.2f} / {bud.get((r, y), 0):.2f}")
            ctot[(r[:2], y, "h")] = ctot.get((r[:2], y, "h"), 0) + H[y][r]
            ctot[(r[:2], y, "b")] = ctot.get((r[:2], y, "b"), 0) + bud.get((r, y), 0)
            ctot[(r[:2], y, "r")] = ctot.get((r[:2], y, "r"), 0) + ror_twh[(r, y)]
        out.append(f"| {r} | " + " | ".join(cells) + " |")
    for c in ["us", "ca", "mx"]:
        out.append(f"| **{c.upper()}** | " + " | ".join(
            f"{ctot[(c, y, 'h')]:.1f} / {ctot[(c, y, 'r')]:.1f} / {ctot[(c, y, 'b')]:.1f}" for y in YEARS) + " |")
    out.append("")
    with open(os.path.join(HERE, "load_check.md"), "w") as f:
        f.write("\n".join(out))
    src = os.path.join(CASE, "SOURCES.load.md")
    marker = "<!-- GENERATED TABLES BELOW: copy of tools/load_check.md -->"
    if os.path.exists(src):
        with open(src) as f:
            head = f.read().split(marker)[0]
        with open(src, "w") as f:
            f.write(head + marker + "\n\n" + "\n".join(out))
    print("\n".join(out))


def split_new_york():
    """New York as two regions in this case (tools/ny_split.py): the us_nyiso load column becomes us_nyiso_west and
    us_nyiso_east (from EIA-930 NY and NYIS-ZONJ), NY's reservoir hydro budgets go to the West generator, and
    renewables.csv lists both halves with NY's capacity factors. Idempotent: recomputes the two columns from the
    EIA-930 files whether the file holds us_nyiso or the two halves."""
    import ny_split as NYS
    ny = eia("regions/NY")
    west, east = NYS.split_load(ny, eia("subregions_and_balancing_authorities/NYIS-ZONJ"), YI)
    path = os.path.join(CASE, "series", "loads-p_mw.csv")
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    if NYS.NY in head:
        k = head.index(NYS.NY)
        rows = [r[:k] + [""] + r[k:] for r in rows]   # room for the second half, right after the first
        rows[0][k:k + 2] = [NYS.WEST, NYS.EAST]
    kw, ke = rows[0].index(NYS.WEST), rows[0].index(NYS.EAST)
    assert len(rows) == NH + 1
    for i in range(NH):
        w_ = round(west[i], 1)
        rows[i + 1][kw] = f"{w_:.1f}".rstrip("0").rstrip(".")
        rows[i + 1][ke] = f"{round(round(ny[i], 1) - w_, 1):.1f}".rstrip("0").rstrip(".")
    with open(path, "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    path = os.path.join(CASE, "hydro_budgets.csv")
    with open(path) as f:
        lines = f.read().split("\n")
    with open(path, "w") as f:
        f.write("\n".join(",".join([NYS.hydro_budget_id(ln.split(",")[0])] + ln.split(",")[1:]) if ln else ln for ln in lines))
    path = os.path.join(CASE, "renewables.csv")
    with open(path) as f:
        lines = [ln for ln in f.read().split("\n") if ln]
    out = []
    for ln in lines:
        r_, rest = ln.split(",", 1)
        out.extend([f"{NYS.WEST},{rest}", f"{NYS.EAST},{rest}"] if r_ == NYS.NY else [ln])
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    if sys.argv[1:] == ["--ny-split-only"]:
        split_new_york()
    else:
        main()
        split_new_york()

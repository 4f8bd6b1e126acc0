#!/usr/bin/env python3
"""Planning reserve margin per region in a study year (default 2030) of the fleet written by build_fleet.py.

margin = (firm capacity at peak - peak load) / peak load. Firm capacity = sum over units in service in the year of
p_max x capacity credit at the peak month (thermal and nuclear: availability.csv of the peak month; hydro reservoir
1.0 and pumped hydro 1.0; batteries 1.0 when >= 4 h, else MWh/4; run-of-river 0.5; wind 0.10; solar 0.35 for
summer peaks, 0 for winter peaks; geothermal/biomass their availability). Credits for wind, solar, ror, storage: E
(orders of the ISOs' ELCC accreditation). Imports are not counted.
Peak load: `nagrid forecast plot` projection (built-in data-center inputs, mid scenario, seed 1; copy in
tools/load_projection_builtin.csv), scaled per region by the default case's sourced peak (load/regions_load.csv) over
the projection's total peak in that base year (D). Usage: python3 reserve_margin.py [YEAR] [TARGET_PCT]
"""
import csv, os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
CASE = os.path.normpath(os.path.join(HERE, "..", "..", "north-america"))
Y = int(sys.argv[1]) if len(sys.argv) > 1 else 2030
TARGET = float(sys.argv[2]) if len(sys.argv) > 2 else 15.0
rd = lambda p: list(csv.DictReader(open(os.path.join(CASE, p))))
def ins(o):
    on, off = o.get("online_year") or 0, o.get("retirement_year") or 9999
    return int(on) <= Y < int(off)
loadrows = {r["region"]: r for r in rd("load/regions_load.csv")}
proj = {}
for r in csv.DictReader(open(os.path.join(HERE, "load_projection_builtin.csv"))):
    if r["scenario"] == "mid" and r["is_country"] == "false":
        proj[(r["area"], int(r["year"]))] = float(r["total_peak_mw"])
region_country = {r["id"]: r["country"] for r in rd("regions.csv")}
avail = rd("availability.csv")
def av(tech, region, month):
    best, key = 1.0, (-1, -1, -1)
    for a in avail:
        if a["technology"] != tech or (a["region"] and a["region"] != region) or (a["month"] and int(a["month"]) != month) \
                or (a["year"] and int(a["year"]) != Y):
            continue
        k = (bool(a["region"]), bool(a["year"]), bool(a["month"]))
        if k > key:
            key, best = k, float(a["availability_pu"])
    return best
# case region -> area of the built-in projection (growth ratio of the area applied to the region's sourced peak)
AREA = {"us_cal": "us_west", "us_nw": "us_west", "us_basin": "us_west", "us_rockies": "us_west", "us_sw": "us_southwest",
        "us_spp": "us_central", "us_nyiso": "us_northeast", "us_isone": "us_northeast", "us_se": "us_southeast",
        "us_tva": "us_southeast", "us_car": "us_southeast", "us_fl": "us_southeast", "ca_ab": "ca_alberta",
        "ca_on": "ca_ontario", "ca_qc": "ca_quebec", "ca_sk": "ca_other", "ca_mb": "ca_other", "ca_mar": "ca_other",
        "ca_nl": "ca_other", "mx_bc": "mx_norte", "mx_bcs": "mx_norte", "mx_nor": "mx_norte", "mx_nte": "mx_norte",
        "mx_nes": "mx_norte", "mx_occ": "mx_bajio", "mx_cen": "mx_centro", "mx_ori": "mx_sureste", "mx_pen": "mx_sureste"}
out = []
for reg, lr in loadrows.items():
    base_y = int(lr["base_year"])
    a = AREA.get(reg, reg)
    pk = float(lr["peak_mw"]) * proj[(a, Y)] / proj[(a, base_y)]
    summer = lr["peak_season"] == "summer"
    m = 7 if summer else 1
    firm = 0.0
    for g in rd("generators.csv"):
        if g["region"] != reg or not ins(g):
            continue
        t, p = g["technology"], float(g["p_max_mw"])
        credit = {"hydro_reservoir": 1.0, "hydro_ror": 0.5, "wind": 0.10, "solar": 0.35 if summer else 0.0}.get(t)
        firm += p * (credit if credit is not None else av(t, reg, m))
    for s in rd("storage.csv"):
        if s["region"] != reg or not ins(s):
            continue
        p, e = float(s["p_max_mw"]), float(s["energy_mwh"])
        firm += p if s["technology"] == "pumped_hydro" else min(p, e / 4.0)
    out.append((reg, region_country[reg], "summer" if summer else "winter", pk, firm, 100 * (firm - pk) / pk))
print(f"| region | country | peak season | peak load {Y}, GW | firm capacity at peak, GW | reserve margin | below {TARGET:.0f} % |")
print("|---|---|---|---:|---:|---:|---|")
for reg, c, season, pk, firm, mg in out:
    print(f"| {reg} | {c} | {season} | {pk/1000:.1f} | {firm/1000:.1f} | {mg:.1f} % | {'**yes**' if mg < TARGET else ''} |")

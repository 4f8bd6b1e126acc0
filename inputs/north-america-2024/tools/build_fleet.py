#!/usr/bin/env python3
"""Builds the fleet and economics tables of inputs/north-america-2024 (historical case, 2020-2024).

Deterministic, standard library only. Inputs: the FS capacity snapshot in tools/base/ (the default case's
former tables inputs/north-america/{generators,storage,lines,links,regions}.csv, themselves built from the fact
sheet /work/shared/reference/north_america_grid_facts.md "FS" §1.3-1.5 and §2) plus the constants
below. Every constant carries its source and grade (P primary, S secondary, D derived, E estimate);
SOURCES.fleet.md repeats them and prints the capacity check.
The same fleet (with online/retirement years and planned additions/retirements 2025-2035, tools/planned.py)
and its economics are also written into the 2030 default case inputs/north-america (its lines/links keep the
expansion columns and candidates; its hydro_budgets.csv is the 2020-2024 mean year of this case's budgets).
Run: python3 inputs/north-america-2024/tools/build_fleet.py
"""
import csv, os
import ny_split
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, ".."))
DEF = os.path.join(HERE, "base")                                   # frozen FS snapshot (input)
CASE2030 = os.path.normpath(os.path.join(OUT, "..", "north-america"))   # default 2030 case (output)
YEARS = [2020, 2021, 2022, 2023, 2024]
PLAN_YEARS = list(range(2025, 2036))

def read(name):
    with open(os.path.join(DEF, name)) as f:
        return list(csv.DictReader(f))

REGIONS = read("regions.csv")
COUNTRY = {r["id"]: r["country"] for r in REGIONS}
INTERCON = {r["id"]: r["interconnection"] for r in REGIONS}
DEF_GENS = read("generators.csv")
DEF_STOR = read("storage.csv")

# ------------------------------------------------------------------ capacity conventions
# Nuclear at NET SUMMER capacity: US fleet 97.0 GW net summer at end-2024 (EIA Electric Power Monthly
# Table 6.2.B / EIA-860M, S: value as reported by EIA, to verify) vs 101.9 GW nameplate in FS §1.3.
US_NUC_NET = 97.0 / 101.9           # D
# Coal and gas nameplate (FS §1.3, EIA-860M via Electricity Maps) -> net summer capability.
# E: typical EIA-860 ratios of net summer to nameplate for steam coal (~0.93) and gas fleets (~0.92).
US_COAL_NET = 0.93
US_GAS_NET = 0.92

# ------------------------------------------------------------------ heat rates (MMBtu/MWh) and VOM ($/MWh)
# EIA Electric Power Annual Table 8.1 (P), average operating heat rates, Btu/kWh, 2022:
#   coal 10,689; petroleum 11,166; natural gas 7,740; nuclear 10,448 (2020: 10,655 / 11,259 / 7,725 / 10,446).
HR_NUC = 10.448                      # P (EPA 8.1, 2022)
# Gas combined cycles by vintage: EIA Today in Energy (2020, via evcvaluation.com, S): CCs installed
# since 2015 average 6,654 Btu/kWh, units installed before 2000 8,840. 2000-2014 units 7,200 (E, between).
HR_CC_FULL_LOAD = {"new": 6.654, "mid": 7.200, "old": 8.840}
# Operating, not full-load, heat rates (issue 11 calibration to a physical statistic): units cycle, run at part load
# and start up, so the fleet's OPERATING heat rate is above the tranche values above. EIA Electric Power Annual
# Table 8.1 gives 7,740 Btu/kWh for the gas fleet (2022, P, generation-weighted); the 2024 backcast with the
# full-load values ran at a generation-weighted 7,248 (D, from its generators-p_mw.csv). Scaling the CC tranches
# by 7.74 / 7.248 = 1.068 (D) makes the backcast's gas fleet burn what Table 8.1 says it burns.
CC_OPERATING = 1.068
HR_CC = {k: round(v * CC_OPERATING, 3) for k, v in HR_CC_FULL_LOAD.items()}
CC_SHARE = {"new": 0.25, "mid": 0.60, "old": 0.15}   # E: US CC fleet by commissioning era (2000-05 boom)
HR_CT = 11.0                         # E: simple-cycle CT; consistent with EPA 8.1 gas average 7,740 (check below)
HR_CT_NEW = 9.717                    # P: ATB 2024 new CT via ReEDS (FS §3.1), for planned CTs 2025-2035
HR_GAS_STEAM = 10.5                  # E: gas-fired steam turbines
# US gas fleet split by prime mover (E, EIA-860 2023 order of magnitude: CC ~290, CT ~150, ST ~70 GW)
GAS_SPLIT_US = {"cc": 0.57, "ct": 0.30, "steam": 0.13}
# check: generation-weighted gas heat rate 0.87*7.2+0.09*11.0+0.04*10.5 = 7.67 vs EPA 8.1 7.74 (D)
# Coal in three heat-rate bands around the EPA 8.1 average 10,689 Btu/kWh (E shares):
COAL_BANDS = [("eff", 0.30, 9.8), ("avg", 0.40, 10.6), ("ineff", 0.30, 11.6)]   # weighted 10.66 (D)
HR_COAL_RETIRED = 11.2               # E: units retired 2020-2024 were older and less efficient
HR_OIL_CT = 11.5                     # E: distillate CT/IC, EPA 8.1 petroleum 11,166 (P) as anchor
HR_OIL_STEAM = 10.8                  # E: residual-oil steam (ReEDS o-g-s 10.648, FS §3.1, P)
HR_MX_IC = 9.0                       # E: medium-speed diesel engines (BCS combustion interna), ~38 % efficiency
HR_BIO = 13.5                        # P: ReEDS/ATB biopower (FS §3.1)
# VOM: NREL ATB 2024 via ReEDS (FS §3.1, P): CC 2.14, CT 6.94, existing coal 9.70, o-g-s 6.85, bio 5.25, nuclear 2.8
VOM = {"gas_cc": 2.14, "gas_ct": 6.94, "coal": 9.70, "gas_steam": 6.85, "oil_steam": 6.85, "oil": 6.94,
       "biomass_other": 5.25, "nuclear": 2.8}
HYDRO_MC = 1.7                       # ReEDS hydro VOM 1.0244 $2004 x CPI 1.66 (FS §3.1, P/D), as default case

# ------------------------------------------------------------------ reserve capability (share of p_max in 10 min)
# E/S: typical ramp rates (NREL "Power Plant Cycling Costs", Kumar et al. 2012; general knowledge):
# coal ~1.5 %/min, CC ~3.5 %/min, CT ~10 %/min (or quick start), steam ~1 %/min, hydro fast.
RMAX = {"coal": 0.15, "gas_cc": 0.35, "gas_ct": 0.9, "gas_steam": 0.10, "oil_steam": 0.10, "oil": 0.9,
        "biomass_other": 0.10, "hydro_reservoir": 0.5, "nuclear": 0.0, "wind": 0.0, "solar": 0.0,
        "hydro_ror": 0.0, "geothermal": 0.0}
RMAX_STOR = {"battery": 1.0, "pumped_hydro": 0.5}

# ------------------------------------------------------------------ national additions 2019-2024 (GW per year)
# Utility solar: EIA 73.5 GW operating Jan 2023 (EIA via APPA, S); +18.4 GW 2023 (EIA via Schwartz Report, S);
# ~30 GW 2024 (EIA, brief); 2020 ~10.5 (EIA est. 11.1, via photon.info, S); 2021 13.4, 2022 11.6 and 2019 8.5 (E).
SOLAR_ADD = {2019: 8.5, 2020: 10.5, 2021: 13.4, 2022: 11.6, 2023: 18.4, 2024: 30.0}
SOLAR_END2022 = 73.5
# Wind: 141.3 GW Jan 2023 (EIA via APPA, S); additions E (EIA/LBNL orders: 2020 ~14-17.5, 2021 13.4, 2022 8.5,
# 2023 6.4, 2024 5.1 GW).
WIND_ADD = {2019: 9.1, 2020: 14.2, 2021: 13.4, 2022: 8.5, 2023: 6.4, 2024: 5.1}
WIND_END2022 = 141.3
# Batteries (E, EIA: ~1.5 GW end-2020 -> ~26 GW end-2024; 2023 +6.4 GW, 2024 +10.3 GW)
BATT_ADD = {2019: 0.2, 2020: 0.9, 2021: 3.1, 2022: 4.2, 2023: 6.4, 2024: 10.3}
BATT_END2024 = 25.5
# ERCOT-specific (FS §1.3: ERCOT added 7.5-8.8 GW solar and 4.8-5.0 GW storage in 2024, Potomac 2024 SOM, S;
# earlier years E)
ERCOT_SOLAR_ADD = {2019: 0.9, 2020: 1.6, 2021: 4.4, 2022: 3.8, 2023: 5.0, 2024: 8.0}
ERCOT_SOLAR_END2024 = 25.1
ERCOT_BATT_ADD = {2019: 0.05, 2020: 0.2, 2021: 0.7, 2022: 1.6, 2023: 2.6, 2024: 4.9}
ERCOT_BATT_END2024 = 10.1
def end2024(add, end_y, end_val):
    return end_val + sum(v for y, v in add.items() if y > end_y)
US_SOLAR_2024 = end2024(SOLAR_ADD, 2022, SOLAR_END2022)     # 121.9 GW (D)
US_WIND_2024 = end2024(WIND_ADD, 2022, WIND_END2022)        # 152.8 GW (D)
# Alberta (FS §1.4: wind 5.69 GW 2024; +1.369 GW wind/solar in 2024, AESO via news, S; earlier E)
AB_WIND_ADD = {2019: 0.0, 2020: 0.07, 2021: 0.42, 2022: 1.2, 2023: 1.0, 2024: 1.2}
AB_SOLAR_ADD = {2019: 0.02, 2020: 0.08, 2021: 0.65, 2022: 0.25, 2023: 0.6, 2024: 0.7}
# Mexico (E: Ember/SENER orders of magnitude; FS §1.5 2024 solar 11.99, wind 7.32)
MX_SOLAR_ADD = {2019: 2.2, 2020: 1.3, 2021: 1.3, 2022: 0.6, 2023: 1.9, 2024: 2.5}
MX_WIND_ADD = {2019: 1.2, 2020: 0.5, 2021: 0.5, 2022: 0.3, 2023: 0.0, 2024: 0.0}

# ------------------------------------------------------------------ retirements 2020-2024
# US coal retired per year, GW (E: EIA Today in Energy annual summaries, orders of magnitude, to verify
# against EIA-860M retired-generator lists); allocated to regions pro rata to their 2024 coal (E).
US_COAL_RET = {2020: 9.5, 2021: 5.6, 2022: 11.3, 2023: 6.8, 2024: 4.0}
# Alberta coal: all units converted to gas or retired 2020-2024, last coal June 2024 (FS §1.4, S).
# (coal MW retiring in year y, of which MW converted to gas steam) E: Sundance 6/Keephills 3/Sheerness 1-2/
# Battle River 4-5 conversions ~2.2 GW; Genesee 1-2 repowered as CC (2024); others retired outright.
AB_COAL_RET = {2020: (0.6, 0.0), 2021: (1.4, 0.8), 2022: (1.2, 0.9), 2023: (0.5, 0.5), 2024: (1.3, 0.0)}
AB_NEW_CC = [("ab_gas_cc_cascade", 900, 2023), ("ab_gas_cc_genesee_repower", 1360, 2024)]  # S/E: Cascade 900 MW
# (2023), Genesee 1-2 repowering 1,360 MW (2024); together with conversions they explain AESO's +1.876 GW gas 2024.
# Named nuclear units (net MW; S: NRC/EIA, operator announcements):
NUC_UNITS = [
    ("us_se", "us_se_nuclear_vogtle3", 1114, 2023, None),   # COD 31 Jul 2023 (Georgia Power)
    ("us_se", "us_se_nuclear_vogtle4", 1114, 2024, None),   # COD 29 Apr 2024
    ("us_nyiso", "us_nyiso_nuclear_indian_point2", 1016, None, 2020),  # shut 30 Apr 2020
    ("us_nyiso", "us_nyiso_nuclear_indian_point3", 1041, None, 2021),  # shut 30 Apr 2021
    ("us_miso", "us_miso_nuclear_duane_arnold", 601, None, 2021),      # shut Aug 2020 (derecho)
    ("us_miso", "us_miso_nuclear_palisades", 800, None, 2022),         # shut 20 May 2022
    ("ca_on", "ca_on_nuclear_pickering_1_4", 1030, None, 2025),        # units 1 and 4 shut Oct/Dec 2024 (OPG)
]
# Rule for part-year changes: a unit counts in a year when it ran more than about half of it; units
# commissioned mid-year get a monthly availability derate for the months before COD (availability.csv).
KEEYASK = [(2021, 400), (2022, 295)]   # Keeyask 695 MW, 7 units Feb 2021 - Mar 2022 (Manitoba Hydro, S)

# ------------------------------------------------------------------ Mexico: fuel-oil steam fleet and BC export plants
# CFE conventional thermal (termoelectrica convencional) output 22.2 TWh in 2021 (MDPI Energies 2024 citing
# SENER, FS §1.5, S). Capacity by GCR from plant sites (E, general knowledge): Tuxpan 2.1 (ORI), Tula 1.5 +
# Valle de Mexico 0.45 (CEN), Manzanillo/Salamanca/Villa de Reyes 2.15 (OCC), Altamira/Rio Bravo 1.3 (NES),
# Mazatlan/Guaymas/Topolobampo/Puerto Libertad 2.0 (NOR), Lerdo/Samalayuca 0.6 (NTE), Merida/Campeche 0.3 (PEN),
# Rosarito steam 0.3 (BC); carved out of Ember's gas capacity (which counts these dual-fuel units as gas, E).
MX_OIL_STEAM = {"mx_ori": 2100, "mx_cen": 1950, "mx_occ": 2150, "mx_nes": 1300, "mx_nor": 2000, "mx_nte": 600,
                "mx_pen": 300, "mx_bc": 300}
# Baja California export plants connected to the CAISO/IID grid, not to CENACE's BCA system (S, Sempra /
# InterGen / IEnova): Termoelectrica de Mexicali 625 MW CC (2003), Energia Sierra Juarez wind 155 MW (2015).
# Modelled in us_cal (their balancing area); removed from mx_bc (TDM was inside the default 3.0 GW thermal).
BC_EXPORT = [("mx_bc_export_tdm_mexicali", "gas_cc", 625, "gas"), ("mx_bc_export_esj_wind", "wind", 155, None)]

rows = []     # generator dicts
def gen(gid, r, tech, mw, fuel=None, hr=None, vom=None, mc=None, online=None, retire=None, profile=None, pmin=0.0):
    mw = round(mw, 1)
    if mw <= 0:
        return
    rows.append(dict(id=gid, region=r, technology=tech, p_max_mw=mw, p_min_mw=pmin,
                     marginal_cost_usd_per_mwh="" if fuel else (mc if mc is not None else 0),
                     co2_t_per_mwh="" if fuel else 0, fuel=fuel or "", heat_rate_mmbtu_per_mwh=hr if fuel else "",
                     vom_usd_per_mwh=(vom if vom is not None else VOM.get(tech, 0)) if fuel else "",
                     online_year=online or "", retirement_year=retire or "",
                     reserve_max_pu=RMAX.get(tech, 0.0), profile=profile or ""))

def vintages(r, tech, total_mw, adds, end_total, profile):
    """Split a region's end-2024 capacity into a base and yearly vintages following the path `adds`
    (GW/yr) scaled to this region; half of each year's additions counts from that year, half from the next."""
    share = total_mw / (end_total * 1000.0)
    a = {y: adds.get(y, 0.0) * 1000.0 * share for y in range(2019, 2025)}
    late = sum(a[y] for y in range(2020, 2025)) + 0.5 * a[2019]
    gen(f"{r}_{tech}_base", r, tech, total_mw - late, profile=profile)
    for y in range(2020, 2026):
        mw = 0.5 * (a.get(y - 1, 0.0) + a.get(y, 0.0) if y <= 2024 else a[2024])
        gen(f"{r}_{tech}_{y}", r, tech, mw, online=y, profile=profile)

def retire_rows(r, tech, ret, fuel, hr, prefix=None):
    """Rows for capacity retired during 2020-2024 (half gone from the retirement year, half from the next)."""
    for y in range(2020, 2026):
        mw = 0.5 * (ret.get(y - 1, 0.0) + ret.get(y, 0.0))
        gen(f"{prefix or r + '_' + tech}_ret{y}", r, tech, mw, fuel=fuel, hr=hr, retire=y)

def_by = {}
for g in DEF_GENS:
    def_by.setdefault(g["region"], {})[g["technology"]] = float(g["p_max_mw"])

US_COAL_TOTAL = sum(v.get("coal", 0) for r, v in def_by.items() if COUNTRY[r] == "US")
US_SOLAR_FS = sum(v.get("solar", 0) for r, v in def_by.items() if COUNTRY[r] == "US" and r != "us_ercot")
US_WIND_FS = sum(v.get("wind", 0) for r, v in def_by.items() if COUNTRY[r] == "US")
US_BATT_FS = sum(float(s["p_max_mw"]) for s in DEF_STOR if s["technology"] == "battery" and s["region"] != "us_ercot")

for r in [x["id"] for x in REGIONS]:
    c = COUNTRY[r]; d = def_by.get(r, {})
    gasfuel = "gas"
    # ---- nuclear
    nuc = d.get("nuclear", 0.0) * (US_NUC_NET if c == "US" else 1.0)
    named = [u for u in NUC_UNITS if u[0] == r]
    nuc -= sum(u[2] for u in named if u[3])       # units commissioned 2023-24 are inside the 2024 total
    gen(f"{r}_nuclear", r, "nuclear", nuc, fuel="uranium", hr=HR_NUC)
    for _, gid, mw, on, off in named:
        gen(gid, r, "nuclear", mw, fuel="uranium", hr=HR_NUC, online=on, retire=off)
    # ---- coal
    coal = d.get("coal", 0.0) * (US_COAL_NET if c == "US" else 1.0)
    for band, sh, hr in COAL_BANDS:
        gen(f"{r}_coal_{band}", r, "coal", coal * sh, fuel="coal", hr=hr)
    if c == "US" and coal > 0:
        retire_rows(r, "coal", {y: v * 1000 * d["coal"] / US_COAL_TOTAL for y, v in US_COAL_RET.items()}, "coal", HR_COAL_RETIRED)
    if r == "ca_ab":
        retire_rows(r, "coal", {y: v[0] * 1000 for y, v in AB_COAL_RET.items()}, "coal", 10.8)
        conv = {y: v[1] * 1000 for y, v in AB_COAL_RET.items()}
        for y in range(2020, 2026):   # converted units come back as gas steam when their coal row leaves
            gen(f"ca_ab_gas_steam_conv{y}", r, "gas_steam", 0.5 * (conv.get(y - 1, 0) + conv.get(y, 0)), fuel="gas", hr=HR_GAS_STEAM, online=y)
    # ---- gas
    gas = d.get("gas_cc", 0.0) + d.get("gas_ct", 0.0)
    if r == "mx_bc":
        gas -= 625                                   # TDM moves to us_cal (export plant)
    oil_steam_mx = MX_OIL_STEAM.get(r, 0)
    gas -= oil_steam_mx
    if c == "US":
        gas *= US_GAS_NET
        for k, sh in CC_SHARE.items():
            gen(f"{r}_gas_cc_{k}", r, "gas_cc", gas * GAS_SPLIT_US["cc"] * sh, fuel=gasfuel, hr=HR_CC[k])
        gen(f"{r}_gas_ct", r, "gas_ct", gas * GAS_SPLIT_US["ct"], fuel=gasfuel, hr=HR_CT)
        gen(f"{r}_gas_steam", r, "gas_steam", gas * GAS_SPLIT_US["steam"], fuel=gasfuel, hr=HR_GAS_STEAM)
    elif r == "ca_ab":
        conv_total = sum(v[1] for v in AB_COAL_RET.values()) * 1000
        newcc = sum(m for _, m, _ in AB_NEW_CC)
        rest = gas - conv_total - newcc               # FS §1.4 residual gas 13.75 GW includes both
        gen("ca_ab_gas_cc_mid", r, "gas_cc", rest * 0.60, fuel=gasfuel, hr=HR_CC["mid"])   # 0.60 CC share (default case, E)
        gen("ca_ab_gas_ct", r, "gas_ct", rest * 0.40, fuel=gasfuel, hr=HR_CT)
        for gid, mw, y in AB_NEW_CC:
            gen("ca_" + gid, r, "gas_cc", mw, fuel=gasfuel, hr=HR_CC["new"], online=y)
    else:
        share_cc = d.get("gas_cc", 0.0) / max(d.get("gas_cc", 0.0) + d.get("gas_ct", 0.0), 1e-9)
        if c == "MX":
            share_cc = 0.88     # E: after carving out steam, Mexico's gas fleet is mostly CC (SENER: CC 186.7 of 198 TWh gas-turbine output 2021)
        gen(f"{r}_gas_cc", r, "gas_cc", gas * share_cc, fuel=gasfuel, hr=HR_CC["mid"])
        gen(f"{r}_gas_ct", r, "gas_ct", gas * (1 - share_cc), fuel=gasfuel, hr=HR_CT)
    gen(f"{r}_oil_steam", r, "oil_steam", oil_steam_mx, fuel="fuel_oil", hr=HR_OIL_STEAM)
    # ---- oil
    oil = d.get("oil", 0.0)
    if c == "US":
        gen(f"{r}_oil_steam", r, "oil_steam", oil / 3, fuel="fuel_oil", hr=HR_OIL_STEAM)   # E: 1/3 steam, 2/3 CT/IC
        gen(f"{r}_oil_ct", r, "oil", oil * 2 / 3, fuel="diesel", hr=HR_OIL_CT)
    elif r == "ca_mar":
        gen("ca_mar_oil_steam", r, "oil_steam", 1000, fuel="fuel_oil", hr=HR_OIL_STEAM)     # E: Coleson Cove 972 MW (NB Power)
        gen("ca_mar_oil_ct", r, "oil", oil - 1000, fuel="diesel", hr=HR_OIL_CT)
    elif r == "ca_nl":
        gen("ca_nl_oil_steam_holyrood", r, "oil_steam", oil, fuel="fuel_oil", hr=HR_OIL_STEAM)
    elif r == "mx_bcs":
        gen("mx_bcs_oil_ic", r, "oil", oil, fuel="fuel_oil", hr=HR_MX_IC)    # BCS engines burn fuel oil (E)
    else:
        gen(f"{r}_oil_ct", r, "oil", oil, fuel="diesel", hr=HR_OIL_CT)
    # ---- hydro
    if d.get("hydro_reservoir"):
        gen(f"{r}_hydro_reservoir", r, "hydro_reservoir", d["hydro_reservoir"], mc=HYDRO_MC)
    if d.get("hydro_ror"):
        gen(f"{r}_hydro_ror", r, "hydro_ror", d["hydro_ror"], mc=HYDRO_MC, profile=f"{r}_hydro_ror")
    if r == "ca_mb":
        for y, mw in KEEYASK:
            gen(f"ca_mb_hydro_ror_keeyask_{y}", r, "hydro_ror", mw, mc=HYDRO_MC, online=y, profile="ca_mb_hydro_ror")
    # ---- wind / solar
    w, s = d.get("wind", 0.0), d.get("solar", 0.0)
    if r == "mx_bc":
        w -= 155                                    # ESJ moves to us_cal
    if c == "US":
        if w: vintages(r, "wind", w / US_WIND_FS * US_WIND_2024 * 1000, WIND_ADD, US_WIND_2024, f"{r}_wind")
        if r == "us_ercot":
            vintages(r, "solar", ERCOT_SOLAR_END2024 * 1000, ERCOT_SOLAR_ADD, ERCOT_SOLAR_END2024, f"{r}_solar")
        elif s:
            tot = US_SOLAR_2024 - ERCOT_SOLAR_END2024
            adds = {y: SOLAR_ADD[y] - ERCOT_SOLAR_ADD[y] for y in SOLAR_ADD}
            vintages(r, "solar", s / US_SOLAR_FS * tot * 1000, adds, tot, f"{r}_solar")
    elif r == "ca_ab":
        vintages(r, "wind", w, AB_WIND_ADD, w / 1000, f"{r}_wind")
        vintages(r, "solar", s, AB_SOLAR_ADD, s / 1000, f"{r}_solar")
    elif c == "MX":
        if w: vintages(r, "wind", w, MX_WIND_ADD, 7.32, f"{r}_wind")
        if s: vintages(r, "solar", s, MX_SOLAR_ADD, 11.99, f"{r}_solar")
    else:
        gen(f"{r}_wind", r, "wind", w, profile=f"{r}_wind")
        gen(f"{r}_solar", r, "solar", s, profile=f"{r}_solar")
    # ---- geothermal, biomass
    gen(f"{r}_geothermal", r, "geothermal", d.get("geothermal", 0.0), mc=0)
    gen(f"{r}_biomass", r, "biomass_other", d.get("biomass_other", 0.0), fuel="biomass", hr=HR_BIO)
    if r == "us_cal":
        for gid, tech, mw, fuel in BC_EXPORT:
            if fuel:
                gen(gid, r, tech, mw, fuel=fuel, hr=HR_CC["mid"])
            else:
                gen(gid, r, tech, mw, profile="us_cal_wind")


# ------------------------------------------------------------------ planned additions and retirements 2025-2035
# (tools/planned.py: constants and sources; SOURCES.fleet.md "Planned fleet 2025-2035")
import sys
sys.path.insert(0, HERE)
import planned as PL
by_id = {g["id"]: g for g in rows}
def carve(src_ids, mw, new_id, retire):
    """Move `mw` out of the rows `src_ids` (in order) into new rows `new_id[_k]` with retirement_year `retire`."""
    k = 0
    for sid in src_ids:
        g = by_id.get(sid)
        if g is None or mw <= 0.05:
            continue
        take = round(min(mw, g["p_max_mw"]), 1)
        if take <= 0:
            continue
        g["p_max_mw"] = round(g["p_max_mw"] - take, 1)
        n = dict(g, id=new_id if k == 0 else f"{new_id}_{k}", p_max_mw=take, retirement_year=retire)
        rows.append(n); by_id[n["id"]] = n
        mw -= take; k += 1
def half_rule(per_year):
    """{year: amount changing during the year} -> {first year of the new state: amount} (half y, half y+1)."""
    out = {}
    for y, v in per_year.items():
        for yy in (y, y + 1):
            if yy <= PL.PLAN_END:
                out[yy] = out.get(yy, 0.0) + 0.5 * v
    return out
PL.PLAN_END = PLAN_YEARS[-1]
def cap24(r, tech):
    return sum(g["p_max_mw"] for g in rows if g["region"] == r and g["technology"] == tech and in_service(g, 2024))
def in_service(o, y):
    on, off = o.get("online_year") or 0, o.get("retirement_year") or 9999
    return int(on) <= y < int(off)
US_REG = [r for r in COUNTRY if COUNTRY[r] == "US"]
def us_alloc(tech, total_mw, ercot_share=None):
    """Split a national MW figure over US regions pro rata to their 2024 capacity of `tech` (E)."""
    caps = {r: cap24(r, tech) for r in US_REG}
    if ercot_share is not None:
        rest = sum(v for r, v in caps.items() if r != "us_ercot")
        return {r: total_mw * (ercot_share if r == "us_ercot" else (1 - ercot_share) * caps[r] / rest) for r in US_REG}
    tot = sum(caps.values())
    return {r: total_mw * caps[r] / tot for r in US_REG}
# US renewables and gas additions
for k, tech in enumerate(("solar", "wind", "gas")):
    col = {"solar": 0, "wind": 2, "gas": 3}[tech]
    online = half_rule({y: v[col] * 1000 for y, v in PL.US_ADD.items()})
    for y, mw in online.items():
        split = us_alloc("solar", mw, PL.ERCOT_SHARE["solar"]) if tech == "solar" else us_alloc("wind" if tech == "wind" else "gas_cc", mw)
        for r, m in split.items():
            if tech == "gas":
                gen(f"{r}_gas_cc_p{y}", r, "gas_cc", m * PL.GAS_NEW_CC_SHARE, fuel="gas", hr=HR_CC["new"], online=y)
                gen(f"{r}_gas_ct_p{y}", r, "gas_ct", m * (1 - PL.GAS_NEW_CC_SHARE), fuel="gas", hr=HR_CT_NEW, online=y)
            else:
                gen(f"{r}_{tech}_p{y}", r, tech, m, online=y, profile=f"{r}_{tech}")
for r, gid, mw, on in PL.US_NUC_NEW:
    gen(gid, r, "nuclear", mw, fuel="uranium", hr=HR_NUC, online=on)
# US coal and gas/oil steam retirements, pro rata to 2024 capacity, least efficient rows first (E)
by_id = {g["id"]: g for g in rows}
coal_ret = half_rule({y: v[0] * 1000 for y, v in PL.US_RET.items()})
steam_ret = half_rule({y: v[1] * 1000 for y, v in PL.US_RET.items()})
for y in sorted(coal_ret):
    for r, m in us_alloc("coal", coal_ret[y]).items():
        carve([f"{r}_coal_ineff", f"{r}_coal_avg", f"{r}_coal_eff"], m, f"{r}_coal_pret{y}", y)
    for r, m in us_alloc("gas_steam", steam_ret[y]).items():
        carve([f"{r}_gas_steam", f"{r}_oil_steam"], m, f"{r}_gas_steam_pret{y}", y)
# Canada
carve(["ca_on_nuclear"], PL.PICKERING_B, "ca_on_nuclear_pickering_b", 2027)
gen("ca_on_nuclear_pickering_b_refurb", "ca_on", "nuclear", PL.PICKERING_B_REFURB[0], fuel="uranium", hr=HR_NUC,
    online=PL.PICKERING_B_REFURB[1])
carve(["ca_mar_coal_ineff", "ca_mar_coal_avg", "ca_mar_coal_eff"], 1e9, "ca_mar_coal_pret2030", PL.CA_MAR_COAL_RET)
plan_stor = []     # (id, region, MW, online, hours)
def add_tech(r, tech, mw, y, tag):
    if tech == "battery":
        plan_stor.append((f"{r}_battery_{tag}", r, mw, y, 4.0))
    elif tech in ("wind", "solar", "hydro_ror"):
        gen(f"{r}_{tech}_{tag}", r, tech, mw, online=y, mc=HYDRO_MC if tech == "hydro_ror" else 0, profile=f"{r}_{tech}")
    elif tech == "gas_cc":
        gen(f"{r}_gas_cc_{tag}", r, tech, mw, fuel="gas", hr=HR_CC["new"], online=y)
    elif tech == "gas_ct":
        gen(f"{r}_gas_ct_{tag}", r, tech, mw, fuel="gas", hr=HR_CT_NEW, online=y)
    elif tech == "oil":
        gen(f"{r}_oil_ic_{tag}", r, tech, mw, fuel="fuel_oil", hr=HR_MX_IC, online=y)
    else:
        raise ValueError(tech)
for r, tech, mw, y in PL.CA_ADD:
    add_tech(r, tech, mw, y, f"p{y}" if not any(g["id"] == f"{r}_{tech}_p{y}" for g in rows) else f"p{y}b")
# Mexico
for i, (r, tech, mw, y) in enumerate(PL.MX_ADD):
    add_tech(r, tech, mw, y, f"p{y}_{i}")
MX_REG = [r for r in COUNTRY if COUNTRY[r] == "MX"]
def mx_alloc(tech, mw):
    caps = {r: cap24(r, tech) for r in MX_REG}
    tot = sum(caps.values())
    return {r: mw * v / tot for r, v in caps.items() if v > 0}
for y, mw in PL.MX_SOLAR_PLAN.items():
    for r, m in mx_alloc("solar", mw).items():
        add_tech(r, "solar", m, y, f"cfe{y}")
for y, mw in PL.MX_WIND_PLAN.items():
    for r, m in mx_alloc("wind", mw).items():
        add_tech(r, "wind", m, y, f"cfe{y}")
for y, mw in PL.MX_BATT_PLAN.items():
    for r, m in mx_alloc("solar", mw).items():
        add_tech(r, "battery", m, y, f"cfe{y}")
for y in range(2026, PLAN_YEARS[-1] + 1):
    sol, wnd = PL.MX_PRIVATE.get(y, PL.MX_PRIVATE_LATE)
    for r, m in mx_alloc("solar", sol).items():
        add_tech(r, "solar", m, y, f"priv{y}")
    for r, m in mx_alloc("wind", wnd).items():
        add_tech(r, "wind", m, y, f"priv{y}")
for r, mw, y in PL.MX_OIL_RET:
    carve([f"{r}_oil_steam"], mw, f"{r}_oil_steam_pret{y}", y)

# ------------------------------------------------------------------ storage
stor = []
def st(sid, r, tech, mw, mwh, eta, mc, online=None):
    # Energy from the rounded power and the duration (rounded to 1e-4 h), so that a region's vintages of one
    # technology have exactly the same duration and the dispatch solves them as one unit (AG1, docs/formulation.md).
    if mw > 0:
        p = round(mw, 1)
        stor.append(dict(id=sid, region=r, technology=tech, p_max_mw=p, energy_mwh=round(p * round(mwh / mw, 4), 4),
                         efficiency_charge=eta, efficiency_discharge=eta, soc_initial_pu="",
                         marginal_cost_usd_per_mwh=mc, online_year=online or "", reserve_max_pu=RMAX_STOR[tech]))
for s in DEF_STOR:
    r, tech, mw, mwh = s["region"], s["technology"], float(s["p_max_mw"]), float(s["energy_mwh"])
    eta, mc = s["efficiency_charge"], s["marginal_cost_usd_per_mwh"]
    if tech == "pumped_hydro":
        st(s["id"], r, tech, mw, mwh, eta, mc)
        continue
    hours = mwh / mw
    if r == "us_ercot":
        total, adds, end = ERCOT_BATT_END2024 * 1000, ERCOT_BATT_ADD, ERCOT_BATT_END2024
    else:
        end = BATT_END2024 - ERCOT_BATT_END2024
        total, adds = mw / US_BATT_FS * end * 1000, {y: BATT_ADD[y] - ERCOT_BATT_ADD[y] for y in BATT_ADD}
    share = total / (end * 1000)
    a = {y: adds[y] * 1000 * share for y in adds}
    late = sum(a[y] for y in range(2020, 2025)) + 0.5 * a[2019]
    st(f"{r}_battery_base", r, tech, total - late, (total - late) * hours, eta, mc)
    for y in range(2020, 2026):
        m = 0.5 * (a.get(y - 1, 0) + a.get(y, 0)) if y <= 2024 else 0.5 * a[2024]
        st(f"{r}_battery_{y}", r, tech, m, m * hours, eta, mc, online=y)

# planned storage 2025-2035: US national additions (tools/planned.py) by region, ERCOT share 0.35, others pro rata to
# 2024 battery MW (E), each region's duration; Canada/Mexico 4 h (E)
def stor24(r):
    return sum(s_["p_max_mw"] for s_ in stor if s_["region"] == r and s_["technology"] == "battery" and in_service(s_, 2024))
hours_of = {s_["region"]: float(s_["energy_mwh"]) / float(s_["p_max_mw"]) for s_ in DEF_STOR if s_["technology"] == "battery"}
b_on = half_rule({y: v[1] * 1000 for y, v in PL.US_ADD.items()})
rest24 = sum(stor24(r) for r in US_REG if r != "us_ercot")
for y, mw in b_on.items():
    for r in US_REG:
        m = mw * (PL.ERCOT_SHARE["battery"] if r == "us_ercot" else (1 - PL.ERCOT_SHARE["battery"]) * stor24(r) / rest24)
        st(f"{r}_battery_p{y}", r, "battery", m, m * hours_of.get(r, 4.0), 0.906, 0, online=y)
for sid, r, mw, y, h in plan_stor:
    st(sid, r, "battery", mw, mw * h, 0.906, 0, online=y)

# ------------------------------------------------------------------ fuels.csv (CO2, t/MMBtu)
# EIA "Carbon Dioxide Emissions Coefficients" (P, values as published by EIA; general knowledge, to verify):
# natural gas 53.07 kg/MMBtu; coal: ReEDS electric-sector average 0.09549 (FS §3.4, P); residual fuel oil
# 75.10; distillate 73.96; uranium 0; biomass 0 (biogenic CO2 is excluded from EIA power-sector totals).
FUELS = [("gas", "natural gas", 0.05307), ("coal", "coal (electric-sector average)", 0.09549),
         ("fuel_oil", "residual fuel oil", 0.0751), ("diesel", "distillate fuel oil", 0.07396),
         ("uranium", "nuclear fuel", 0.0), ("biomass", "wood and other biomass (biogenic)", 0.0)]

# ------------------------------------------------------------------ fuel prices ($/MMBtu)
# Henry Hub monthly spot averages (LSEG/Reuters tables, annual EIA RNGWHHD average; boereport.com Sep 2024 and
# sahmcapital.com Jun 2026 factboxes, S; they match EIA RNGWHHD to the cent where checked: 2024 Feb 1.72, Mar 1.49)
HH = {2020: [2.02, 1.91, 1.79, 1.74, 1.75, 1.63, 1.76, 2.30, 1.92, 2.39, 2.59, 2.57],
      2021: [2.71, 5.35, 2.62, 2.66, 2.91, 3.26, 3.84, 4.07, 5.16, 5.52, 5.05, 3.76],
      2022: [4.38, 4.69, 4.90, 6.59, 8.14, 7.70, 7.28, 8.80, 7.88, 5.69, 5.40, 5.53],
      2023: [3.28, 2.38, 2.31, 2.16, 2.15, 2.18, 2.55, 2.58, 2.64, 2.99, 2.71, 2.52],
      2024: [3.18, 1.72, 1.49, 1.60, 2.12, 2.54, 2.08, 1.99, 2.28, 2.19, 2.10, 3.02]}
HH_2024_AVG = 2.19   # EIA annual average 2024 (same table)
# Delivered-to-power gas by census division, 2024 (EIA AEO2025 reference case via ReEDS, FS §3.2, P):
DIV_GAS = {"WSC": 2.20, "PAC": 3.18, "MTN": 2.84, "WNC": 2.61, "ENC": 2.29, "MA": 2.27, "NE": 3.91, "SA": 3.58, "ESC": 2.65}
# Regional basis = division delivered price - Henry Hub (D), held constant over 2020-2024 (E). A region spanning
# several divisions takes their mean: PJM spans the Middle Atlantic (PA, NJ), East North Central (OH, northern
# IL, parts of IN/MI) and South Atlantic (VA, MD, DE, DC, WV) divisions.
REG_DIV = {"us_ercot": ["WSC"], "us_cal": ["PAC"], "us_nw": ["PAC"], "us_basin": ["MTN"], "us_rockies": ["MTN"],
           "us_sw": ["MTN"], "us_spp": ["WNC", "WSC"], "us_miso": ["ENC", "WNC", "WSC"], "us_pjm": ["MA", "ENC", "SA"],
           "us_nyiso": ["MA"], "us_isone": ["NE"], "us_se": ["ESC", "SA"], "us_tva": ["ESC"], "us_car": ["SA"],
           "us_fl": ["SA"], "ca_on": ["ENC"], "ca_qc": ["ENC"], "ca_mar": ["NE"], "ca_nl": ["NE"], "mx_bc": ["PAC"]}
def basis(r):
    ds = REG_DIV[r]
    return sum(DIV_GAS[x] for x in ds) / len(ds) - HH_2024_AVG
# AECO-C minus Henry Hub, US$/MMBtu (Alberta Energy Regulator ST98, 2022-2025 editions, P):
AECO_DIFF = {2020: 0.50, 2021: 0.90, 2022: 2.38, 2023: 0.52, 2024: 1.29}
AB_DELIVERY = 0.20       # E: intra-Alberta (NGTL) delivery to power plants
SKMB_ADDER = 0.40        # E: AECO + tolls east to Saskatchewan / Manitoba
ONQC_ADDER = 0.40        # E: Dawn + Ontario/Quebec distribution to generators
MX_IMPORT = 0.80         # E: Henry Hub + South Texas/Waha pipeline import and Mexican transport (CRE/SENER not found)
MX_BC_ADDER = 0.30       # E: SoCal Border/El Paso south + North Baja pipeline
MX_PEN_ADDER = 1.50      # E: supply-constrained Mayakan pipeline (Peninsular)
# ---- Regional hub series (issue 11 backcast; replaces the constant AEO basis for the regions below, 2020-2024).
# Massachusetts gas index (volume-weighted Algonquin x2, Tennessee, Dracut), monthly average, USD/MMBtu:
# ISO-NE news posts "Monthly wholesale electricity prices and demand in New England, <Month> <Year>"
# (isonewswire.com, P). Each post gives the month and the same month a year earlier. Values marked D are derived
# from a post's month-on-month % change; None = not found (filled below, E).
MASS = {2020: [None, 2.27, None, None, None, None, None, None, None, None, None, 4.26],   # Feb 2020 post; Dec 2020 from Dec 2021 post
        2021: [None, 8.57, 3.40, 2.35, None, 2.81, None, None, None, None,
               5.64,   # D: Dec 2021 8.38 is +48.6 % on Nov
               8.38],
        2022: [20.12, 14.59, 6.67, 6.48,
               7.77,   # D: Jun 2022 7.22 is -7.1 % on May
               7.22, 7.49, 8.37, 6.79, None, 5.76, 13.86],
        2023: [4.73, 8.13, 2.94, 1.88, 1.58, 2.60, 2.73, 1.40, 1.60, 1.41, 3.45, 3.22],   # complete (ISO-NE IMM: 2023 avg 3.04)
        2024: [7.68, 3.49, 1.63, 1.51, 1.60, 1.92, 1.83,
               1.62,   # D: Sep 2024 1.81 is +11.7 % on Aug
               1.81, 1.79, 2.26,
               8.65]}  # S: Algonquin Citygate Dec 2024 average (EIA Natural Gas Weekly Update 20 Feb 2025), proxy
# Missing Mass months (E): Henry Hub + the mean 2023-2024 Mass-HH basis of that calendar month (D).
MASS_FILL_BASIS = [sum(MASS[y][i] - HH[y][i] for y in (2023, 2024)) / 2 for i in range(12)]
# New York (Transco Z6 NY / Iroquois Z2 / Tennessee Z6): no monthly series found (NYISO/Potomac SOM tables not
# reachable). E: halfway between Henry Hub and the Mass index - Z6 NY tracks Algonquin in summer and spikes less in
# winter (EIA NGWU weekly points, S: 29 May 2024 Z6 NY 1.44 vs Algonquin 1.49; 12 Feb 2025 4.15 vs 15.93;
# 26 Feb 2025 3.60 vs 4.07; 22 Jan 2025 17.54 vs 18.99).
NY_SHARE_OF_MASS_BASIS = 0.5
# SoCal Citygate minus Henry Hub, monthly, USD/MMBtu. Annual anchors (S): Platts/S&P Global 28 Aug 2024
# ("SoCal Gas city-gate ... premium of over $4/MMBtu to Henry Hub in 2023 and roughly $3 in both 2021 and 2022";
# 2024 YTD basis -0.24, May -0.64, Jul -0.70, 10-28 Aug -0.28; Sep/Oct 2024 forwards -0.13); NGI (Nov 2023,
# RBN): "averaged less than $1.00 above the Henry Hub until winter 2022 ... $30.00 in December [2022] and nearly
# $15.00 for the full winter". Monthly shape within each year E (winter spikes: Uri Feb 2021, Dec 2022-Feb 2023).
SOCAL_BASIS = {2020: [0.5] * 12,                                                               # E (< 1, NGI)
               2021: [1.0, 25.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],            # mean 3.0 (S), shape E
               2022: [0.4] * 10 + [2.0, 30.0],                                                  # mean 3.0 (S), Dec 30 (S)
               2023: [20.0, 11.0, 4.0] + [1.3] * 7 + [3.0, 1.5],                                # mean 4.05 (S: > 4)
               2024: [0.6, -0.1, -0.3, -0.3, -0.64, -0.2, -0.70, -0.28, -0.13, -0.13, 0.2, 0.5]}  # Jan-Aug mean -0.24 (S)
# PG&E Citygate not found: all of us_cal priced at SoCal Citygate (gap).
# Delivery adders hub -> power plant (pipeline lateral / LDC electric-generation transport), USD/MMBtu:
# CA 0.40 (D: EIA via Reuters 18 Jan 2024, Pacific-state gas delivered to generators Jan-Oct 2023 6.96 vs
# HH Jan-Oct 2023 2.52 = premium 4.44, SoCal Citygate premium ~4.0 -> ~0.4); New England, Maritimes, New York 0.30
# (E: plants sit on Algonquin/Tennessee/Iroquois/Transco laterals; ISO-NE IMM 2023 gas average 3.04 = Mass index).
HUB_ADDER = {"mass": 0.30, "ny": 0.30, "socal": 0.40}
REG_HUB = {"us_isone": "mass", "ca_mar": "mass", "ca_nl": "mass", "us_nyiso": "ny", "us_cal": "socal"}
def hub_price(hub, y, m):
    hh = HH[y][m - 1]
    mass = MASS[y][m - 1] if MASS[y][m - 1] is not None else hh + MASS_FILL_BASIS[m - 1]
    if hub == "mass":
        return mass
    if hub == "ny":
        return hh + NY_SHARE_OF_MASS_BASIS * (mass - hh)
    return hh + SOCAL_BASIS[y][m - 1]
def gas_price(r, y, m):
    hh = HH[y][m - 1]
    if r in REG_HUB:
        return hub_price(REG_HUB[r], y, m) + HUB_ADDER[REG_HUB[r]]
    if r in ("ca_ab", "ca_bc"):
        return hh - AECO_DIFF[y] + AB_DELIVERY
    if r in ("ca_sk", "ca_mb"):
        return hh - AECO_DIFF[y] + SKMB_ADDER
    if r in ("ca_on", "ca_qc"):
        return hh + basis(r) + ONQC_ADDER
    if r == "mx_bc":
        return hh + basis(r) + MX_BC_ADDER
    if r == "mx_pen":
        return hh + MX_IMPORT + MX_PEN_ADDER
    if r.startswith("mx_"):
        return hh + MX_IMPORT
    return hh + basis(r)
# Coal delivered to power by division, 2024: EIA Electric Power Monthly Table 4.10.B (Jan-Jul 2024 YTD, P):
# MA 2.16, ENC 2.48, WNC 1.80, SA 3.43; other divisions from AEO2025 2024 (FS §3.2, P): WSC 2.16, MTN 2.04,
# PAC 2.13, ESC 2.34, NE 3.63.
DIV_COAL = {"MA": 2.16, "ENC": 2.48, "WNC": 1.80, "SA": 3.43, "WSC": 2.16, "MTN": 2.04, "PAC": 2.13, "ESC": 2.34, "NE": 3.63}
# National average delivered coal cost by year, $/MMBtu: 2020 1.92, 2021 1.98 (EIA Electric Power Annual
# Table 7.1, P); 2022 2.43, 2023 2.57, 2024 2.48 (E, EIA order of magnitude, to verify). Regional price in year y =
# 2024 regional price x national(y)/national(2024) (D). Monthly coal prices not used (annual for all months).
COAL_NAT = {2020: 1.92, 2021: 1.98, 2022: 2.43, 2023: 2.57, 2024: 2.48}
COAL_OTHER = {"ca_ab": 1.5, "ca_sk": 1.8, "ca_mar": 3.6, "mx_nes": 2.5, "mx_occ": 3.0}   # E: mine-mouth / imported
# Petroleum ($/MMBtu, annual): residual fuel oil - EIA EPA Table 7.1 petroleum average cost 2020 5.98, 2021 10.08
# (P); 2022-2024 scaled with Brent (E). Distillate - NY Harbor ULSD annual average / 0.1387 MMBtu/gal + 0.30
# delivery (E, EIA spot series from general knowledge).
FUEL_OIL = {2020: 5.98, 2021: 10.08, 2022: 14.3, 2023: 11.6, 2024: 11.5}
DIESEL = {2020: 9.4, 2021: 15.5, 2022: 26.4, 2023: 20.2, 2024: 17.3}
URANIUM = 0.62    # E: nuclear fuel ~0.6-0.65 c/kWh (NEI/EIA order of magnitude) / 10.45 MMBtu/MWh
BIOMASS = 2.5     # E: delivered wood/residues

# ------------------------------------------------------------------ availability.csv
# Nuclear: refuelling outages every 18-24 months, ~30-40 days, scheduled in spring and autumn; US fleet
# capacity factor 92.4 % (2020), 92.8 % (2021), 93.4 % (2019) (EIA EPM 6.07.B, FS §4.1b, P). Monthly profile E,
# annual mean 0.93 (D).
NUC_M = [0.99, 0.97, 0.89, 0.84, 0.90, 0.98, 0.99, 0.99, 0.94, 0.85, 0.89, 0.98]
# Thermal: forced-outage derate x planned-maintenance profile (spring Mar-May and autumn Sep-Nov).
# Forced outage rates: NERC GADS class averages (E: orders of magnitude from NERC State of Reliability /
# PJM class EFORd: coal ~8-10 %, CC ~4-5 %, CT ~7-9 %, oil/gas steam ~10-12 %); planned outage factors ~6-9 %.
FORCED = {"coal": 0.91, "gas_cc": 0.955, "gas_ct": 0.93, "gas_steam": 0.89, "oil_steam": 0.88, "oil": 0.90}
PLANNED_M = {
    "coal":      [0.97, 0.95, 0.82, 0.74, 0.82, 0.97, 1.00, 1.00, 0.92, 0.80, 0.86, 0.97],
    "gas_cc":    [0.98, 0.96, 0.88, 0.84, 0.90, 0.99, 1.00, 1.00, 0.96, 0.88, 0.92, 0.98],
    "gas_ct":    [0.99, 0.98, 0.94, 0.92, 0.95, 1.00, 1.00, 1.00, 0.98, 0.94, 0.96, 0.99],
    "gas_steam": [0.97, 0.95, 0.85, 0.80, 0.85, 0.98, 1.00, 1.00, 0.94, 0.84, 0.88, 0.97],
    "oil_steam": [0.97, 0.95, 0.85, 0.80, 0.85, 0.98, 1.00, 1.00, 0.94, 0.84, 0.88, 0.97],
    "oil":       [1.00, 1.00, 0.96, 0.95, 0.97, 1.00, 1.00, 1.00, 0.98, 0.96, 0.97, 1.00],
}
# Observed capacity factors as availability (their fuel is cheap, so without a cap they would run flat out):
GEO_CF = 0.70      # E: US geothermal ~70 % (EIA EPM 6.07.B order of magnitude)
GEO_CF_MX = 0.49   # D: 4.2 TWh (2021, MDPI/SENER) / 0.98 GW (default case)
BIO_CF = 0.60      # E: US wood/other biomass ~55-65 % (EIA EPM 6.07.B order of magnitude)
# Must-run (lower bound share of available capacity):
# coal 0.25, 0.30 in Jan/Jul/Aug/Dec: self-commitment at minimum stable load (~40-50 % of a committed unit) on
# the majority of units that stay committed; EIA coal fleet CF ~42 % in 2023 and 2024 (E/brief).
# Calibration (issue 11, documented in SOURCES.md "factors that remain"): with only the 0.20-0.30 shares above the
# 2024 backcast ran the coal fleet at ~26 % CF against the record's ~43 %, because an LP without unit commitment
# dispatches coal only when it is the cheapest unit, while in the markets a large part of the coal fleet is
# self-committed/self-scheduled and runs at or above minimum stable load whatever the price (S: MISO and SPP IMM
# State of the Market reports on self-commitment; Union of Concerned Scientists "Used, but how useful?" 2020).
# The shares below (E) are the must-run share of AVAILABLE coal capacity: 0.50 in the peak months (Dec-Feb,
# Jun-Aug) and 0.40 in the shoulder months, i.e. most units committed at a ~45-50 % minimum stable load.
COAL_MR = [0.50, 0.50, 0.40, 0.40, 0.40, 0.50, 0.50, 0.50, 0.40, 0.40, 0.40, 0.50]
NUC_MR = 0.90    # no load following in North America except rarely (default case p_min 90 %, E)
AB_CC_MR = 0.35  # E: Alberta oil-sands cogeneration (behind-the-fence CHP) runs to steam demand
US_CC_MR = 0.10  # E: industrial CHP share of US gas combined cycles
# Ontario refurbishments (OPG Darlington, Bruce MCR) keep ~1.7-2.6 GW out each year (E): availability factor.
# 2023 and 2024 (issue 11 flows) D from StatCan: Canadian nuclear generation 84.0 TWh in 2023 ("Electric power thermal
# generating station fuel consumption, 2023 (final)", P) and 81.7 TWh in 2024 ("Electricity year in review 2024", P),
# less Point Lepreau (NB; ~4.9 TWh in 2023 at ~85 %, E; ~1.0 TWh in 2024, out "most of the year", StatCan 2024, P/E)
# => Ontario ~79.1 / ~80.7 TWh, against 86.7 / ~86 TWh that the 0.81 / 0.80 factors gave in the backcast (IESO 2023:
# "three to four concurrent refurbishments at any one time", S). Factors scaled by 79.1/86.7 and 80.7/86 (D).
ON_REFURB = {2020: 0.86, 2021: 0.87, 2022: 0.80, 2023: 0.74, 2024: 0.75}
# Point Lepreau (ca_mar, 660 MW) 2024: "extended maintenance shutdown ... that lasted most of the year" (StatCan
# Electricity year in review 2024, P): availability x 0.2 in 2024 (E: ~2.5 of 12 months in service).
LEPREAU_2024 = 0.2

avail = []
def av(tech, region, month, year, a, mr=""):
    avail.append(dict(technology=tech, region=region or "", month=month or "", year=year or "",
                      availability_pu=round(a, 4), must_run_pu=mr))
for m in range(1, 13):
    av("nuclear", None, m, None, NUC_M[m - 1], NUC_MR)
    for t in FORCED:
        mr = COAL_MR[m - 1] if t == "coal" else (US_CC_MR if t == "gas_cc" else "")
        av(t, None, m, None, FORCED[t] * PLANNED_M[t][m - 1], mr)
    av("gas_cc", "ca_ab", m, None, FORCED["gas_cc"] * PLANNED_M["gas_cc"][m - 1], AB_CC_MR)
    for y, f in list(ON_REFURB.items()) + list(PL.ON_REFURB_PLAN.items()):
        av("nuclear", "ca_on", m, y, NUC_M[m - 1] * f, NUC_MR)
    av("nuclear", "ca_mar", m, 2024, NUC_M[m - 1] * LEPREAU_2024, NUC_MR)
av("geothermal", None, None, None, GEO_CF)
for r in ("mx_bc", "mx_bcs", "mx_occ", "mx_ori"):
    av("geothermal", r, None, None, GEO_CF_MX)
av("biomass_other", None, None, None, BIO_CF)
# Mexico's fuel-oil steam fleet (CFE): run as must-run at 0.25 of available capacity (E, calibration): CFE
# dispatches its own thermal plants ahead of private gas and renewables under the 2021 reform of the Ley de la
# Industria Electrica and burns fuel oil where gas supply is short (Peninsular, Pacific coast); the record's oil
# share is ~8-12 % of Mexican generation (record_2023/2024.csv) against <1 % in a pure merit-order dispatch.
MX_OIL_MR = 0.25
for r in sorted(x for x in COUNTRY if COUNTRY[x] == "MX"):
    if any(g["region"] == r and g["technology"] == "oil_steam" for g in rows):
        a = sum(FORCED["oil_steam"] * PLANNED_M["oil_steam"][m] for m in range(12)) / 12
        av("oil_steam", r, None, None, a, MX_OIL_MR)
# Vogtle 3 (COD 31 Jul 2023) and 4 (COD 29 Apr 2024): us_se nuclear derated in the months before COD (D):
se_nuc = {g["id"]: g["p_max_mw"] for g in rows if g["region"] == "us_se" and g["technology"] == "nuclear"}
se_tot = sum(se_nuc.values())
for m in range(1, 8):
    av("nuclear", "us_se", m, 2023, NUC_M[m - 1] * (se_tot - 2 * 1114) / (se_tot - 1114), NUC_MR)  # in 2023 Vogtle 4 row is not in service
for m in range(1, 5):
    av("nuclear", "us_se", m, 2024, NUC_M[m - 1] * (se_tot - 1114) / se_tot, NUC_MR)

# ------------------------------------------------------------------ reserves
# Operating (spinning + 10-min) reserves per scope. RS1: load_share x load + contingency_mw.
RES = [
    # id, scope, load_share, contingency, source
    ("ercot", "us_ercot", 0.03, 2800, "ERCOT: RRS ~2,800-3,200 MW + non-spin/ECRS (ERCOT AS methodology; E)"),
    ("western", "Western", 0.06, 0, "WECC BAL-002-WECC-2: 3 % of load + 3 % of generation (E: = 6 % of load)"),
    ("pjm", "us_pjm", 0.0, 3300, "PJM primary reserve = 150 % of largest contingency (~2,200 MW) (E)"),
    ("miso", "us_miso", 0.0, 2400, "MISO contingency reserve ~2,400 MW (E)"),
    ("spp", "us_spp", 0.0, 1600, "SPP contingency reserve ~ largest unit x 1.5 (E)"),
    ("nyiso", "us_nyiso", 0.0, 1310, "NYISO 10-min total reserve 1,310 MW (NYISO, S/E)"),
    ("isone", "us_isone", 0.0, 1700, "ISO-NE 10-min reserve ~ largest contingency (Seabrook/Phase II) (E)"),
    ("serc", "us_se", 0.0, 1200, "largest unit ~1,200 MW (E)"),
    ("tva", "us_tva", 0.0, 1200, "largest unit (E)"),
    ("car", "us_car", 0.0, 1200, "largest unit (E)"),
    ("frcc", "us_fl", 0.0, 1000, "largest unit (E)"),
    ("ontario", "ca_on", 0.0, 1000, "IESO 10-min operating reserve ~ largest contingency (E)"),
    ("quebec", "Quebec", 0.0, 1500, "HQ reserve ~ largest contingency (E)"),
    ("mx_sin", "SIN", 0.06, 0, "CENACE operating reserve criterion ~6 % of demand (E)"),
    ("mx_bcs", "BCS", 0.06, 0, "as SIN (E)"),
]
SHORT = {  # reserve id -> [(segment_share, price)]
    "ercot": [(0.1, 100), (0.2, 500), (0.3, 2000), (0.4, 5000)],   # ORDC shape, cap 5,000 (PUCT 2022 HCAP, S/E)
    "pjm": [(0.2, 300), (0.8, 850)],                                # PJM penalty factors $300 / $850 (S/E)
    "nyiso": [(0.5, 500), (0.5, 775)],                              # NYISO demand curves $500/$750/$775 (S/E)
    "isone": [(0.5, 1000), (0.5, 1500)],                            # ISO-NE RCPF TMOR $1,000, TMNSR $1,500 (S/E)
    "miso": [(0.3, 500), (0.7, 1100)],                              # MISO ORDC up to ~$1,100 (E)
    "western": [(0.5, 250), (0.5, 1000)],                           # CAISO bid cap $1,000 (E)
}
SHORT_DEFAULT = [(0.5, 300), (0.5, 1000)]                           # E
# reserve_requirements.csv (historical case only): ERCOT Contingency Reserve Service (ECRS), a 10-minute product held
# out of the energy market, deployed from 10 June 2023 (RTO Insider, Apr 2024: "ECRS was deployed last June", S; Grid
# Monitor, Jan 2024, on ERCOT's 2024 AS methodology, S). Quantities: the 2024 methodology "reduced 2024 quantities by an
# average of 442 MW in each hour, about a 21 % reduction" (ERCOT's N. Mago to TAC, via RTO Insider, S) => 2023 average
# 442 / 0.21 = 2,105 MW and 2024 1,663 MW (D). Added to the 2,800 MW fixed part above: June 2023 pro rata from the
# 10th (21 of 30 days, D), July-December 2023 4,905 MW, 2024 4,463 MW. The market monitor attributed about USD 12.5
# billion of 2023 energy and AS costs to ECRS withholding capacity (IMM via RTO Insider, S): a cause of ERCOT's 2023
# price level that a constant requirement misses. The 2030 default case holds ECRS at its 2024 level: ERCOT kept the
# product in its 2025 methodology (TAC endorsed three ECRS revisions, September 2024, RTO Insider, S) and proposed
# probabilistic ECRS and non-spin quantities for 2026 at more than twice the market monitor's proposal (S&P Global,
# 2025-08-06, S); its 2030 quantity is not published (E: 2024 average held).
ECRS_2023, ECRS_2024 = 2105, 1663
ECRS_2030 = ECRS_2024
RES_PERIODS = ([("ercot", 2023, 6, 2800 + round(ECRS_2023 * 21 / 30))]
               + [("ercot", 2023, m, 2800 + ECRS_2023) for m in range(7, 13)] + [("ercot", 2024, "", 2800 + ECRS_2024)])

# ------------------------------------------------------------------ lines / links corrections
CPI = 1.66   # CPI-U 2004->2024 (FS §3.5 note, E)
HURDLE_CA = round(2.39 * CPI, 2)   # ReEDS cost_hurdle_country Canada 2.39 $2004/MWh (FS §3.3, P) -> 3.97
HURDLE_MX = round(9.72 * CPI, 2)   # Mexico 9.72 $2004/MWh -> 16.14
SEAM_RTO = 1.5    # E: RTO-RTO seam (pancaked charges removed by JOAs; residual seams cost ~1-2 $/MWh)
SEAM_BILAT = 3.0  # E: non-RTO boundary (OATT point-to-point wheeling ~1.5-3 $/kW-month)
RTO = {"us_ercot", "us_cal", "us_spp", "us_miso", "us_pjm", "us_nyiso", "us_isone"}
# Ties dedicated to one contract carry no seam: Churchill Falls output to Hydro-Quebec (1969 contract, HQ's
# 735 kV lines) and the Maritime Link (Emera's Nova Scotia Block from Muskrat Falls).
CONTRACT_TIES = [{"ca_nl", "ca_qc"}, {"ca_nl", "ca_mar"}]
def hurdle(a, b):
    ca, cb = COUNTRY[a], COUNTRY[b]
    if ca != cb:
        return HURDLE_MX if "MX" in (ca, cb) else HURDLE_CA
    if ca == "MX" or {a, b} in CONTRACT_TIES:
        return 0.0     # Mexico is one system operator (CENACE)
    # Canadian provinces are separate balancing authorities with their own tariffs (IESO export transmission
    # service, HQ/BC Hydro/MH/SaskPower/NB Power OATT point-to-point, AESO): a bilateral seam like US non-RTO ones.
    return SEAM_RTO if (a in RTO and b in RTO) else SEAM_BILAT
# direction-specific limits (forward = from->to as in the default case)
LINE_DIR = {
    "ca_on_us_nyiso": (1700, 1300),   # IESO AIS: ON->NY 1,700 / NY->ON 1,300 summer (FS §2.1, S)
    "ca_on_us_miso": (1450, 1350),    # IESO AIS: ON->MI 1,450 / MI->ON 1,350 summer (FS §2.1, S)
    "ca_bc_us_nw": (3150, 3000),      # Path 3: 3,150 BC->US / 3,000 US->BC (FS §2.1, S)
    "ca_ab_us_basin": (310, 315),     # MATL: EM exchange limits (FS §2.1, S)
    "ca_ab_ca_bc": (735, 700),        # Path 1 AESO operating limits export 735 / import 700 (FS §2.3, S)
    "mx_bc_us_cal": (800, 900),       # MX->US 800 (EM); US->MX 900 (D: observed 857 MW hourly import 2024, FS §2.2)
    "ca_mar_us_isone": (1000, 550),   # E: ISO-NE New Brunswick interface ~1,000 MW import into NE, 550 export
}
links_dir = {
    "ca_qc_us_isone_phase2": (1200, 1200),  # ISO-NE single-source contingency: usable import 1,200 MW (brief; ISO-NE)
}

lines_out = []
for l in read("lines.csv"):
    if l["status"] != "existing":
        continue     # candidates of the 2030 case are not part of the historical fleet
    a, b, i = l["from_region"], l["to_region"], l["id"]
    fwd, rev = LINE_DIR.get(i, (float(l["s_max_mw"]), float(l["s_max_mw"])))
    row = dict(id=i, name=l["name"], from_region=a, to_region=b, s_max_mw=fwd, s_max_reverse_mw=rev, x_pu=l["x_pu"],
               status="existing", hurdle_usd_per_mwh=hurdle(a, b), online_year="", retirement_year="")
    if i == "ca_mb_us_miso":
        # Manitoba-US: 3,185 export / 2,100 import after MMTP/GNTL (energized 1 Jun 2020); before: ~2,300 / ~1,400
        # (FS §2.1, S). Base ties + MMTP as a parallel row (x scaled by rating, E).
        x = float(l["x_pu"])
        row.update(s_max_mw=2300, s_max_reverse_mw=1400, x_pu=round(x * 3185 / 2300, 5))
        lines_out.append(row)
        lines_out.append(dict(row, id="ca_mb_us_miso_mmtp", name="Manitoba-Minnesota Transmission Project / GNTL 500 kV",
                              s_max_mw=885, s_max_reverse_mw=700, x_pu=round(x * 3185 / 885, 5), online_year=2020))
        continue
    lines_out.append(row)
# SaskPower-SPP: 150 MW today, +500 MW expansion in service 2027 (FS §2.1/§2.6, S)
sk = next(l for l in read("lines.csv") if l["id"] == "ca_sk_us_spp_2027")
lines_out.append(dict(id="ca_sk_us_spp_2027", name="SaskPower-SPP (North Dakota) expansion 150->650 MW", from_region="ca_sk",
                      to_region="us_spp", s_max_mw=500, s_max_reverse_mw=500, x_pu=sk["x_pu"], status="existing",
                      hurdle_usd_per_mwh=HURDLE_CA, online_year=2027, retirement_year=""))

links_out = []
LINK_ONLINE = {"ca_qc_us_isone_necec": 2026,        # commercial operation 16 Jan 2026 (FS §2.1, S)
               "ca_qc_us_nyiso_chpe": 2026}         # CHPE 1,250 MW, in service 2026 (FS §2.6, S; brief)
for k in read("links.csv"):
    i = k["id"]
    if k["status"] != "existing" and i != "ca_qc_us_nyiso_chpe":
        continue
    a, b = k["from_region"], k["to_region"]
    fwd, rev = links_dir.get(i, (float(k["p_max_forward_mw"]), float(k["p_max_reverse_mw"])))
    if i == "ca_qc_us_nyiso_chpe":
        fwd, rev = 1250, 0      # HVDC delivering into New York City (one-directional contract, E for reverse)
    links_out.append(dict(id=i, name=k["name"], from_region=a, to_region=b, kind=k["kind"], p_max_forward_mw=fwd,
                          p_max_reverse_mw=rev, efficiency=k["efficiency"], wheeling_cost_usd_per_mwh=0,
                          status="existing", hurdle_usd_per_mwh=hurdle(a, b), online_year=LINK_ONLINE.get(i, ""),
                          retirement_year=""))

# ------------------------------------------------------------------ write
# The historical case models New York as two regions (tools/ny_split.py); the 2030 default case keeps one us_nyiso.
NY_SPLIT = {"generators.csv": ny_split.generators, "storage.csv": ny_split.storage, "regions.csv": ny_split.regions,
            "carbon_prices.csv": ny_split.by_region, "fuel_prices.csv": ny_split.by_region,
            "availability.csv": ny_split.by_region, "lines.csv": ny_split.lines, "links.csv": ny_split.links,
            "reserves.csv": lambda rs: [dict(r_, scope=ny_split.reserve_scope(r_["scope"])) for r_ in rs]}


def write(name, rows_, cols, dirs=(OUT, CASE2030)):
    """Write a table into the historical case and (by default) the 2030 default case: one fleet, two studies."""
    for d_ in dirs:
        out_rows = NY_SPLIT.get(name, lambda rs: rs)(rows_) if d_ == OUT else rows_
        with open(os.path.join(d_, name), "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
            w.writeheader()
            for r_ in out_rows:
                w.writerow({c_: ("%g" % r_[c_]) if isinstance(r_.get(c_), float) else r_.get(c_, "") for c_ in cols})

GCOLS = ["id", "region", "technology", "p_max_mw", "p_min_mw", "marginal_cost_usd_per_mwh", "co2_t_per_mwh", "fuel",
         "heat_rate_mmbtu_per_mwh", "vom_usd_per_mwh", "online_year", "retirement_year", "reserve_max_pu", "profile"]
assert len({g["id"] for g in rows}) == len(rows), "duplicate generator id"
write("generators.csv", rows, GCOLS)
write("storage.csv", stor, ["id", "region", "technology", "p_max_mw", "energy_mwh", "efficiency_charge",
                            "efficiency_discharge", "soc_initial_pu", "marginal_cost_usd_per_mwh", "online_year", "reserve_max_pu"])
write("regions.csv", REGIONS, list(REGIONS[0].keys()))
write("fuels.csv", [dict(id=a, name=b, co2_t_per_mmbtu=c) for a, b, c in FUELS], ["id", "name", "co2_t_per_mmbtu"])
fp = []
for y in YEARS:
    for m in range(1, 13):
        for r in COUNTRY:
            if r == "mx_bcs":
                continue        # no gas supply in Baja California Sur
            fp.append(dict(fuel="gas", region=r, year=y, month=m, price_usd_per_mmbtu=round(gas_price(r, y, m), 3)))
    for r in COUNTRY:
        c = COUNTRY[r]
        if r in COAL_OTHER:
            p = COAL_OTHER[r] * COAL_NAT[y] / COAL_NAT[2024]
        elif c == "US":
            ds = REG_DIV[r]
            p = sum(DIV_COAL[x] for x in ds) / len(ds) * COAL_NAT[y] / COAL_NAT[2024]
        else:
            continue
        fp.append(dict(fuel="coal", region=r, year=y, month="", price_usd_per_mmbtu=round(p, 3)))
    fp.append(dict(fuel="fuel_oil", region="", year=y, month="", price_usd_per_mmbtu=FUEL_OIL[y]))
    fp.append(dict(fuel="diesel", region="", year=y, month="", price_usd_per_mmbtu=DIESEL[y]))
for y in PLAN_YEARS:   # annual rows (month empty), AEO2025 Reference by census division (tools/planned.py)
    hh = PL.aeo(PL.AEO_GAS, y, ["WSC"]) - PL.HH_FROM_WSC
    aeco = PL.AECO_DIFF_PLAN.get(y, PL.AECO_DIFF_LATE)
    nat = {yy: sum(PL.AEO_COAL[yy]) / 9 for yy in (y,)}
    nat24 = 2.538   # mean of the nine divisions in AEO2025 2024 (D, same file)
    for r in COUNTRY:
        c = COUNTRY[r]
        if r == "mx_bcs":
            g = None
        elif c == "US":
            g = PL.aeo(PL.AEO_GAS, y, REG_DIV[r])
        elif r in ("ca_ab", "ca_bc"):
            g = hh - aeco + AB_DELIVERY
        elif r in ("ca_sk", "ca_mb"):
            g = hh - aeco + SKMB_ADDER
        elif r in ("ca_on", "ca_qc"):
            g = PL.aeo(PL.AEO_GAS, y, REG_DIV[r]) + ONQC_ADDER
        elif r in ("ca_mar", "ca_nl"):
            g = PL.aeo(PL.AEO_GAS, y, REG_DIV[r])
        elif r == "mx_bc":
            g = PL.aeo(PL.AEO_GAS, y, ["PAC"]) + MX_BC_ADDER
        elif r == "mx_pen":
            g = hh + MX_IMPORT + MX_PEN_ADDER
        else:
            g = hh + MX_IMPORT
        if g is not None:
            fp.append(dict(fuel="gas", region=r, year=y, month="", price_usd_per_mmbtu=round(g, 3)))
        if c == "US":
            p_ = PL.aeo(PL.AEO_COAL, y, REG_DIV[r])
        elif r in COAL_OTHER:
            p_ = COAL_OTHER[r] * nat[y] / nat24
        else:
            continue
        fp.append(dict(fuel="coal", region=r, year=y, month="", price_usd_per_mmbtu=round(p_, 3)))
    fp.append(dict(fuel="fuel_oil", region="", year=y, month="", price_usd_per_mmbtu=FUEL_OIL[2024]))
    fp.append(dict(fuel="diesel", region="", year=y, month="", price_usd_per_mmbtu=DIESEL[2024]))
fp.append(dict(fuel="uranium", region="", year="", month="", price_usd_per_mmbtu=URANIUM))
fp.append(dict(fuel="biomass", region="", year="", month="", price_usd_per_mmbtu=BIOMASS))
write("fuel_prices.csv", fp, ["fuel", "region", "year", "month", "price_usd_per_mmbtu"])
# ------------------------------------------------------------------ carbon prices (C2), USD per metric tonne CO2
# RGGI allowances are per SHORT ton: USD/t = USD/short ton / 0.907185. Annual means of the four quarterly
# auction clearing prices:
#  2022: 13.50 (Mar), 13.90 (Jun), 13.45 (Sep), 12.94 (Dec; Dec 2023's 14.88 was "+15 %") -> 13.45 (S: ESAI Power
#        Emissions Watch blog; Climate Impact Capital/EIA Today in Energy 2022; Acadia Center Dec 2023).
#  2023: 12.50 (Mar; Jun's 12.73 was "+1.8 %"), 12.73 (Jun), 13.85 (Sep), 14.88 (Dec) -> 13.49 (S: ESAI Power,
#        EVC Valuation, Acadia Center 2023 "2023 average 0.2 % above 2022").
#  2020, 2021, 2024: E (RGGI auction results page rggi.org/auctions/auction-results, not reachable here):
#        2020 ~ 6.5, 2021 ~ 9.5 (Jun 2021 7.97 is S: Climate Impact Capital), 2024 ~ 19.
RGGI_USD_PER_SHORT_TON = {2020: 6.5, 2021: 9.5, 2022: 13.45, 2023: 13.49, 2024: 19.0}
# California-Quebec joint auction, current-vintage settlement prices (USD per metric ton), annual means:
#  2020: 17.87 (Feb, S: EDF Climate 411) then at/near the floor (16.68) for the rest -> ~17.2 (D/E)
#  2022: 29.15 (Feb), 30.85 (May), 27.00 (Aug, E), 26.80 (Nov) -> 28.45 (S: Climate Impact Capital, EnerKnol, CARB
#        press release 23 Nov 2022 via PublicNow)
#  2024: 41.76 (Feb, S: Politico/E&E 23 Feb 2024), later 2024 auctions lower (E) -> ~35
#  2021 ~ 22, 2023 ~ 33: E (CARB auction information page, not reachable here).
CA_USD_PER_T = {2020: 17.2, 2021: 22.0, 2022: 28.45, 2023: 33.0, 2024: 35.0}
# Which regions pay: ISO-NE and NYISO are wholly inside RGGI; in PJM only the fossil units of Maryland, Delaware,
# New Jersey (from 2020) and Virginia (2021-2023) pay. The model has one PJM region, so PJM gets RGGI x the share
# of PJM's fossil generation in those states: E ~ 0.15 (2020), 0.25 (2021-2023, with Virginia), 0.15 (2024).
PJM_RGGI_SHARE = {2020: 0.15, 2021: 0.25, 2022: 0.25, 2023: 0.25, 2024: 0.15}
# Alberta's TIER (Technology Innovation and Emissions Reduction Regulation) is output-based: an electricity
# generator pays the fund price only on emissions above the "good-as-best-gas" benchmark of 0.37 t CO2e/MWh and
# earns credits below it (S: Parker & Fitz, environmentalandresourcelawblog 2019, on the federal acceptance of
# TIER; World Bank Carbon Pricing Dashboard, Alberta TIER factsheet). Fund price CAD/t: 30 (2020; E, the 2020
# federal benchmark), 40 (2021), 50 (2022) = the federal benchmark schedule (S: same blog; Blakes via Mondaq 2023
# "Alberta Increases Cost of TIER Fund Credits to C$50"), 65 (2023) and 80 (2024)
# (S: Ministerial Order 62/2022, Blakes via Mondaq 2023: +15 a year to 170 in 2030). The fund price is the ceiling
# of the credit market; EPC and offset credits traded below it in 2023-2024 (credit use at a record, ClearBlue on
# the 2023 compliance report, S), so this is an upper bound (E). CAD -> USD at annual average rates (E: Bank of
# Canada annual averages, not reachable here: 0.746, 0.798, 0.769, 0.741, 0.730).
TIER_CAD_PER_T = {2020: 30.0, 2021: 40.0, 2022: 50.0, 2023: 65.0, 2024: 80.0}
USD_PER_CAD = {2020: 0.746, 2021: 0.798, 2022: 0.769, 2023: 0.741, 2024: 0.730}
TIER_BENCHMARK_T_PER_MWH = 0.37
carbon = []
for y in YEARS:
    carbon.append(dict(region="ca_ab", year=y, month="", price_usd_per_t=round(TIER_CAD_PER_T[y] * USD_PER_CAD[y], 2),
                       benchmark_t_per_mwh=TIER_BENCHMARK_T_PER_MWH))
    rggi_t = RGGI_USD_PER_SHORT_TON[y] / 0.907185
    carbon.append(dict(region="us_isone", year=y, month="", price_usd_per_t=round(rggi_t, 2)))
    carbon.append(dict(region="us_nyiso", year=y, month="", price_usd_per_t=round(rggi_t, 2)))
    carbon.append(dict(region="us_pjm", year=y, month="", price_usd_per_t=round(rggi_t * PJM_RGGI_SHARE[y], 2)))
    carbon.append(dict(region="us_cal", year=y, month="", price_usd_per_t=CA_USD_PER_T[y]))
# 2025-2035 (real 2024 USD, like the fuel prices): both programmes continue (RGGI's Third Program Review model rule
# to 2037; California's cap-and-trade extended to 2045 as cap-and-invest, AB 1207 of 2025, S). Each is held at its 2024
# value in real terms (E), never below California's auction reserve price, 25.87 USD/t in 2025 rising 5 % a year plus
# inflation (CARB regulation 17 CCR 95911, P; 25.87 / 1.025 in 2024 USD, D). RGGI's cost-containment trigger price is
# below the 2024 clearing prices, so it sets no floor (E). PJM keeps its 2024 share of RGGI-covered fossil output.
CA_FLOOR_2025_REAL = 25.87 / 1.025
# TIER after 2024: held at its 2024 value in real terms like RGGI and California (E; the 2022 schedule would rise
# CAD 15 a year to 170 in 2030, S above, and Alberta's policy beyond 2024 is uncertain), benchmark 0.37 (E).
for y in PLAN_YEARS:
    carbon.append(dict(region="ca_ab", year=y, month="", price_usd_per_t=round(TIER_CAD_PER_T[2024] * USD_PER_CAD[2024], 2),
                       benchmark_t_per_mwh=TIER_BENCHMARK_T_PER_MWH))
    rggi_t = RGGI_USD_PER_SHORT_TON[2024] / 0.907185
    ca_floor = CA_FLOOR_2025_REAL * 1.05 ** (y - 2025)
    carbon.append(dict(region="us_isone", year=y, month="", price_usd_per_t=round(rggi_t, 2)))
    carbon.append(dict(region="us_nyiso", year=y, month="", price_usd_per_t=round(rggi_t, 2)))
    carbon.append(dict(region="us_pjm", year=y, month="", price_usd_per_t=round(rggi_t * PJM_RGGI_SHARE[2024], 2)))
    carbon.append(dict(region="us_cal", year=y, month="", price_usd_per_t=round(max(CA_USD_PER_T[2024], ca_floor), 2)))
write("carbon_prices.csv", carbon, ["region", "year", "month", "price_usd_per_t", "benchmark_t_per_mwh"])
write("availability.csv", avail, ["technology", "region", "month", "year", "availability_pu", "must_run_pu"])
write("reserves.csv", [dict(id=a, scope=b, load_share=c, contingency_mw=d) for a, b, c, d, _ in RES],
      ["id", "scope", "load_share", "contingency_mw"], dirs=(OUT,))
# 2030 default case: ERCOT's fixed part with ECRS held at its 2024 level (ECRS_2030 above).
write("reserves.csv", [dict(id=a, scope=b, load_share=c, contingency_mw=d + (ECRS_2030 if a == "ercot" else 0))
                       for a, b, c, d, _ in RES], ["id", "scope", "load_share", "contingency_mw"], dirs=(CASE2030,))
write("reserve_shortage.csv", [dict(reserve=i, segment_share=s, price_usd_per_mwh=p) for i, *_ in RES
                               for s, p in SHORT.get(i, SHORT_DEFAULT)], ["reserve", "segment_share", "price_usd_per_mwh"])
write("reserve_requirements.csv", [dict(reserve=i, year=y, month=m, contingency_mw=c) for i, y, m, c in RES_PERIODS],
      ["reserve", "year", "month", "contingency_mw"], dirs=(OUT,))
LCOLS = ["id", "name", "from_region", "to_region", "s_max_mw", "s_max_reverse_mw", "x_pu", "status", "hurdle_usd_per_mwh", "online_year", "retirement_year"]
KCOLS = ["id", "name", "from_region", "to_region", "kind", "p_max_forward_mw", "p_max_reverse_mw", "efficiency", "wheeling_cost_usd_per_mwh", "status", "hurdle_usd_per_mwh", "online_year", "retirement_year"]
write("lines.csv", lines_out, LCOLS, dirs=(OUT,))
write("links.csv", links_out, KCOLS, dirs=(OUT,))
# 2030 default case: the same rows plus its expansion columns, and the candidates that are not now in service
# (CHPE, SaskPower-SPP 2027 are existing rows with online years; their expansion is off).
EXP = ["expandable", "max_added_mw", "capital_cost_usd_per_mw", "lifetime_years", "discount_rate", "fixed_om_pct_per_year",
       "build_unit_mw"]
NOW_EXISTING = {"ca_sk_us_spp_2027", "ca_qc_us_nyiso_chpe"}
def with_expansion(out_rows, base_rows, kind):
    base = {b["id"]: b for b in base_rows}
    res = []
    for o in out_rows:
        b = base.get(o["id"])
        e = {k: (b[k] if b and o["id"] not in NOW_EXISTING else "") for k in EXP}
        e["expandable"] = e["expandable"] or "false"
        res.append(dict(o, **e))
    ids = {o["id"] for o in out_rows}
    for b in base_rows:
        if b["status"] == "candidate" and b["id"] not in ids:
            a_, b_ = b["from_region"], b["to_region"]
            extra = dict(hurdle_usd_per_mwh=hurdle(a_, b_), online_year="", retirement_year="")
            if kind == "links":
                extra["wheeling_cost_usd_per_mwh"] = 0     # moved into the hurdle, as for existing links
            res.append(dict(b, **extra))
    return res
write("lines.csv", with_expansion(lines_out, read("lines.csv"), "lines"), LCOLS + EXP, dirs=(CASE2030,))
write("links.csv", with_expansion(links_out, read("links.csv"), "links"), KCOLS + EXP, dirs=(CASE2030,))
# 2030 default case: generation and storage candidates in every region (status = candidate: in the
# case only when [network] candidates names them, as `nagrid expand` does with "all"). Sources in
# inputs/north-america/SOURCES.md ("Generation and storage candidates").
# New gas combustion turbine: NREL ATB 2024 via ReEDS conv_ATB_2024.csv (fact sheet §3.1): 1,092.8 USD/kW,
# fixed O&M 25.8 USD/kW-yr (2.361 % of capital), VOM 6.94 USD/MWh, heat rate 9.717 MMBtu/MWh; 30-year
# recovery, 5.4 % real (fact sheet §3.6). Not in Baja California Sur (no gas supply there).
CT = dict(technology="gas_ct", p_max_mw=0, p_min_mw=0, fuel="gas", heat_rate_mmbtu_per_mwh=9.717,
          vom_usd_per_mwh=6.94, reserve_max_pu=0, status="candidate", expandable="true", max_added_mw=10000,
          capital_cost_usd_per_mw=1092800, lifetime_years=30, discount_rate=0.054, fixed_om_pct_per_year=2.361)
gen_cand = [dict(CT, id=r["id"] + "_new_gas_ct", region=r["id"]) for r in REGIONS if r["id"] != "mx_bcs"]
write("generators.csv", rows + gen_cand, GCOLS + ["status"] + EXP, dirs=(CASE2030,))
# New battery, power and energy sized separately (E4): NREL ATB 2024 moderate, 2030, via ReEDS
# battery_ATB_2024_moderate.csv (2-h 808.77, 4-h 1,300.15, 6-h 1,791.54 USD/kW: linear in the duration, so
# 317.39 USD/kW of power plus 245.69 USD/kWh of energy), fixed O&M 2.5 % of capital per year, round trip 0.85
# (0.922 each way); 15-year recovery, 5.4 % real (fact sheet §3.6).
SCOLS = ["id", "region", "technology", "p_max_mw", "energy_mwh", "efficiency_charge", "efficiency_discharge",
         "soc_initial_pu", "marginal_cost_usd_per_mwh", "online_year", "reserve_max_pu"]
SEXP = ["status", "expandable", "max_added_power_mw", "power_cost_usd_per_mw", "max_added_energy_mwh",
        "energy_cost_usd_per_mwh", "lifetime_years", "discount_rate", "fixed_om_pct_per_year"]
BAT = dict(technology="battery", p_max_mw=0, energy_mwh=0, efficiency_charge=0.922, efficiency_discharge=0.922,
           marginal_cost_usd_per_mwh=0, reserve_max_pu=0, status="candidate", expandable="true",
           max_added_power_mw=5000, power_cost_usd_per_mw=317390, max_added_energy_mwh=20000,
           energy_cost_usd_per_mwh=245690, lifetime_years=15, discount_rate=0.054, fixed_om_pct_per_year=2.5)
stor_cand = [dict(BAT, id=r["id"] + "_new_battery", region=r["id"]) for r in REGIONS]
write("storage.csv", stor + stor_cand, SCOLS + SEXP, dirs=(CASE2030,))
# 2030 default case hydro budgets: normal-water year = mean of this case's 2020-2024 budgets per generator and month
# (D; 2023-2024 were dry years in Quebec/BC/Manitoba, so a single recent year would understate normal water).
hb = {}
with open(os.path.join(OUT, "hydro_budgets.csv")) as f:
    for row in csv.DictReader(f):
        k = (ny_split.default_case_id(row["generator"]), int(row["month"]))
        hb.setdefault(k, []).append(float(row["energy_mwh"]))
HB_ROWS = [dict(generator=g_, month=m_, energy_mwh=round(sum(v) / len(v))) for (g_, m_), v in hb.items()]
write("hydro_budgets.csv", HB_ROWS, ["generator", "month", "energy_mwh"], dirs=(CASE2030,))
with open(os.path.join(OUT, "study.toml"), "w") as f:
    f.write('''# Historical case: calendar year 2024 (run other years 2020-2024 with `nagrid run ... --year Y`).
# Fleet, fuel prices, availability, reserves and interties: tools/build_fleet.py (SOURCES.fleet.md);
# hourly load, wind/solar/run-of-river series and hydro budgets: tools/build_load.py (SOURCES.load.md).
name = "north-america-2024"
description = "US, Canada and Mexico, 32 regions: the 2020-2024 fleet with online/retirement years, monthly fuel prices, outages, reserves and trade hurdles; EIA-930 hourly demand."
study_year = 2024

[economics]
# nagrid default; ERCOT's ORDC caps prices at 5,000 USD/MWh (reserve_shortage.csv), the US VOLL estimates
# used by ISOs range 5,000-20,000 (E).
value_of_lost_load_usd_per_mwh = 10000

[load]
source = "series"

[solver]
time_limit_s = 3600
decomposition = "rolling"
window_hours = 168
overlap_hours = 24
# (WS1) each window's simplex starts from the previous window's optimal basis.
warm_start = true
# (WS2) two chunks (January-June, July-December) solved side by side on two cores.
chunks = 2

[output]
top_congested = 8
''')

# ------------------------------------------------------------------ sanity check: capacity by fuel group and country per year
GROUP = {"coal": "coal", "gas_cc": "natural_gas", "gas_ct": "natural_gas", "gas_steam": "natural_gas",
         "nuclear": "nuclear", "hydro_reservoir": "hydro", "hydro_ror": "hydro", "wind": "wind", "solar": "solar",
         "oil": "oil", "oil_steam": "oil", "geothermal": "other", "biomass_other": "other"}
def in_service(o, y):
    on, off = o.get("online_year") or 0, o.get("retirement_year") or 9999
    return int(on) <= y < int(off)
def table(y):
    t = {}
    for g in rows:
        if in_service(g, y):
            k = (COUNTRY[g["region"]], GROUP[g["technology"]])
            t[k] = t.get(k, 0) + g["p_max_mw"]
    for s in stor:
        if in_service(s, y):
            k = (COUNTRY[s["region"]], s["technology"])
            t[k] = t.get(k, 0) + s["p_max_mw"]
    return t
COLS = ["coal", "natural_gas", "nuclear", "hydro", "wind", "solar", "oil", "other", "battery", "pumped_hydro"]
lines_md = ["| year | country | " + " | ".join(COLS) + " | total |", "|---|---|" + "---:|" * (len(COLS) + 1)]
for y in YEARS + [2025, 2026, 2027, 2028, 2030, 2035]:
    t = table(y)
    for c in ("US", "CA", "MX"):
        v = [t.get((c, k), 0) / 1000 for k in COLS]
        lines_md.append(f"| {y} | {c} | " + " | ".join(f"{x:.1f}" for x in v) + f" | {sum(v):.1f} |")
CAP_TABLE = "\n".join(lines_md)
with open(os.path.join(OUT, "tools", "capacity_check.md"), "w") as f:
    f.write("Capacity in service by year, GW (written by build_fleet.py; generators + storage)\n\n" + CAP_TABLE + "\n")
print(CAP_TABLE)
print("generators", len(rows), "storage", len(stor), "fuel_prices", len(fp), "availability", len(avail),
      "lines", len(lines_out), "links", len(links_out))
# mean nuclear availability and gas basis summary
print("nuclear mean availability", round(sum(NUC_M) / 12, 4))
print("gas 2024 mean price by region", {r: round(sum(gas_price(r, 2024, m) for m in range(1, 13)) / 12, 2) for r in COUNTRY if r != "mx_bcs"})

"""New York as two regions in the historical case: us_nyiso_west (NYISO load zones A-E, "Upstate") and
us_nyiso_east (zones F-K: Capital, Hudson Valley, Millwood, Dunwoodie, New York City, Long Island), joined by the
Central-East / Marcy South interface (issue 11: Ontario and Quebec deliver into zones A and D, upstream of the
interface whose congestion keeps upstate prices below the state average; one NYISO region sold their power at the
state-wide price). Used by build_fleet.py (fleet, ties, reserves, fuel and carbon prices) and build_load.py (hourly
load, hydro budgets). The 2030 default case keeps one us_nyiso. Standard library only; sources in
SOURCES.fleet.md "New York as two regions" (P primary, S secondary, D derived, E estimate).
"""

NY = "us_nyiso"
WEST, EAST = "us_nyiso_west", "us_nyiso_east"

# regions.csv rows: West at Syracuse (zone C, the middle of A-E), East at New York City (the old us_nyiso point).
REGION_ROWS = [
    dict(id=WEST, name="NYISO West (zones A-E, upstate)", country="US", interconnection="Eastern",
         time_zone="America/New_York", lat_deg="43.05", lon_deg="-76.15"),
    dict(id=EAST, name="NYISO East (zones F-K, incl. New York City and Long Island)", country="US",
         interconnection="Eastern", time_zone="America/New_York", lat_deg="40.71", lon_deg="-74.01"),
]

# Share of New York's annual energy in zones A-E: 33.8 % (D from NYSERDA Power Grid Study, initial scenario 2030,
# "Story of Our Grid": upstate A-E 51,223 GWh, downstate F-K 100,455 GWh, P). Cross-check (D): NYISO hourly zonal
# load of January 2021 (NYISO via NYgrid-python data/from_nyiso/loadHourly_2021.csv) has A-E at 36-38 % of NYCA in
# winter hours, above the annual share as the downstate summer peak is larger. build_load.py gives zone A-E a
# constant share of the EIA-930 NY load outside New York City (NY minus NYIS-ZONJ), set per year so that A-E has
# WEST_ENERGY_SHARE of the year's NY energy.
WEST_ENERGY_SHARE = 0.338

# Share of each technology's NY capacity in zones A-E: D from the NYISO 2025 Gold Book Table III-2 (existing
# generating facilities, summer capability; read from the copy in Vivienne16/nygrid2sienna Data/
# 2025NYCA_existinggen.csv), summed by zone:
#   nuclear  Ginna (B), Nine Mile Point 1-2, FitzPatrick (C): 3,326 MW, all A-E; Indian Point (H) was F-K.
#   hydro    A-E 3,888 MW (Niagara 2,435, St Lawrence 856, ~597 small), F-K 379 MW: West keeps all reservoir
#            hydro (Niagara's pondage) and the run-of-river less F-K's share of all NY hydro, 8.9 % (D).
#   wind     all onshore wind is in A-E (South Fork, 132 MW offshore in K from July 2024, is not a row here, E).
#   solar    utility-scale units listed: A-E 219 MW, F-K 354 MW -> 0.38 (D; community solar not listed, E).
#   gas_cc   A-E 2,265 MW (Independence 996, Saranac 239, Lockport 210 and 1990s cogeneration), F-K 8,566 MW
#            -> 0.209 (D), applied to each vintage tranche (E: vintage mix by zone not resolved).
#   gas_ct, oil (CT), gas_steam: F-K holds all but ~1 % (Jamestown, Greenidge, Red Rochester) -> 0.
#   oil_steam Oswego 5-6 (zone C, 1,612 MW residual oil) -> 1.
#   biomass_other refuse and landfill gas: A-E ~128 MW, F-K ~208 MW -> 0.38 (D).
#   storage  pumped hydro: Blenheim-Gilboa 1,170 MW (F) -> East (Lewiston 240 MW in A not in the case, E);
#            batteries -> East (most NY storage is in J/K, E).
WEST_SHARE = {"nuclear": 1.0, "hydro_reservoir": 1.0, "wind": 1.0, "solar": 0.38, "gas_cc": 0.209, "gas_ct": 0.0,
              "oil": 0.0, "gas_steam": 0.0, "oil_steam": 1.0, "biomass_other": 0.38}
HYDRO_EAST_SHARE = 0.089          # F-K share of NY hydro capacity (379 / 4,267 MW, D)
EAST_IDS = {"us_nyiso_nuclear_indian_point2", "us_nyiso_nuclear_indian_point3"}   # zone H
STORAGE_WEST_SHARE = {"pumped_hydro": 0.0, "battery": 0.0}

# Ties: which side of the interface each external tie of us_nyiso lands on (zone in brackets).
#   Ontario (A: Niagara; D: St Lawrence) -> West; Quebec Chateauguay (D) and Cedars (D) -> West; CHPE (J) -> East;
#   ISO-NE (F/G, K: Cross-Sound, Northport-Norwalk) -> East.
#   PJM: the NYISO-PJM JOA lists ties west of Central-East (Homer City-Watercure and -Stolle Road 345 kV, Erie
#   East-South Ripley 230 kV, E. Towanda-Hillside 230 kV and three 115 kV ties; zones A and C) and east of it
#   (Branchburg-Ramapo 500 kV and the Orange & Rockland ties in G, Linden VFT 315 MW and HTP 660 MW into J, Neptune
#   HVDC 660 MW into K; P: nyisoviewer.etariff JOA schedule; ratings P/S via project sites). East gets the three
#   controllable ties (1,635 MW) and Ramapo (1,000 MW, E): 2,635 of the 4,655 MW interface; West the rest (D/E).
TIE_SIDE = {"ca_on_us_nyiso": WEST, "ca_qc_us_nyiso_chateauguay": WEST, "ca_qc_us_nyiso_cedres": WEST,
            "ca_qc_us_nyiso_chpe": EAST, "us_isone_us_nyiso": EAST}
PJM_LINE = "us_nyiso_us_pjm"
PJM_EAST_MW = 2635.0

# Central-East + Marcy South (zones E -> F and E -> G), NYISO 2024 Reliability Needs Assessment topology (P: RNA
# 2024; transcribed in reyli4/acorn-julia data/nyiso/interface_limits/if_lim_2024_rna.csv, group "EAST"):
# 5,000 MW eastward, 3,400 MW westward (2020 RNA: 5,600 / 3,400). These are the resource-adequacy (thermal) limits;
# the voltage-limited operating limit of Central-East is lower (not found), so the model separates the two
# regions' prices less often than the market does.
INTERFACE = dict(id="us_nyiso_central_east", name="NYISO Central-East / Marcy South (zones E->F, E->G)",
                 from_region=WEST, to_region=EAST, s_max_mw=5000.0, s_max_reverse_mw=3400.0, status="existing",
                 hurdle_usd_per_mwh=0, online_year="", retirement_year="")
K_X = 0.25          # pu*MW/km, the default case's line reactance rule (inputs/north-america/tools/build_tables.py)
WEST_EAST_KM = 317  # Syracuse - New York City great circle (D)


def _ren(gid, side):
    return (side + gid[len(NY):]) if gid.startswith(NY + "_") else gid


def regions(rows):
    out = []
    for r in rows:
        out.extend([dict(r, **x) for x in REGION_ROWS] if r["id"] == NY else [r])
    return out


def generators(rows):
    """Each us_nyiso generator row becomes a West and/or an East row (ids us_nyiso_west_* / us_nyiso_east_*,
    profiles unchanged), capacities by WEST_SHARE."""
    out = []
    for g in rows:
        if g["region"] != NY:
            out.append(g)
            continue
        t, mw = g["technology"], float(g["p_max_mw"])
        if g["id"] in EAST_IDS:
            w = 0.0
        elif t == "hydro_ror":
            assert g["id"] == NY + "_hydro_ror", g["id"]   # the one NY run-of-river row of the snapshot
            w = 1.0 - HYDRO_EAST_SHARE * _NY_HYDRO_MW / mw
        else:
            w = WEST_SHARE[t]
        for side, share in ((WEST, w), (EAST, 1.0 - w)):
            if share > 1e-9:
                p = round(mw * share, 1)
                pmin = float(g["p_min_mw"] or 0) * share
                out.append(dict(g, id=_ren(g["id"], side), region=side, p_max_mw=p, p_min_mw=round(pmin, 1)))
    return out


_NY_HYDRO_MW = 4500.0   # us_nyiso hydro_reservoir 1,125 + hydro_ror 3,375 MW in the fleet snapshot (tools/base)


def storage(rows):
    out = []
    for s in rows:
        if s["region"] != NY:
            out.append(s)
            continue
        w = STORAGE_WEST_SHARE[s["technology"]]
        for side, share in ((WEST, w), (EAST, 1.0 - w)):
            if share > 1e-9:
                out.append(dict(s, id=_ren(s["id"], side), region=side,
                                p_max_mw=round(float(s["p_max_mw"]) * share, 1),
                                energy_mwh=round(float(s["energy_mwh"]) * share, 1)))
    return out


def by_region(rows, key="region"):
    """Rows keyed by region (fuel and carbon prices): us_nyiso's rows hold for both halves (E: upstate gas hubs,
    Iroquois Zone 2 / Millennium, trade below Transco Zone 6 NY; no series found)."""
    out = []
    for r in rows:
        out.extend([dict(r, **{key: WEST}), dict(r, **{key: EAST})] if r[key] == NY else [r])
    return out


def reserve_scope(scope):
    return f"{WEST}+{EAST}" if scope == NY else scope


def lines(rows):
    out = []
    for ln in rows:
        if ln["id"] == PJM_LINE:
            s, x = float(ln["s_max_mw"]), float(ln["x_pu"])
            for side, mw in ((WEST, s - PJM_EAST_MW), (EAST, PJM_EAST_MW)):
                # parallel split of one interface: reactance inversely proportional to the rating
                out.append(dict(ln, id=f"{side}_us_pjm", name=f"NYISO-PJM ties, {'west' if side == WEST else 'east'} of Central-East",
                                from_region=side, s_max_mw=mw, s_max_reverse_mw=mw * float(ln["s_max_reverse_mw"]) / s,
                                x_pu=round(x * s / mw, 5)))
            continue
        if NY in (ln["from_region"], ln["to_region"]):
            side = TIE_SIDE[ln["id"]]
            ln = dict(ln, from_region=side if ln["from_region"] == NY else ln["from_region"],
                      to_region=side if ln["to_region"] == NY else ln["to_region"])
        out.append(ln)
    out.append(dict(INTERFACE, x_pu=round(K_X * WEST_EAST_KM / INTERFACE["s_max_mw"], 5), name=INTERFACE["name"]))
    return out


def links(rows):
    out = []
    for k in rows:
        if NY in (k["from_region"], k["to_region"]):
            side = TIE_SIDE[k["id"]]
            k = dict(k, from_region=side if k["from_region"] == NY else k["from_region"],
                     to_region=side if k["to_region"] == NY else k["to_region"])
        out.append(k)
    return out


def hydro_budget_id(gid):
    """The historical case's hydro budget rows: all NY reservoir hydro is in the West."""
    return _ren(gid, WEST) if gid == NY + "_hydro_reservoir" else gid


def default_case_id(gid):
    """Inverse of hydro_budget_id, for the 2030 default case (one us_nyiso)."""
    return NY + gid[len(WEST):] if gid.startswith(WEST + "_") else gid


def split_load(ny, nyc, year_index):
    """Hourly West and East load (MW) from EIA-930 NY and its New York City sub-region (NYIS-ZONJ): West is a
    constant share of NY minus NYC in each year, so that West has WEST_ENERGY_SHARE of the year's NY energy."""
    west = [0.0] * len(ny)
    for y, idx in year_index.items():
        rest = sum(ny[i] - nyc[i] for i in idx)
        a = WEST_ENERGY_SHARE * sum(ny[i] for i in idx) / rest
        assert 0.0 < a < 1.0, (y, a)
        for i in idx:
            west[i] = a * (ny[i] - nyc[i])
    return west, [ny[i] - west[i] for i in range(len(ny))]

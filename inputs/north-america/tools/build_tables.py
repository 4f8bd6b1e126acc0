#!/usr/bin/env python3
"""Builds inputs/north-america static tables from the figures in the fact sheets.
Every constant below is documented in SOURCES.md (grade P/S/D/E)."""
import math, os, statistics, csv, json
OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
os.makedirs(OUT + "/load", exist_ok=True)

# ---------------------------------------------------------------- regions
# id, name, country, interconnection, tz, lat, lon  (fact sheet §1.1 load-centre points)
REGIONS = [
 ("us_ercot","ERCOT","US","ERCOT","America/Chicago",30.3,-97.7),
 ("us_cal","California","US","Western","America/Los_Angeles",34.05,-118.24),
 ("us_nw","Pacific Northwest","US","Western","America/Los_Angeles",47.61,-122.33),
 ("us_basin","Great Basin / N. Rockies","US","Western","America/Denver",40.76,-111.89),
 ("us_rockies","Rockies (Colorado)","US","Western","America/Denver",39.74,-104.99),
 ("us_sw","Desert Southwest","US","Western","America/Phoenix",33.45,-112.07),
 ("us_spp","Southwest Power Pool","US","Eastern","America/Chicago",35.47,-97.52),
 ("us_miso","Midcontinent ISO","US","Eastern","America/Chicago",38.63,-90.20),
 ("us_pjm","PJM","US","Eastern","America/New_York",39.04,-77.49),
 ("us_nyiso","New York ISO","US","Eastern","America/New_York",40.71,-74.01),
 ("us_isone","ISO New England","US","Eastern","America/New_York",42.36,-71.06),
 ("us_se","Southeast (Southern Co.)","US","Eastern","America/New_York",33.75,-84.39),
 ("us_tva","Tennessee Valley (TVA + LGEE + AECI)","US","Eastern","America/Chicago",36.16,-86.78),
 ("us_car","Carolinas","US","Eastern","America/New_York",35.23,-80.84),
 ("us_fl","Florida (FRCC)","US","Eastern","America/New_York",28.54,-81.38),
 ("ca_bc","British Columbia","CA","Western","America/Vancouver",49.28,-123.12),
 ("ca_ab","Alberta","CA","Western","America/Edmonton",51.05,-114.07),
 ("ca_sk","Saskatchewan","CA","Eastern","America/Regina",50.45,-104.61),
 ("ca_mb","Manitoba","CA","Eastern","America/Winnipeg",49.90,-97.14),
 ("ca_on","Ontario","CA","Eastern","America/Toronto",43.65,-79.38),
 ("ca_qc","Quebec","CA","Quebec","America/Toronto",45.50,-73.57),
 ("ca_mar","Maritimes (NB+NS+PE)","CA","Eastern","America/Moncton",46.09,-64.78),
 ("ca_nl","Newfoundland and Labrador","CA","Quebec","America/St_Johns",47.56,-52.71),
 ("mx_bc","Baja California (GCR BCA)","MX","Western","America/Tijuana",32.62,-115.45),
 ("mx_bcs","Baja California Sur","MX","BCS","America/Mazatlan",24.14,-110.31),
 ("mx_nor","Noroeste","MX","SIN","America/Hermosillo",29.07,-110.96),
 ("mx_nte","Norte","MX","SIN","America/Chihuahua",28.63,-106.09),
 ("mx_nes","Noreste","MX","SIN","America/Monterrey",25.69,-100.32),
 ("mx_occ","Occidental","MX","SIN","America/Mexico_City",20.67,-103.35),
 ("mx_cen","Central","MX","SIN","America/Mexico_City",19.43,-99.13),
 ("mx_ori","Oriental","MX","SIN","America/Mexico_City",19.04,-98.21),
 ("mx_pen","Peninsular","MX","SIN","America/Merida",20.97,-89.62),
]
RI = {r[0]: r for r in REGIONS}
def country(r): return RI[r][2]
def dist_km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (RI[a][5], RI[a][6], RI[b][5], RI[b][6]))
    h = math.sin((la2-la1)/2)**2 + math.cos(la1)*math.cos(la2)*math.sin((lo2-lo1)/2)**2
    return 2*6371*math.asin(math.sqrt(h))

# ---------------------------------------------------------------- capacities (GW)
# US: fact sheet §1.3 (EM/EIA-860M).  cols: nuc coal gas oil hydro phs wind solar batt other
US = {
 "us_ercot":  (5.1,13.3,67.6,0.9,0.5,0.0,40.0,31.7,16.1,0.4),
 "us_cal":    (2.3,0.1,41.1,0.3,9.5,3.7,10.4,27.7,16.3,3.8),
 "us_nw":     (1.2,0.7,7.9,0.0,28.2,0.3,6.2,1.4,0.7,0.6),
 "us_basin":  (0.0,7.9,14.4,0.1,2.9,0.0,6.5,8.5,2.1,1.1),
 "us_rockies":(0.0,6.4,9.0,0.0,1.7,0.5,6.6,3.7,0.7,0.0),
 "us_sw":     (4.2,4.4,19.4,0.1,3.9,0.2,4.7,8.8,6.5,0.1),
 "us_spp":    (2.1,20.5,36.9,2.3,4.3,0.4,36.1,2.3,0.5,0.4),
 "us_miso":   (12.3,47.0,82.9,3.7,2.4,2.4,33.7,23.1,1.2,2.6),
 "us_pjm":    (34.5,38.7,104.6,5.4,3.3,5.0,11.7,18.6,0.6,2.0),
 "us_nyiso":  (3.4,0.0,25.7,3.2,4.5,1.2,3.0,3.0,0.3,0.4),
 "us_isone":  (3.5,0.1,16.2,5.7,1.9,1.9,2.5,3.7,1.0,1.2),
 "us_se":     (8.3,12.2,36.2,1.3,4.3,1.4,0.0,6.5,0.3,1.8),
 "us_tva":    (8.8,7.6+5.5+2.5,18.2+3.4+3.0,0.2+0.0+0.1,4.9+0.1+0.0,1.8,0.0+1.0,2.3+0.2,0.2,0.2),  # TVA + LGEE + AECI
 "us_car":    (12.3,11.1,24.8,0.6,2.1,3.0,0.0,6.9,0.4,0.8),
 "us_fl":     (3.9,3.7,54.4,2.0,0.0,0.0,0.0,13.2,1.2,1.4),
}
# geothermal carved out of US "other" (E: location of The Geysers/Imperial Valley and Nevada fields)
US_GEO = {"us_cal": 2.6, "us_basin": 0.8}
GAS_CC_SHARE_US = 0.57   # D: EIA 280 of 491 GW
# Canada: fact sheet §1.4. cols: nuc coal gas oil hydro wind solar bio(other)
CA = {
 "ca_bc": (0,0,0.51,0,15.91,0.70,0.00,0.84),
 "ca_ab": (0,0,13.75,0,1.22,5.69,2.30,0.16),    # gas = 23.12 - others (E residual, as in sheet)
 "ca_sk": (0,1.39,2.07,0,0.87,0.62,0.09,0.32),
 "ca_mb": (0,0,0.24,0.01,5.23,0.26,0,0),
 "ca_on": (12.18,0,10.47,0,8.92,4.88,0.48,0.30),
 "ca_qc": (0,0,0.41,0.13,42.18,3.51,0.01,2.37),  # other = 1.31 bio + 1.06 unknown
 "ca_mar":(0.66,1.72,0.88,1.98,1.37,1.10,0,0.10),
 "ca_nl": (0,0,0,0.49,7.58,0.05,0,0.02),          # oil 0.49 = Holyrood (E, gap in sheet)
}
GAS_CC_SHARE_CA = {"ca_ab": 0.60}  # default 0.70 (E)
# Mexico: national (Ember via EM, §1.5; total 89,008 MW PRODESEN 2024-2038 via CIMe Tabasco)
MX_TOTAL = 89.008
MX_NAT = {"nuclear":1.61,"coal":5.38,"gas":45.05,"hydro":12.84,"wind":7.32,"solar":11.99,"bio":0.89}
MX_GEO = {"mx_bc":0.57,"mx_occ":0.30,"mx_ori":0.10,"mx_bcs":0.01}       # E: plant locations
MX_OIL_BCS = 0.85                                                       # E
MX_ALLOC = {  # location-based splits of national totals (E: known plant sites)
 "nuclear": {"mx_ori":1.61},
 "coal":    {"mx_nes":2.60,"mx_occ":2.78},
 "hydro":   {"mx_ori":5.94,"mx_occ":4.60,"mx_nor":1.00,"mx_cen":0.90,"mx_nte":0.20,"mx_nes":0.20},
 "wind":    {"mx_ori":3.00,"mx_nes":2.40,"mx_occ":1.00,"mx_pen":0.60,"mx_bc":0.20,"mx_nte":0.12},
 "solar":   {"mx_nor":2.50,"mx_nte":3.00,"mx_occ":2.60,"mx_nes":1.30,"mx_pen":0.60,"mx_bc":0.60,"mx_bcs":0.29,"mx_ori":0.60,"mx_cen":0.50},
}
MX_GEN24 = {"mx_bc":15.80,"mx_bcs":3.33,"mx_nor":35.21,"mx_nte":34.14,"mx_nes":90.45,"mx_occ":54.29,"mx_cen":37.53,"mx_ori":69.33,"mx_pen":12.05}
# national capacity factors from 2021 generation (MDPI 2024 citing SENER) / capacity (D)
MX_GEN21 = {"nuclear":11.6,"coal":8.7,"hydro":34.7,"wind":21.1,"solar":20.2,"geo":4.2}
MX_PEN_TOTAL = 3.75   # S: 3.5-4.0 GW (Ovaciones 2025) midpoint
MX_GAS_CC_SHARE = 0.75 # E

# ---------------------------------------------------------------- costs
CPI_2004_2024 = 1.66   # E (sheet §3.5 note)
HR = {"gas_cc":6.332,"gas_ct":9.717,"coal":9.984,"oil":10.648,"biomass_other":13.5}
VOM = {"gas_cc":2.14,"gas_ct":6.94,"coal":9.70,"oil":6.85,"biomass_other":5.25,"nuclear":2.8}
NUC_FUEL = 7.5         # $/MWh, NEI 2012 (0.75 c/kWh)
HYDRO_MC = round(1.0244*CPI_2004_2024, 2)
OIL_PRICE = 22.0       # $/MMBtu, D/E from EIA SEDS 2023 distillate electric-power prices
BIO_FUEL = 2.0         # E
CO2 = {"gas_cc":round(0.05306*6.332,3),"gas_ct":round(0.05306*9.717,3),"coal":round(0.09549*9.984,3),"oil":round(0.06213*10.648,3)}
# fuel prices $/MMBtu (gas, coal)
DIV = {"WSC":(2.20,2.16),"PAC":(3.18,2.13),"MTN":(2.84,2.04),"WNC":(2.61,2.02),"ENC":(2.29,2.67),
       "MA":(2.27,2.20),"NE":(3.91,3.63),"SA":(3.58,3.63),"ESC":(2.65,2.34)}
def avg(*ds): return tuple(round(sum(DIV[d][i] for d in ds)/len(ds),3) for i in (0,1))
FUEL = {
 "us_ercot":DIV["WSC"],"us_cal":DIV["PAC"],"us_nw":DIV["PAC"],"us_basin":DIV["MTN"],"us_rockies":DIV["MTN"],
 "us_sw":DIV["MTN"],"us_spp":avg("WNC","WSC"),"us_miso":avg("ENC","WNC","WSC"),"us_pjm":avg("MA","ENC"),
 "us_nyiso":DIV["MA"],"us_isone":DIV["NE"],"us_se":avg("ESC","SA"),"us_tva":DIV["ESC"],"us_car":DIV["SA"],"us_fl":DIV["SA"],
}
AECO_USD = round(1.45*1.05506/1.3698, 3)   # C$1.45/GJ (AER ST98 2024) -> US$/MMBtu at 1.3698 CAD/USD (E)
W_CA_GAS = round(AECO_USD + 0.50, 2)       # + delivery adder (E)
FUEL.update({"ca_bc":(W_CA_GAS,2.02),"ca_ab":(W_CA_GAS,2.02),"ca_sk":(W_CA_GAS,2.02),"ca_mb":(W_CA_GAS,2.02),
             "ca_on":(2.29,2.67),"ca_qc":(2.29,2.67),"ca_mar":(3.91,3.63),"ca_nl":(3.91,3.63)})
MX_GAS = 3.00; MX_COAL = 2.50
for r in ("mx_nor","mx_nte","mx_nes","mx_occ","mx_cen","mx_ori","mx_pen","mx_bcs"):
    FUEL[r] = (MX_GAS, MX_COAL)
FUEL["mx_bc"] = (3.18, MX_COAL)

def mc(region, tech):
    g, c = FUEL[region]
    if tech == "nuclear": return round(NUC_FUEL + VOM["nuclear"], 2)
    if tech in ("gas_cc","gas_ct"): return round(HR[tech]*g + VOM[tech], 2)
    if tech == "coal": return round(HR["coal"]*c + VOM["coal"], 2)
    if tech == "oil": return round(HR["oil"]*OIL_PRICE + VOM["oil"], 2)
    if tech == "biomass_other": return round(HR["biomass_other"]*BIO_FUEL + VOM["biomass_other"], 2)
    if tech in ("hydro_reservoir","hydro_ror"): return HYDRO_MC
    return 0.0

# hydro reservoir share classes (E)
RES_SHARE = {}
for r in ("ca_qc","ca_bc","ca_nl","us_sw","us_tva","us_spp"): RES_SHARE[r] = 0.85
for r in ("us_nw","us_cal","us_basin","us_rockies","us_se","us_car","ca_ab","ca_sk","ca_mb"): RES_SHARE[r] = 0.5
for r in ("ca_on","us_nyiso","us_miso","us_pjm","us_isone","ca_mar","us_ercot","us_fl"): RES_SHARE[r] = 0.25
for r in ("mx_ori","mx_occ","mx_nor","mx_cen","mx_nte","mx_nes"): RES_SHARE[r] = 0.85
RES_SHARE["ca_mb"] = 0.7

gens = []   # (region, tech, mw)
storage = []  # (region, tech, mw)
def add(r, t, gw):
    mw = round(gw*1000, 1)
    if mw > 0: gens.append((r, t, mw))
def add_hydro(r, gw):
    s = RES_SHARE[r]
    add(r, "hydro_reservoir", gw*s); add(r, "hydro_ror", gw*(1-s))

for r, (nuc,coal,gas,oil,hyd,phs,wind,sol,bat,oth) in US.items():
    add(r,"nuclear",nuc); add(r,"coal",coal); add(r,"gas_cc",gas*GAS_CC_SHARE_US); add(r,"gas_ct",gas*(1-GAS_CC_SHARE_US))
    add(r,"oil",oil); add_hydro(r,hyd) if hyd>0 else None; add(r,"wind",wind); add(r,"solar",sol)
    geo = US_GEO.get(r,0.0); add(r,"geothermal",geo); add(r,"biomass_other",oth-geo)
    if phs>0: storage.append((r,"pumped_hydro",phs*1000))
    if bat>0: storage.append((r,"battery",bat*1000))
for r, (nuc,coal,gas,oil,hyd,wind,sol,bio) in CA.items():
    s = GAS_CC_SHARE_CA.get(r, 0.70)
    add(r,"nuclear",nuc); add(r,"coal",coal); add(r,"gas_cc",gas*s); add(r,"gas_ct",gas*(1-s)); add(r,"oil",oil)
    add_hydro(r,hyd); add(r,"wind",wind); add(r,"solar",sol); add(r,"biomass_other",bio)

# ---- Mexico split
mxr = [r for r in RI if r.startswith("mx_")]
cap = {r:{} for r in mxr}
for t, d in MX_ALLOC.items():
    assert abs(sum(d.values()) - MX_NAT[t]) < 1e-6, (t, sum(d.values()))
    for r, v in d.items(): cap[r][t] = v
for r, v in MX_GEO.items(): cap[r]["geo"] = v
geo_total = sum(MX_GEO.values())
oil_total = MX_TOTAL - sum(MX_NAT.values()) - geo_total
cf21 = {t: MX_GEN21[t]/(MX_NAT[t] if t!="geo" else geo_total)/8.76 for t in MX_GEN21}
# thermal residual generation per GCR (TWh, 2024)
resid = {}
for r in mxr:
    g = MX_GEN24[r]
    for t in ("nuclear","coal","hydro","wind","solar","geo"):
        g -= cap[r].get(t,0)*cf21[t]*8.76
    resid[r] = max(g, 0.0)
resid["mx_bcs"] = 0.0   # BCS thermal = oil (no gas pipeline, E)
# Peninsular override: total = 3.75 GW (S)
pen_nonthermal = sum(cap["mx_pen"].values())
pen_thermal = MX_PEN_TOTAL - pen_nonthermal
oil_rest = oil_total - MX_OIL_BCS
thermal_total = MX_NAT["gas"] + oil_rest      # gas + oil outside BCS
MX_BC_THERMAL = 3.0   # E: Rosarito ~1.3 + La Rosita ~1.1 + Mexicali ~0.6 GW
others = [r for r in mxr if r not in ("mx_pen","mx_bcs","mx_bc")]
rsum = sum(resid[r] for r in others)
thermal = {r: (thermal_total - pen_thermal - MX_BC_THERMAL)*resid[r]/rsum for r in others}
thermal["mx_bc"] = MX_BC_THERMAL
thermal["mx_pen"] = pen_thermal
oil_share = oil_rest/thermal_total
bio_sum = sum(MX_GEN24[r] for r in mxr if r != "mx_bcs")
mx_detail = {}
for r in mxr:
    c = cap[r]
    if r == "mx_bcs":
        gas, oil = 0.0, MX_OIL_BCS
    else:
        gas, oil = thermal[r]*(1-oil_share), thermal[r]*oil_share
    bio = 0.0 if r=="mx_bcs" else MX_NAT["bio"]*MX_GEN24[r]/bio_sum
    add(r,"nuclear",c.get("nuclear",0)); add(r,"coal",c.get("coal",0))
    add(r,"gas_cc",gas*MX_GAS_CC_SHARE); add(r,"gas_ct",gas*(1-MX_GAS_CC_SHARE)); add(r,"oil",oil)
    if c.get("hydro",0)>0: add_hydro(r,c["hydro"])
    add(r,"wind",c.get("wind",0)); add(r,"solar",c.get("solar",0)); add(r,"biomass_other",bio); add(r,"geothermal",c.get("geo",0))
    mx_detail[r] = dict(gas=gas, oil=oil, bio=bio, resid=resid[r], **c)

# ---------------------------------------------------------------- generators.csv
def p_min(t, mw): return round(0.9*mw,1) if t=="nuclear" else 0.0
with open(OUT+"/generators.csv","w") as f:
    f.write("id,region,technology,p_max_mw,p_min_mw,marginal_cost_usd_per_mwh,co2_t_per_mwh\n")
    for r,t,mw in gens:
        f.write(f"{r}_{t},{r},{t},{mw:g},{p_min(t,mw):g},{mc(r,t):g},{CO2.get(t,0.0):g}\n")

# ---------------------------------------------------------------- storage.csv
BAT_H = {"us_cal":4,"us_sw":4,"us_basin":4,"us_ercot":2}   # else 3 h (EIA avg)  (E)
PHS_H = 24
ETA_BAT = round(math.sqrt(0.82),3); ETA_PHS = round(math.sqrt(0.80),3)
PHS_MC = round(0.375*CPI_2004_2024,2)
with open(OUT+"/storage.csv","w") as f:
    f.write("id,region,technology,p_max_mw,energy_mwh,efficiency_charge,efficiency_discharge,soc_initial_pu,marginal_cost_usd_per_mwh\n")
    for r,t,mw in storage:
        if t=="battery":
            h = BAT_H.get(r,3); f.write(f"{r}_battery,{r},battery,{mw:g},{mw*h:g},{ETA_BAT},{ETA_BAT},,0\n")
        else:
            f.write(f"{r}_pumped_hydro,{r},pumped_hydro,{mw:g},{mw*PHS_H:g},{ETA_PHS},{ETA_PHS},,{PHS_MC}\n")

# ---------------------------------------------------------------- expansion parameters (FS §3.5, §3.6)
# Optional columns of lines.csv / links.csv: expandable, max_added_mw, capital_cost_usd_per_mw,
# lifetime_years, discount_rate, fixed_om_pct_per_year, build_unit_mw. Rules in SOURCES.md.
LIFETIME = 40      # FS §3.6: transmission capital recovery period 40 yr (ReEDS scalars, P)
DISC = 0.054       # FS §3.6: after-tax WACC ≈5.4 % real (D)
FOM_PCT = 1.5      # FS §3.5: transmission fixed O&M 1.5 % of capex per year (ReEDS scalars, P)
ROUTE = 1.3        # FS §3.5: route ("squiggliness") multiplier ≥1.3 × straight line (P); 1.3 used (E)
# ReEDS rev_transmission_basecost, $2004 per MW-mile by cost region (FS §3.5, P)
AC500 = {"TEPPC":1506, "SCE":2357, "MISO":1375, "Southeast":2001}   # 500 kV AC, 1,500 MW
DC500 = {"TEPPC":623,  "SCE":975,  "MISO":569,  "Southeast":828}    # ±500 kV DC bipole, 3,000 MW
AC230_MISO = 3136  # 230 kV AC, 400 MW, MISO cost region
CONV = {"LCC":98469, "VSC":127428}   # $/MW per converter station (FS §3.5, P; dollar-year unverified)
CAD_PER_USD = 1.3698                 # 2024 average (E), as for AECO above
SERTP_FL = ("us_se","us_tva","us_car","us_fl")
def cost_region(a, b):
    """ReEDS cost region applied to a route (E): SCE if it touches us_cal, TEPPC if it touches
    the Western interconnection, Southeast if it touches SERTP/FRCC, else MISO (also used for
    ERCOT, the Northeast, eastern Canada and Mexico's SIN, which ReEDS does not price)."""
    if "us_cal" in (a, b): return "SCE"
    if "Western" in (RI[a][3], RI[b][3]): return "TEPPC"
    if a in SERTP_FL or b in SERTP_FL: return "Southeast"
    return "MISO"
def route_km(a, b): return ROUTE*dist_km(a, b)
def reinforcement_cost(a, b, tech, conv=None):
    """USD per MW added = line cost ($2004/MW-mile ÷ 1.609 × CPI 1.66) × route km
    (+ two converter stations for HVDC and back-to-back), rounded to 1,000 $/MW."""
    table = AC500 if tech == "ac" else DC500
    c = table[cost_region(a, b)]/1.609*CPI_2004_2024*route_km(a, b)
    if conv: c += 2*CONV[conv]
    return round(c, -3)
EXP = {}   # id -> (max_added_mw, capital_cost_usd_per_mw, build_unit_mw or None, basis)
def expandable(i, max_mw, cost, unit=None, basis=""):
    EXP[i] = (round(max_mw), round(cost), unit, basis)
def exp_cols(i):
    if i not in EXP: return "false,,,,,,"
    m, c, u, _ = EXP[i]
    return f"true,{m},{c},{LIFETIME},{DISC},{FOM_PCT},{u if u else ''}"
EXP_HEADER = "expandable,max_added_mw,capital_cost_usd_per_mw,lifetime_years,discount_rate,fixed_om_pct_per_year,build_unit_mw"

# ---------------------------------------------------------------- lines.csv
K_X = 0.25  # pu*MW/km (E)
TG = {  # ReEDS transgrp NARIS2024 (fwd n0, rev n0, fwd n1, rev n1)
 ("CAISO","NorthernGrid_West"):(4800,4800,3099,3096),("CAISO","WestConnect_South"):(4910,4665,2575,2358),
 ("FRCC","SERTP"):(6662,6519,4062,3917),("ISONE","NYISO"):(1259,1724,1195,1195),
 ("MISO_Central","MISO_North"):(4443,5115,3561,3939),("MISO_Central","MISO_South"):(2088,2088,0,0),
 ("MISO_Central","PJM_East"):(19143,18540,15256,14379),("MISO_Central","PJM_West"):(6927,21870,6660,19992),
 ("MISO_Central","SERTP"):(3118,1385,1385,730),("MISO_Central","SPP_South"):(1801,1826,850,870),
 ("MISO_North","PJM_West"):(3050,5070,3643,4256),("MISO_North","SPP_North"):(6631,9616,5649,8105),
 ("MISO_North","SPP_South"):(956,956,0,0),("MISO_South","SERTP"):(9589,11276,7076,8727),
 ("MISO_South","SPP_South"):(2878,3190,1891,1891),("NYISO","PJM_East"):(5579,7608,4655,6564),
 ("NorthernGrid_East","NorthernGrid_South"):(2202,3258,3094,3256),("NorthernGrid_East","NorthernGrid_West"):(9774,8181,7580,6005),
 ("NorthernGrid_East","WestConnect_North"):(2545,4066,1715,1710),("NorthernGrid_South","NorthernGrid_West"):(378,486,88,452),
 ("NorthernGrid_South","WestConnect_North"):(2183,2107,0,0),("NorthernGrid_South","WestConnect_South"):(6479,7997,5580,6063),
 ("PJM_East","SERTP"):(10059,10046,6955,6652),("SPP_North","SPP_South"):(5762,4219,4567,3971),
 ("WestConnect_North","WestConnect_South"):(806,1304,611,1259),
}
ratios = [v[2]/v[0] for v in TG.values() if v[2]>0] + [v[3]/v[1] for v in TG.values() if v[3]>0]
N1_RATIO = round(statistics.median(ratios), 2)
GRP = {"CAISO":"us_cal","NorthernGrid_West":"us_nw","NorthernGrid_East":"us_basin","NorthernGrid_South":"us_basin",
       "WestConnect_North":"us_rockies","WestConnect_South":"us_sw","SPP_North":"us_spp","SPP_South":"us_spp",
       "MISO_North":"us_miso","MISO_Central":"us_miso","MISO_South":"us_miso","PJM_East":"us_pjm","PJM_West":"us_pjm",
       "NYISO":"us_nyiso","ISONE":"us_isone","FRCC":"us_fl"}
def tg_pair(a, b, skip=()):
    """n-1 (n-0 where n-1 is 0) transfer a->b and b->a summed over group interfaces."""
    ab = ba = 0
    used = []
    for (g1,g2),(f0,r0,f1,r1) in TG.items():
        if (g1,g2) in skip: continue
        if g1=="CAISO" and g2=="NorthernGrid_South": continue
        m1, m2 = GRP.get(g1), GRP.get(g2)
        fw, rv = (f1 if f1>0 else f0), (r1 if r1>0 else r0)
        if (m1,m2)==(a,b): ab+=fw; ba+=rv; used.append(f"{g1}-{g2}")
        elif (m1,m2)==(b,a): ab+=rv; ba+=fw; used.append(f"{g1}-{g2}")
    return ab, ba, used
# BA-level sums (§2.4b): (A,B): (A->B, B->A)
BA = {("us_basin","us_cal"):(8487,9049),("us_car","us_pjm"):(7363,8019),("us_car","us_se"):(6301,7022),
      ("us_car","us_tva"):(2193,598),("us_miso","us_se"):(5361,6230),("us_miso","us_tva"):(10370,8227),
      ("us_pjm","us_tva"):(2831,3632),("us_se","us_tva"):(9769,9442),("us_fl","us_se"):(6695,6589)}
lines = []  # id,name,from,to,smax,note-key,status
def line(i, name, a, b, s, status="existing", x=None, x_rating=None):
    d = dist_km(a,b)
    xpu = x if x is not None else round(K_X*d/(x_rating or s), 5)
    lines.append((i,name,a,b,round(s),xpu,status,round(d)))
LINE_NOTES = {}
for a,b,nm in [("us_cal","us_nw","California-Oregon interface (AC)"),("us_cal","us_sw","California-Desert Southwest interface"),
               ("us_basin","us_nw","Great Basin-Northwest interface"),("us_basin","us_rockies","Great Basin-Rockies interface"),
               ("us_basin","us_sw","Great Basin-Southwest interface"),("us_rockies","us_sw","Rockies-Southwest interface"),
               ("us_miso","us_spp","MISO-SPP seam"),("us_miso","us_pjm","MISO-PJM seam"),
               ("us_nyiso","us_pjm","NYISO-PJM interface"),("us_isone","us_nyiso","ISO-NE-NYISO interface")]:
    ab, ba, used = tg_pair(a,b)
    s = min(ab,ba); LINE_NOTES[f"{a}_{b}"] = (ab,ba,used,"ReEDS transgrp n-1 (n-0 where n-1=0)")
    line(f"{a}_{b}", nm, a, b, s)
# SERTP splits: scale BA-level sums to match group n-1 totals
def sertp_split(group_ab, group_ba, pairs):
    """pairs: list of (a,b,ab,ba) with a the non-SERTP side; scale so sums match group limits"""
    sab = sum(p[2] for p in pairs); sba = sum(p[3] for p in pairs)
    out=[]
    for a,b,ab,ba in pairs:
        out.append((a,b,ab*group_ab/sab, ba*group_ba/sba))
    return out
miso_sertp_ab = 1385+7076; miso_sertp_ba = 730+8727
for a,b,ab,ba in sertp_split(miso_sertp_ab, miso_sertp_ba, [("us_miso","us_se",5361,6230),("us_miso","us_tva",10370,8227)]):
    LINE_NOTES[f"{a}_{b}"] = (round(ab),round(ba),["MISO_Central-SERTP","MISO_South-SERTP"],"ReEDS group n-1 split by BA-level shares")
    line(f"{a}_{b}", f"{a[3:].upper()}-{b[3:].upper()} seam", a, b, min(ab,ba))
for a,b,ab,ba in sertp_split(6955, 6652, [("us_pjm","us_car",8019,7363),("us_pjm","us_tva",2831,3632)]):
    LINE_NOTES[f"{a}_{b}"] = (round(ab),round(ba),["PJM_East-SERTP"],"ReEDS group n-1 split by BA-level shares")
    line(f"{a}_{b}", f"{a[3:].upper()}-{b[3:].upper()} seam", a, b, min(ab,ba))
LINE_NOTES["us_fl_us_se"] = (4062,3917,["FRCC-SERTP"],"ReEDS transgrp n-1")
line("us_fl_us_se","Florida-Southeast interface","us_fl","us_se",min(4062,3917))
for (a,b),(ab,ba) in [(("us_basin","us_cal"),BA[("us_basin","us_cal")]),(("us_car","us_se"),BA[("us_car","us_se")]),
                      (("us_car","us_tva"),BA[("us_car","us_tva")]),(("us_se","us_tva"),BA[("us_se","us_tva")])]:
    LINE_NOTES[f"{a}_{b}"] = (ab,ba,["BA-level n-0 sum"],f"min direction x {N1_RATIO} (E)")
    line(f"{a}_{b}", f"{a[3:].upper()}-{b[3:].upper()} interface", a, b, min(ab,ba)*N1_RATIO)
# Canada-US and Canada internal AC, Mexico
line("ca_bc_us_nw","Path 3 Northwest-British Columbia","ca_bc","us_nw",3000)
line("ca_ab_ca_bc","Path 1 Alberta-British Columbia","ca_ab","ca_bc",1000)
line("ca_ab_us_basin","Montana-Alberta Tie Line (MATL)","ca_ab","us_basin",300)
line("ca_sk_us_spp","Saskatchewan-North Dakota tie","ca_sk","us_spp",150)
line("ca_sk_ca_mb","Saskatchewan-Manitoba ties","ca_sk","ca_mb",350)
line("ca_mb_us_miso","Manitoba-Minnesota/North Dakota ties (incl. MMTP/GNTL)","ca_mb","us_miso",2100)
line("ca_mb_ca_on","Manitoba-Ontario ties","ca_mb","ca_on",300)
line("ca_on_us_miso","Ontario-Michigan interface","ca_on","us_miso",1350)
line("ca_on_us_miso_mn","Ontario-Minnesota (Fort Frances-International Falls)","ca_on","us_miso",100)
line("ca_on_us_nyiso","Ontario-New York interface","ca_on","us_nyiso",1300)
line("ca_mar_us_isone","New Brunswick-Maine (MEPCO + NRI 345 kV)","ca_mar","us_isone",550)
line("ca_nl_ca_qc","Churchill Falls-Quebec 735 kV","ca_nl","ca_qc",5400)
line("mx_bc_us_cal","Path 45 SDG&E/IID-CFE 230 kV","mx_bc","us_cal",800)
# Mexico SIN (E)
MXL = [("mx_nor","mx_nte",1000),("mx_nes","mx_nte",1200),("mx_nes","mx_ori",2500),("mx_ori","mx_pen",1500),
       ("mx_cen","mx_ori",4500),("mx_occ","mx_ori",1500),("mx_cen","mx_occ",2000),("mx_nes","mx_occ",3600),
       ("mx_nte","mx_occ",800),("mx_nor","mx_occ",1200)]
for a,b,s in MXL:
    line(f"{a}_{b}", f"GCR {a[3:].upper()}-{b[3:].upper()}", a, b, s)
# candidates (AC)
# candidates are rated 0 MW: expansion builds them whole (build_unit_mw = rating) or not at all
line("ca_sk_us_spp_2027","SaskPower-SPP (North Dakota) expansion 150->650 MW","ca_sk","us_spp",0,"candidate",x_rating=500)
line("ca_sk_ca_mb_1000","Saskatchewan-Manitoba 1000 MW intertie (studied)","ca_sk","ca_mb",0,"candidate",x_rating=1000)
SK_SPP_MI = 55 + 55   # E: mean US circuit length (Basin Electric: ≈50 and ≈60 mi, S) + an equal SK segment (E)
expandable("ca_sk_us_spp_2027", 500, round(AC230_MISO*CPI_2004_2024*SK_SPP_MI, -3), 500,
           f"E: 230 kV AC {AC230_MISO} $2004/MW-mile (MISO) x 1.66 x {SK_SPP_MI} mi")
expandable("ca_sk_ca_mb_1000", 1000, round(1.8e9/CAD_PER_USD/1000, -3), 1000,
           "S: C$1.8 B (news) / 1,000 MW at 1.3698 CAD/USD (E)")
# existing ties: continuous reinforcement up to the existing rating (E), cost by the generic rule
LINE_EXP_INTERNAL = ["us_miso_us_spp","us_miso_us_pjm","ca_ab_ca_bc","ca_mb_ca_on"] + [f"{a}_{b}" for a,b,s in MXL]
for i,n,a,b,s,x,st,d in lines:
    if st != "existing": continue
    if country(a) != country(b) or i in LINE_EXP_INTERNAL:
        expandable(i, s, reinforcement_cost(a, b, "ac"), None,
                   f"500 kV AC {AC500[cost_region(a,b)]} $2004/MW-mile ({cost_region(a,b)}) x 1.66 x {route_km(a,b):.0f} km")
# check Mexican link sums vs observed maxima
MX_OBS = {"mx_cen":(4952,397),"mx_occ":(6113,1590),"mx_pen":(1205,401),"mx_nes":(389,6302),"mx_ori":(1368,4777),"mx_nor":(1392,1805),"mx_nte":(1456,1647)}
mx_check = {}
for r,(imp,exp) in MX_OBS.items():
    tot = sum(s for a,b,s in MXL if r in (a,b))
    mx_check[r] = (tot, imp, exp, round(tot/max(imp,exp),2))
    assert tot >= 1.15*max(imp,exp), (r, tot)
with open(OUT+"/lines.csv","w") as f:
    f.write("id,name,from_region,to_region,s_max_mw,x_pu,status," + EXP_HEADER + "\n")
    for i,n,a,b,s,x,st,d in lines:
        f.write(f"{i},{n},{a},{b},{s},{x},{st},{exp_cols(i)}\n")

# ---------------------------------------------------------------- links.csv
HURDLE = {"CA": round(2.39*CPI_2004_2024,2), "MX": round(9.72*CPI_2004_2024,2)}
def hurdle(a,b):
    ca, cb = country(a), country(b)
    if ca == cb: return 0.0
    other = ca if ca!="US" else cb
    return HURDLE.get(other, 0.0)
def eff(kind, conv, km):
    c = 0.993 if conv=="LCC" else 0.99
    line_loss = 5e-5*(km/1.609) if km else 0.0
    return round(c*c*(1-line_loss), 3)
links = []
def link(i,name,a,b,kind,fwd,rev,conv,km,status="existing",e=None, kmsrc=""):
    ef = e if e is not None else eff(kind,conv,km)
    links.append((i,name,a,b,kind,fwd,rev,ef,hurdle(a,b),status,conv,km,kmsrc))
def gc13(a,b): return round(dist_km(a,b)*1.3)
# DC inside US / seams
link("us_nw_us_cal_pdci","Pacific DC Intertie (Celilo-Sylmar)","us_nw","us_cal","hvdc",2780,2780,"LCC",1360,kmsrc="E length")
link("us_basin_us_cal_ipp","Intermountain Power Project DC","us_basin","us_cal","hvdc",1920,1920,"LCC",785,kmsrc="E length")
link("us_ercot_us_spp_oklaunion","Oklaunion back-to-back","us_ercot","us_spp","back_to_back",220,220,"LCC",0)
link("us_ercot_us_spp_welsh","Welsh (DC-East) back-to-back","us_ercot","us_spp","back_to_back",600,600,"LCC",0)
link("us_basin_us_spp_miles_city","Miles City back-to-back","us_basin","us_spp","back_to_back",200,200,"LCC",0)
link("us_rockies_us_spp_sidney","Virginia Smith + Segall (Sidney NE) back-to-back","us_rockies","us_spp","back_to_back",310,310,"LCC",0)
link("us_rockies_us_spp_rapid_city","Rapid City back-to-back","us_rockies","us_spp","back_to_back",200,200,"LCC",0)
link("us_rockies_us_spp_lamar","Lamar back-to-back","us_rockies","us_spp","back_to_back",210,210,"LCC",0)
link("us_sw_us_spp_blackwater","Blackwater back-to-back","us_sw","us_spp","back_to_back",200,200,"LCC",0)
link("us_sw_us_spp_artesia","Artesia back-to-back","us_sw","us_spp","back_to_back",200,200,"LCC",0)
# ERCOT-Mexico
link("us_ercot_mx_nes_railroad","Railroad (Sharyland) DC tie","us_ercot","mx_nes","back_to_back",300,300,"LCC",0)
link("us_ercot_mx_nes_laredo","Laredo variable-frequency transformer","us_ercot","mx_nes","back_to_back",100,100,"VFT",0,e=0.99)
# Canada
link("ca_ab_ca_sk_mcneill","McNeill back-to-back (Path 2)","ca_ab","ca_sk","back_to_back",150,150,"LCC",0)
link("ca_qc_us_isone_phase2","Quebec-New England Phase II HVDC","ca_qc","us_isone","hvdc",2000,2000,"LCC",1500,kmsrc="S length")
link("ca_qc_us_isone_highgate","Highgate back-to-back","ca_qc","us_isone","back_to_back",225,225,"LCC",0)
link("ca_qc_us_isone_necec","New England Clean Energy Connect (NECEC)","ca_qc","us_isone","hvdc",1200,1200,"VSC",round(145*1.609),kmsrc="S length")
link("ca_qc_us_nyiso_chateauguay","Chateauguay-Marcy 765 kV with Chateauguay converter","ca_qc","us_nyiso","back_to_back",1200,1200,"LCC",0)
link("ca_qc_us_nyiso_cedres","Les Cedres-Dennison radial tie","ca_qc","us_nyiso","back_to_back",200,200,"radial",0,e=0.99)
link("ca_qc_ca_on_outaouais","Outaouais back-to-back","ca_qc","ca_on","back_to_back",1250,1250,"LCC",0)
link("ca_qc_ca_on_other","Other Quebec-Ontario ties (radial/B2B)","ca_qc","ca_on","back_to_back",1450,1450,"radial",0,e=0.99)
link("ca_qc_ca_mar_eel_river","Eel River back-to-back","ca_qc","ca_mar","back_to_back",350,350,"LCC",0)
link("ca_qc_ca_mar_madawaska","Madawaska back-to-back","ca_qc","ca_mar","back_to_back",350,350,"LCC",0)
link("ca_nl_ca_mar_maritime_link","Maritime Link","ca_nl","ca_mar","hvdc",500,500,"VSC",360,kmsrc="E length")
# candidates
link("ca_qc_us_nyiso_chpe","Champlain Hudson Power Express","ca_qc","us_nyiso","hvdc",0,0,"VSC",round(339*1.609),"candidate",kmsrc="S length")
link("ca_on_us_pjm_lake_erie","Lake Erie Connector","ca_on","us_pjm","hvdc",0,0,"VSC",round(73*1.609),"candidate",kmsrc="S length")
link("us_ercot_us_se_southern_spirit","Southern Spirit","us_ercot","us_se","hvdc",0,0,"VSC",round(320*1.609),"candidate",kmsrc="S length")
link("ca_qc_us_isone_twin_states","Twin States Clean Energy Link (cancelled 2024)","ca_qc","us_isone","hvdc",0,0,"VSC",gc13("ca_qc","us_isone"),"candidate",kmsrc="E 1.3 x great circle")
link("ca_qc_us_isone_northern_pass","Northern Pass (shelved)","ca_qc","us_isone","hvdc",0,0,"VSC",gc13("ca_qc","us_isone"),"candidate",kmsrc="E 1.3 x great circle")
link("mx_nes_mx_cen_hvdc","CENACE macro-red HVDC Monterrey-Mexico City (proposed)","mx_nes","mx_cen","hvdc",0,0,"LCC",gc13("mx_nes","mx_cen"),"candidate",kmsrc="E 1.3 x great circle")
link("mx_ori_mx_pen_hvdc","CENACE macro-red HVDC Chiapas-Riviera Maya (proposed)","mx_ori","mx_pen","hvdc",0,0,"LCC",gc13("mx_ori","mx_pen"),"candidate",kmsrc="E 1.3 x great circle")
# candidate projects: built whole (build_unit_mw = rating) or not at all; cost = project cost / MW
NAMED = {  # id: (MW, project cost USD or None for the generic rule, basis)
 "ca_qc_us_nyiso_chpe":            (1250, 6.0e9, "S: ≈$6 B (FS §2.6)"),
 "ca_on_us_pjm_lake_erie":         (1000, 1.0e9, "S: ≈$1 B (TransmissionHub; Utility Dive 2015: at least $1 B)"),
 "us_ercot_us_se_southern_spirit": (3000, 2.6e9, "S: ≈$2.6 B (FS §2.6)"),
 "ca_qc_us_isone_twin_states":     (1200, 2.0e9, "S: ≈$2 B (T&D World, Mar 2024)"),
 "ca_qc_us_isone_northern_pass":   (1090, 1.6e9, "S: ≈$1.6 B (NS Energy, Nov 2017)"),
 "mx_nes_mx_cen_hvdc":             (3000, None, "E: generic HVDC rule, LCC"),
 "mx_ori_mx_pen_hvdc":             (1500, None, "E: generic HVDC rule, LCC"),
}
LINK_EXP_INTERNAL = ["us_ercot_us_spp_oklaunion","us_ercot_us_spp_welsh","us_basin_us_spp_miles_city",
                     "us_rockies_us_spp_sidney","us_rockies_us_spp_rapid_city","us_rockies_us_spp_lamar",
                     "us_sw_us_spp_blackwater","us_sw_us_spp_artesia","ca_qc_ca_on_outaouais","ca_qc_ca_on_other"]
for i,n,a,b,k,fw,rv,e,w,st,conv,km,ks in links:
    if st == "candidate":
        mw, usd, basis = NAMED[i]
        cost = round(usd/mw, -3) if usd else reinforcement_cost(a, b, "dc", conv)
        if not usd:
            basis += f": ±500 kV DC {DC500[cost_region(a,b)]} $2004/MW-mile ({cost_region(a,b)}) x 1.66 x {route_km(a,b):.0f} km + 2 x {CONV[conv]}"
        expandable(i, mw, cost, mw, basis)
    elif country(a) != country(b) or i in LINK_EXP_INTERNAL:
        if k == "hvdc":
            expandable(i, max(fw, rv), reinforcement_cost(a, b, "dc", conv), None,
                       f"±500 kV DC {DC500[cost_region(a,b)]} $2004/MW-mile ({cost_region(a,b)}) x 1.66 x {route_km(a,b):.0f} km + 2 x {CONV[conv]} ({conv})")
        else:   # back-to-back, VFT and radial ties: AC route + a back-to-back station (two LCC converters)
            expandable(i, max(fw, rv), reinforcement_cost(a, b, "ac", "LCC"), None,
                       f"500 kV AC {AC500[cost_region(a,b)]} $2004/MW-mile ({cost_region(a,b)}) x 1.66 x {route_km(a,b):.0f} km + 2 x {CONV['LCC']} (LCC)")
with open(OUT+"/links.csv","w") as f:
    f.write("id,name,from_region,to_region,kind,p_max_forward_mw,p_max_reverse_mw,efficiency,wheeling_cost_usd_per_mwh,status," + EXP_HEADER + "\n")
    for i,n,a,b,k,fw,rv,e,w,st,conv,km,ks in links:
        f.write(f"{i},{n},{a},{b},{k},{fw},{rv},{e},{w:g},{st},{exp_cols(i)}\n")

# ---------------------------------------------------------------- hydro budgets
HCF = {r:0.39 for r in RI}   # US fleet average (D), default (E elsewhere)
HCF.update({"ca_qc":0.43,"ca_bc":0.40,"ca_mb":0.60,"ca_nl":0.60,"ca_on":0.45})
for r in mxr: HCF[r] = round(MX_GEN21["hydro"]/MX_NAT["hydro"]/8.76, 3)
SHAPES = {  # relative monthly weights Jan..Dec (E, from §4.2 qualitative facts)
 "winter_storage": [1.25,1.15,1.05,0.90,0.85,0.85,0.90,0.90,0.85,0.90,1.05,1.25],
 "manitoba":       [0.90,0.85,0.85,0.90,1.05,1.15,1.15,1.10,1.00,0.95,0.95,0.95],
 "snowmelt":       [0.95,0.90,0.95,1.05,1.30,1.35,1.15,0.95,0.75,0.75,0.85,0.95],
 "summer_release": [0.85,0.85,0.85,0.90,1.00,1.15,1.25,1.20,1.05,0.95,0.90,0.85],
 "eastern_rain":   [1.15,1.15,1.20,1.15,1.05,0.95,0.90,0.85,0.80,0.80,0.90,1.10],
 "mexico_rain":    [0.80,0.75,0.75,0.75,0.80,0.85,1.00,1.20,1.35,1.35,1.25,1.15],
}
SHAPE_OF = {"ca_qc":"winter_storage","ca_bc":"winter_storage","ca_nl":"winter_storage","ca_on":"winter_storage",
            "ca_mb":"manitoba","us_nw":"snowmelt","us_basin":"snowmelt","us_rockies":"snowmelt","us_cal":"snowmelt",
            "ca_ab":"snowmelt","ca_sk":"snowmelt","us_sw":"summer_release","us_spp":"summer_release"}
DAYS = [31,28,31,30,31,30,31,31,30,31,30,31]
budgets = []; hb_summary = {}
for r,t,mw in gens:
    if t != "hydro_reservoir": continue
    shape = SHAPE_OF.get(r, "mexico_rain" if r.startswith("mx_") else "eastern_rain")
    w = SHAPES[shape]; ann = mw*HCF[r]*8760
    wd = [w[m]*DAYS[m] for m in range(12)]; s = sum(wd)
    for m in range(12):
        e = ann*wd[m]/s
        assert e <= mw*DAYS[m]*24, (r, m)
        budgets.append((f"{r}_hydro_reservoir", m+1, round(e)))
    hb_summary[r] = (mw, HCF[r], shape, round(ann/1e6,2))
with open(OUT+"/hydro_budgets.csv","w") as f:
    f.write("generator,month,energy_mwh\n")
    for g,m,e in budgets: f.write(f"{g},{m},{e}\n")

# ---------------------------------------------------------------- load/regions_load.csv
# region: base_year, TWh, peak MW, season, mean, jan, jul, diurnal range
LOAD = {
 "us_ercot":(2024,464.5,85600,"summer",21.0,11.0,29.7,12.0),
 "us_cal":(2024,271.3,58900,"summer",18.6,14.3,23.8,9.0),
 "us_nw":(2024,165.9,31700,"winter",11.6,5.5,19.3,8.5),
 "us_basin":(2024,124.6,25000,"summer",12.0,-0.8,27.4,14.0),
 "us_rockies":(2024,80.3,15300,"summer",10.6,-0.5,23.9,15.0),
 "us_sw":(2024,118.6,25500,"summer",24.4,13.8,35.4,13.0),
 "us_spp":(2024,289.8,54300,"summer",16.2,3.3,28.4,12.0),
 "us_miso":(2024,646.3,114700,"summer",14.2,0.2,27.1,10.5),
 "us_pjm":(2024,803.0,151800,"summer",12.7,0.4,25.4,12.0),
 "us_nyiso":(2024,150.9,29000,"summer",13.2,0.9,25.9,8.0),
 "us_isone":(2024,114.6,24300,"summer",11.1,-1.5,23.4,8.5),
 "us_se":(2024,239.3,47400,"winter",17.5,7.0,27.2,10.0),
 "us_tva":(2024,165.3+37.7+21.8,34400+7700+6100,"winter",15.6,3.6,26.9,11.0),
 "us_car":(2024,225.7,44800,"winter",16.5,5.1,26.8,12.0),
 "us_fl":(2024,263.8,51900,"summer",23.1,16.0,28.2,10.0),
 "ca_bc":(2023,65.6,11300,"winter",10.4,4.1,18.0,7.5),
 "ca_ab":(2024,88.8,12384,"winter",4.4,-7.1,16.5,13.0),
 "ca_sk":(2023,23.9,3910,"winter",3.0,-14.7,19.1,12.5),
 "ca_mb":(2023,21.9,5112,"winter",3.0,-16.4,19.7,11.5),
 "ca_on":(2023,144.35,22686,"summer",9.4,-3.7,22.3,8.0),
 "ca_qc":(2023,177.3,42700,"winter",7.4,-9.7,21.2,9.0),
 "ca_mar":(2023,25.8,round(25.8e6/(8760*0.5)),"winter",5.5,-8.8,19.2,10.0),
 "ca_nl":(2023,10.4,round(10.4e6/(8760*0.5)),"winter",5.0,-4.5,16.1,7.5),
 "mx_bc":(2024,16.86,3572,"summer",23.0,13.0,33.5,16.0),
 "mx_bcs":(2024,3.33,670,"summer",24.0,17.5,30.0,13.0),
 "mx_nor":(2024,28.17,5723,"summer",25.2,16.5,32.5,16.0),
 "mx_nte":(2024,31.82,5402,"summer",18.5,9.5,26.0,15.0),
 "mx_nes":(2024,62.98,11023,"summer",22.5,14.5,28.5,10.5),
 "mx_occ":(2024,76.45,11653,"summer",20.5,16.5,22.5,15.0),
 "mx_cen":(2024,58.22,8594,"summer",16.5,14.0,17.5,13.0),
 "mx_ori":(2024,57.23,8829,"summer",16.8,13.5,17.5,13.0),
 "mx_pen":(2024,16.71,2944,"summer",26.5,23.0,28.5,11.0),
}
# (LD1) Summer ÷ winter peak: the highest hour of May-September over the highest of November-March, mean of the five
# years 2020-2024 of EIA-930 (cleaned) demand, as in inputs/north-america-2024/series/loads-p_mw.csv (UTC months; us_nyiso
# = us_nyiso_west + us_nyiso_east). D from P. Canada: utilities' summer and winter peaks (records or one season each, D
# from S/P; sources in SOURCES.md): bc 8,568 (28 Jun 2021) / 11,300 (12 Jan 2024); ab 12,221 (22 Jul 2024) / 12,384
# (11 Jan 2024); sk 3,551 (summer record) / 3,910 (all-time); mb 3,338.7 (June record, 29 Jun 2020) / 4,910.5 (30 Jan
# 2019); on IESO normal-weather peaks 22,753 (summer 2024) / 21,718 (winter 2024-25); qc 22,440 (29 Aug 2022) / 42,500
# (3 Feb 2023); mar: New Brunswick's winter demand "roughly twice" its summer's, taken for the Maritimes (E).
# Mexico: CENACE "Estimación de la Demanda Real por Balance" hourly demand per GCR (latest settlement of each day, as
# archived in the public repo Zangan0/Mexico-Energy-Demand), the same ratio in local months, mean of 2023 and 2024 (D from
# P). Newfoundland: not found (the synthesis's own seasons).
SUMMER_WINTER = {"us_ercot": 1.171, "us_cal": 1.605, "us_nw": 0.85, "us_basin": 1.312, "us_rockies": 1.493, "us_sw": 1.714, "us_spp": 1.217, "us_miso": 1.183, "us_pjm": 1.187, "us_nyiso": 1.32, "us_isone": 1.305, "us_se": 1.081, "us_tva": 1.033, "us_car": 1.044, "us_fl": 1.24,
                 "ca_bc": 0.758, "ca_ab": 0.987, "ca_sk": 0.908, "ca_mb": 0.68, "ca_on": 1.048, "ca_qc": 0.528, "ca_mar": 0.5,
                 "mx_bc": 1.836, "mx_bcs": 1.444, "mx_nor": 1.675, "mx_nte": 1.405, "mx_nes": 1.321, "mx_occ": 1.111,
                 "mx_cen": 1.019, "mx_ori": 1.104, "mx_pen": 1.227}
with open(OUT+"/load/regions_load.csv","w") as f:
    f.write("region,base_year,annual_energy_mwh,peak_mw,peak_season,mean_temp_c,jan_mean_temp_c,jul_mean_temp_c,diurnal_range_c,"
            "summer_winter_peak_ratio\n")
    for r in RI:
        y,e,p,s,mt,jt,ju,d = LOAD[r]
        f.write(f"{r},{y},{round(e*1e6)},{p},{s},{mt},{jt},{ju},{d},{SUMMER_WINTER.get(r, '')}\n")

# ---------------------------------------------------------------- renewables.csv
REN = {"us_cal":(0.255,0.265),"us_car":(0.269,0.222),"us_spp":(0.380,0.258),"us_fl":(0.261,0.236),"us_pjm":(0.295,0.223),
       "us_miso":(0.320,0.236),"us_isone":(0.274,0.217),"us_nyiso":(0.249,0.187),"us_nw":(0.274,0.262),"us_basin":(0.274,0.262),
       "us_rockies":(0.324,0.248),"us_se":(0.263,0.234),"us_sw":(0.312,0.302),"us_tva":(0.160,0.232),"us_ercot":(0.346,0.249),
       "ca_bc":(0.274,0.131),"ca_ab":(0.324,0.139),"ca_sk":(0.324,0.130),"ca_mb":(0.320,0.133),"ca_on":(0.320,0.145),
       "ca_qc":(0.274,0.126),"ca_mar":(0.274,0.155),"ca_nl":(0.274,0.132)}
for r in mxr:
    REN[r] = (0.33, 0.28 if r in ("mx_bc","mx_bcs","mx_nor","mx_nte") else 0.25)
with open(OUT+"/renewables.csv","w") as f:
    f.write("region,wind_cf,solar_cf\n")
    for r in RI: f.write(f"{r},{REN[r][0]},{REN[r][1]}\n")

# ---------------------------------------------------------------- regions.csv
with open(OUT+"/regions.csv","w") as f:
    f.write("id,name,country,interconnection,time_zone,lat_deg,lon_deg\n")
    for r in REGIONS: f.write(",".join(str(x) for x in r)+"\n")

# ---------------------------------------------------------------- summary for SOURCES
summ = {"N1_RATIO":N1_RATIO,"AECO_USD":AECO_USD,"W_CA_GAS":W_CA_GAS,"HURDLE":HURDLE,"ETA_BAT":ETA_BAT,"ETA_PHS":ETA_PHS,
        "PHS_MC":PHS_MC,"HYDRO_MC":HYDRO_MC,"mx_detail":mx_detail,"mx_oil_total":oil_total,"mx_geo_total":geo_total,
        "cf21":cf21,"mx_check":mx_check,"hb":hb_summary,"line_notes":LINE_NOTES,
        "lines":lines,"links":links,"FUEL":FUEL}
# (the per-country summary above is printed; nothing is written outside the case)
# country x tech totals
tot = {}
for r,t,mw in gens: tot.setdefault(country(r),{}).setdefault(t,0); tot[country(r)][t]+=mw
for r,t,mw in storage: tot.setdefault(country(r),{}).setdefault(t,0); tot[country(r)][t]+=mw
for c in tot:
    print(c, {k: round(v) for k,v in sorted(tot[c].items())}, "TOTAL", round(sum(tot[c].values())))
print("gens", len(gens), "storage", len(storage), "lines", len(lines), "links", len(links), "budgets", len(budgets))
print("N1_RATIO", N1_RATIO)
# every candidate is expandable and built whole; every existing cross-border tie is expandable
cands = [r[0] for r in lines if r[6] == "candidate"] + [r[0] for r in links if r[9] == "candidate"]
assert len(cands) == 9 and all(i in EXP and EXP[i][2] == EXP[i][0] for i in cands), cands
border = [r[0] for r in lines + links if r[6 if len(r) == 8 else 9] == "existing" and country(r[2]) != country(r[3])]
assert len(border) == 16 and all(i in EXP and EXP[i][2] is None for i in border), border
CRF = DISC/(1-(1+DISC)**-LIFETIME)
print(f"expansion: CRF({DISC},{LIFETIME}) = {CRF:.4f}; annual charge = CRF + {FOM_PCT} % = {CRF+FOM_PCT/100:.4f} of capex")
print("| id | from – to | kind | existing MW | max added MW | build unit MW | capital cost $/MW | annualised $/MW-yr | basis |")
print("|---|---|---|---:|---:|---:|---:|---:|---|")
rows = [(r[0],r[2],r[3],"AC line",r[4]) for r in lines] + [(r[0],r[2],r[3],r[4],max(r[5],r[6])) for r in links]
for i,a,b,k,mw in rows:
    if i not in EXP: continue
    m,c,u,basis = EXP[i]
    print(f"| {i} | {a} – {b} | {k} | {mw} | {m} | {u if u else '—'} | {c:,} | {round(c*(CRF+FOM_PCT/100)):,} | {basis} |")
print("expandable", len(EXP), "of which candidates", sum(1 for v in EXP.values() if v[2]))

"""Planned additions and retirements 2025-2035 and fuel prices 2025-2035 for build_fleet.py (same fleet).

Every constant carries its source and grade (P primary, S secondary, D derived, E estimate); SOURCES.fleet.md,
section "Planned fleet 2025-2035", repeats them. Same part-year rule as 2020-2024: a change during year y counts
half from y and half from y+1 (rows `..._p<Y>` are in service from Y; rows `..._pret<Y>` leave in Y).
Retirements are carved out of existing rows (inefficient bands first), so every year <= 2024 is unchanged.
"""

# ------------------------------------------------------------------ United States, national GW per year
# EIA-860M planned additions as reported by EIA: 2025 (Today in Energy, 20 Aug 2025, via RTO Insider, S): solar 33.3,
# batteries 18.3, wind 7.8, gas 4.7 GW; planned retirements 8.7 GW, of which coal 6.2 and gas 1.6 GW.
# 2026 (EIA, Feb 2026, 86 GW planned: solar 51 %, batteries 28 %, wind 14 %, gas 6.3 GW, via pv magazine /
# morningoverview, S) x 0.8 realisation (E: 2024 built 30.0 GW solar of ~36 GW planned in Feb 2024).
# Coal retirements 2026: 4.3 GW (EIA 12-month outlook to Oct 2026, via SUN DAY Campaign / greentechlead, S).
# 2027-2035: E. NERC 2024 LTRA (Dec 2024, S): 78 GW confirmed and 115 GW expected retirements by 2034 (all
# fuels, incl. Canada), so coal ~6 GW/yr and gas/oil steam ~1.5 GW/yr; additions follow the 2025-26 pace
# reduced after the 2025 tax-credit phase-out (E); gas additions rise with the turbine backlog (E).
US_ADD = {  # year: (solar, battery, wind, gas)
    2025: (33.3, 18.3, 7.8, 4.7), 2026: (35.1, 19.3, 9.6, 5.0),
    2027: (28.0, 15.0, 7.0, 6.0), 2028: (28.0, 15.0, 7.0, 8.0), 2029: (28.0, 15.0, 7.0, 10.0), 2030: (28.0, 15.0, 7.0, 10.0),
    2031: (22.0, 12.0, 6.0, 8.0), 2032: (22.0, 12.0, 6.0, 8.0), 2033: (22.0, 12.0, 6.0, 8.0), 2034: (22.0, 12.0, 6.0, 8.0),
    2035: (22.0, 12.0, 6.0, 8.0)}
US_RET = {  # year: (coal, gas/oil steam)
    2025: (6.2, 1.6), 2026: (4.3, 1.0), 2027: (6.0, 1.5), 2028: (6.0, 1.5), 2029: (6.0, 1.5), 2030: (6.0, 1.5),
    2031: (6.0, 1.5), 2032: (6.0, 1.5), 2033: (6.0, 1.5), 2034: (6.0, 1.5), 2035: (6.0, 1.5)}
GAS_NEW_CC_SHARE = 0.7      # E: new gas 70 % CC (6.3-6.7 heat rate), 30 % CT
# ERCOT share of US additions: Texas 11.6 of 32.5 GW planned solar 2025 (EIA Feb 2025, S) = 0.36; Texas 7.0 GW of
# batteries planned for H2 2025 (EIA Aug 2025, S); 0.35 for both in all years (E). Other regions pro rata to their
# 2024 capacity of the technology (E: EIA-860M by-plant allocation not done).
ERCOT_SHARE = {"solar": 0.35, "battery": 0.35}
# Named nuclear (S): Palisades (MISO, 800 MW) restart, returned to operating status Aug 2025 -> online 2026 (E date);
# Crane Clean Energy Center (ex-TMI-1, PJM, 835 MW) restart targeted 2027 (Constellation).
US_NUC_NEW = [("us_miso", "us_miso_nuclear_palisades_restart", 800, 2026), ("us_pjm", "us_pjm_nuclear_crane_restart", 835, 2027)]

# ------------------------------------------------------------------ Canada
# Ontario (S: OPG/CNSC via news): Pickering B units 5-8 (530+518+520+518 = 2,086 MW net) operate to end of Sep
# 2026 -> retirement_year 2027 (ran 3/4 of 2026); refurbishment returns ~2,000 MW "by the mid-2030s" -> online 2035 (E date).
PICKERING_B = 2086
PICKERING_B_REFURB = (2000, 2035)
# Ontario nuclear availability while Darlington (done 2026) and Bruce MCR (units 3-8 to 2033) refurbishments run (E):
ON_REFURB_PLAN = {2025: 0.82, 2026: 0.86, 2027: 0.89, 2028: 0.88, 2029: 0.89, 2030: 0.89, 2031: 0.90, 2032: 0.90,
                  2033: 0.92, 2034: 0.93, 2035: 0.93}
# Ontario procurements (IESO LT1/E-LT1 2023-24 and the APO 2024 supply outlook, E: contracted MW not read from IESO):
# storage ~2,000 MW (4 h) 2026-2028, gas expansions/new CT ~1,000 MW 2026-2028.
CA_ADD = [  # (region, tech, MW, online_year)
    ("ca_on", "battery", 700, 2026), ("ca_on", "battery", 700, 2027), ("ca_on", "battery", 600, 2028),
    ("ca_on", "gas_ct", 500, 2026), ("ca_on", "gas_ct", 500, 2028),
    # Alberta (E; AESO 2024 LTO Reference Case not read): wind/solar slow after the 2023-24 boom and the 2023-24
    # moratorium; batteries; gas 0 (Cascade and Genesee repowering already in 2023-24).
    ("ca_ab", "wind", 600, 2025), ("ca_ab", "wind", 600, 2026), ("ca_ab", "wind", 300, 2028), ("ca_ab", "wind", 300, 2030),
    ("ca_ab", "wind", 300, 2032), ("ca_ab", "wind", 300, 2034),
    ("ca_ab", "solar", 500, 2025), ("ca_ab", "solar", 300, 2026), ("ca_ab", "solar", 200, 2028), ("ca_ab", "solar", 200, 2031),
    ("ca_ab", "battery", 200, 2026), ("ca_ab", "battery", 200, 2029),
    # British Columbia: Site C 1,100 MW, six units in service Oct 2024 - 2025 (BC Hydro, S) -> ror vintage, 2025.
    ("ca_bc", "hydro_ror", 1100, 2025),
    # Saskatchewan: Aspen gas 370 MW (SaskPower, S; 2027 E); coal kept to 2035 (SaskPower life extension, E).
    ("ca_sk", "gas_cc", 370, 2027),
    # Quebec: Hydro-Quebec Action Plan 2035 (S): ~10 GW new wind by 2035; ramp E.
    ("ca_qc", "wind", 400, 2027), ("ca_qc", "wind", 400, 2028), ("ca_qc", "wind", 600, 2029), ("ca_qc", "wind", 600, 2030),
    ("ca_qc", "wind", 1000, 2031), ("ca_qc", "wind", 1000, 2032), ("ca_qc", "wind", 1200, 2033), ("ca_qc", "wind", 1200, 2034),
    ("ca_qc", "wind", 1500, 2035),
    # Maritimes: coal replaced by wind (Nova Scotia ~1,000 MW Green Choice, S) and CTs (E).
    ("ca_mar", "wind", 300, 2027), ("ca_mar", "wind", 300, 2028), ("ca_mar", "wind", 400, 2029), ("ca_mar", "gas_ct", 300, 2029),
]
# Nova Scotia and New Brunswick coal: phase-out by 2030 (NS legislated 2030 coal end; federal 2030 coal regulations,
# S) -> retirement_year 2030 for all ca_mar coal.
CA_MAR_COAL_RET = 2030

# ------------------------------------------------------------------ Mexico
# Plan de Fortalecimiento y Expansion del SEN 2025-2030 (SENER/CFE, 5 Feb 2025, via Expansion, S): CFE wind 2,470 MW
# (2027-28), solar 4,673 MW (2027-28), combined cycles 3,425 MW (2028-29), batteries 2,216 MW (2027-30), Pemex
# cogeneration 2,422 MW (2029-30); private >= 6,400 MW (mostly clean). Named firm projects (CFE, 17 Dec 2025, S):
# CC Tula II 1,013.8 (Hidalgo, replaces the Tula fuel-oil plant), CC Salamanca II 495.5, CC Altamira 583.1, CC
# Mazatlan 581.5, IC Los Cabos 240 MW (under review). In-service years E (turbines contracted; "some plants 2027").
MX_ADD = [  # (region, tech, MW, online_year)
    ("mx_cen", "gas_cc", 1014, 2029), ("mx_occ", "gas_cc", 496, 2029), ("mx_nes", "gas_cc", 583, 2029),
    ("mx_nor", "gas_cc", 582, 2029), ("mx_bcs", "oil", 240, 2030),
    # remaining 3,425 - 2,674 = 751 MW CC of the plan: E in mx_pen (Yucatan supply need)
    ("mx_pen", "gas_cc", 751, 2029),
    # CFE CCs of the previous plan finishing 2025-2027 (E: ~13 GW "recently planned" per CFE Feb 2025; the
    # ones commissioned by 2027: San Luis Rio Colorado, Gonzalez Ortega (BC), Merida, Riviera Maya (PEN), Tuxpan (ORI),
    # El Sauz II (OCC) - sizes E)
    ("mx_bc", "gas_cc", 1300, 2026), ("mx_pen", "gas_cc", 1050, 2026), ("mx_ori", "gas_cc", 1000, 2027),
    ("mx_occ", "gas_cc", 550, 2026),
    # Pemex cogeneration 2,422 MW at refineries (Tula CEN, Salamanca OCC, Salina Cruz ORI; split E)
    ("mx_cen", "gas_cc", 800, 2030), ("mx_occ", "gas_cc", 800, 2030), ("mx_ori", "gas_cc", 822, 2030),
    # Puerto Penasco solar phases 3-4, 580 MW (CFE, S; 2027 E)
    ("mx_nor", "solar", 580, 2027),
]
MX_SOLAR_PLAN = {2027: 2000, 2028: 2093}    # 4,673 - 580 Puerto Penasco, spread by region's solar (E)
MX_WIND_PLAN = {2027: 1200, 2028: 1270}     # 2,470 (S), by region's wind (E)
MX_BATT_PLAN = {2027: 500, 2028: 600, 2029: 600, 2030: 516}   # 2,216 (S), by region's solar (E)
MX_PRIVATE = {2026: (800, 400), 2027: (1000, 400), 2028: (1000, 400), 2029: (1000, 400), 2030: (600, 400)}  # (solar, wind) E
MX_PRIVATE_LATE = (800, 400)                # 2031-2035 per year (E)
# Tula fuel-oil steam (1,500 MW of mx_cen's 1,950 MW oil steam) retires when Tula II runs (E: 2030).
MX_OIL_RET = [("mx_cen", 1500, 2030)]

# ------------------------------------------------------------------ fuel prices 2025-2035 (annual, real 2024 $)
# EIA AEO2025 Reference case, delivered to the electric power sector by census division, as stored in ReEDS
# (NREL/ReEDS-2.0 inputs/fuelprices/ng_AEO_2025_reference.csv and coal_AEO_2025_reference.csv; P). 2024 values
# equal FS §3.2.
AEO_GAS = {  # ENC, ESC, MA, MTN, NE, PAC, SA, WNC, WSC
    2025: (2.837, 3.142, 2.725, 3.296, 3.946, 3.450, 3.846, 3.162, 2.703),
    2026: (2.763, 3.055, 2.780, 3.156, 3.819, 3.232, 3.766, 3.076, 2.603),
    2027: (2.704, 2.989, 2.637, 3.122, 3.435, 3.155, 3.838, 3.054, 2.549),
    2028: (2.763, 3.127, 2.577, 3.270, 3.241, 3.344, 3.785, 3.195, 2.702),
    2029: (2.918, 3.306, 2.644, 3.514, 3.230, 3.635, 4.086, 3.398, 2.911),
    2030: (3.050, 3.512, 2.774, 3.861, 3.129, 4.020, 4.087, 3.646, 3.164),
    2031: (3.170, 3.614, 2.866, 4.080, 3.326, 4.275, 4.102, 3.763, 3.304),
    2032: (3.636, 4.085, 3.223, 4.734, 3.779, 4.891, 4.559, 4.423, 3.843),
    2033: (3.881, 4.389, 3.483, 5.040, 4.071, 5.191, 4.842, 4.704, 4.214),
    2034: (3.988, 4.544, 3.598, 5.231, 4.169, 5.385, 4.962, 4.773, 4.410),
    2035: (4.045, 4.610, 3.632, 5.303, 4.199, 5.412, 5.017, 4.784, 4.426)}
AEO_COAL = {
    2025: (2.511, 2.274, 2.258, 2.022, 3.498, 2.094, 3.498, 2.018, 2.164),
    2026: (2.405, 2.273, 2.373, 1.876, 3.577, 1.816, 3.577, 2.045, 2.179),
    2027: (2.384, 2.228, 2.344, 1.847, 3.345, 1.740, 3.345, 2.082, 2.150),
    2028: (2.347, 2.218, 2.253, 1.720, 2.977, 1.693, 2.977, 2.044, 2.133),
    2029: (2.316, 2.195, 2.177, 1.762, 2.922, 1.893, 2.922, 2.036, 2.111),
    2030: (2.303, 2.177, 2.131, 1.832, 2.874, 1.872, 2.874, 2.093, 2.066),
    2031: (2.248, 2.134, 2.010, 1.858, 2.809, 1.938, 2.809, 2.081, 2.047),
    2032: (2.169, 2.080, 2.618, 1.418, 2.688, 1.693, 2.688, 1.769, 2.128),
    2033: (2.171, 2.072, 2.616, 1.397, 2.687, 1.655, 2.687, 1.760, 2.116),
    2034: (2.163, 2.069, 2.621, 1.416, 2.681, 1.661, 2.681, 1.757, 2.112),
    2035: (2.155, 2.066, 2.546, 1.442, 2.678, 1.668, 2.678, 1.755, 2.108)}
DIVS = ("ENC", "ESC", "MA", "MTN", "NE", "PAC", "SA", "WNC", "WSC")
# Henry Hub proxy for Canada/Mexico: AEO WSC delivered price - (WSC 2024 2.20 - HH 2024 2.19) (D).
HH_FROM_WSC = 0.01
# AECO-HH differential after LNG Canada (first cargo Jul 2025): 1.8 (2025), 1.2 (2026), 1.0 after (E; AER ST98 2025
# forecast not read).
AECO_DIFF_PLAN = {2025: 1.8, 2026: 1.2}
AECO_DIFF_LATE = 1.0
# Petroleum: held at 2024 real prices (E: AEO2025 Reference Brent roughly flat in real terms to 2035, not read).


def aeo(table, y, divs):
    return sum(table[y][DIVS.index(d)] for d in divs) / len(divs)

#!/usr/bin/env python3
"""Builds inputs/north-america/load/datacenters.csv and datacenter_pipeline.csv.

The data-center inputs of nagrid-load (crates/load/data/, sources in
docs/load-forecasting.md: LBNL 2024, EPRI 2024, utility and ISO filings, MEXDC) are
given for 17 broad regions. This script maps them onto the 32 regions of this case:
a broad region that covers several case regions is split in proportion to the
case regions' annual demand (load/regions_load.csv) - an estimate, marked as such
in SOURCES.md. Named projects whose location is known go to that region.
National totals are unchanged, so the calibration to published totals holds.
Deterministic: run it again and the files are identical.
"""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
CASE = os.path.normpath(os.path.join(HERE, ".."))
LOAD_DATA = os.path.normpath(os.path.join(CASE, "..", "..", "crates", "load", "data"))

# Broad region of nagrid-load -> regions of this case.
MAP = {
    "us_pjm": ["us_pjm"],
    "us_ercot": ["us_ercot"],
    "us_miso": ["us_miso"],
    "us_southeast": ["us_se", "us_tva", "us_car", "us_fl"],
    "us_west": ["us_cal", "us_nw"],
    "us_southwest": ["us_sw", "us_basin", "us_rockies"],
    "us_northeast": ["us_nyiso", "us_isone"],
    "us_central": ["us_spp"],
    "ca_quebec": ["ca_qc"],
    "ca_ontario": ["ca_on"],
    "ca_alberta": ["ca_ab"],
    "ca_bc": ["ca_bc"],
    "ca_other": ["ca_sk", "ca_mb", "ca_mar", "ca_nl"],
    "mx_bajio": ["mx_occ"],
    "mx_centro": ["mx_cen"],
    "mx_norte": ["mx_nes", "mx_nte", "mx_nor"],
    "mx_sureste": ["mx_ori", "mx_pen"],
}
# Projects whose location within a broad region is known (public filings).
PROJECT_REGION = {
    "georgia_power_irp_2025": "us_se",
    "georgia_power_irp_2031": "us_se",
    "mexdc_pipeline_2025_2030": None,  # spread over the northern areas
}


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def main():
    energy = {r["region"]: float(r["annual_energy_mwh"]) for r in read(os.path.join(CASE, "load", "regions_load.csv"))}
    for broad, targets in MAP.items():
        for t in targets:
            assert t in energy, f"{t} not in regions_load.csv"

    def shares(broad):
        targets = MAP[broad]
        tot = sum(energy[t] for t in targets)
        return [(t, energy[t] / tot) for t in targets]

    out = []
    for row in read(os.path.join(LOAD_DATA, "datacenters.csv")):
        for t, w in shares(row["region"]):
            out.append((t, row["facility_type"], round(float(row["it_capacity_mw_base"]) * w, 3)))
    out.sort()
    with open(os.path.join(CASE, "load", "datacenters.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["region", "facility_type", "it_capacity_mw_base"])
        w.writerows(out)

    pipe = []
    for row in read(os.path.join(LOAD_DATA, "datacenter_pipeline.csv")):
        fixed = PROJECT_REGION.get(row["project"])
        parts = [(fixed, 1.0)] if fixed else shares(row["region"])
        for t, wgt in parts:
            name = row["project"] if len(parts) == 1 else f"{row['project']}_{t}"
            pipe.append((t, name, row["facility_type"], round(float(row["mw"]) * wgt, 3), row["online_year"], row["stage"], row["probability"]))
    pipe.sort()
    with open(os.path.join(CASE, "load", "datacenter_pipeline.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["region", "project", "facility_type", "mw", "online_year", "stage", "probability"])
        w.writerows(pipe)
    print(f"{len(out)} installed-capacity rows, {len(pipe)} pipeline rows")


if __name__ == "__main__":
    main()

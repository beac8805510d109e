"""Generate an inventory of flows in the public flow format (JSON Lines), deterministic from a seed.

The flows vary over what the bundled law decides on, restricted to the part that the peer
encodings (cedar/, rego/, jdm/) encode: see README.md, "What is encoded".

    python gen.py --flows 20000 --seed 42 --out inventory.jsonl
"""

import argparse
import datetime
import json
import random

# Days on which some rule, list or parameter of the bundled law starts or ends, and their
# neighbours: each flow dated on one of them tests a boundary of an in-force period.
BOUNDARY_DAYS = [
    "2022-01-01", "2022-08-31", "2022-09-01", "2023-05-31", "2023-06-01", "2023-12-12",
    "2023-12-13", "2024-01-18", "2024-01-19", "2024-03-21", "2024-03-22", "2024-05-16",
    "2024-05-17", "2024-09-09", "2024-09-10", "2024-12-31", "2025-01-01", "2025-02-07",
    "2025-02-08", "2025-05-16", "2025-05-17", "2025-12-31", "2026-01-01", "2026-04-23",
    "2026-04-24", "2026-12-31",
]
FIRST_DAY = datetime.date(2022, 1, 1)
LAST_DAY = datetime.date(2026, 12, 31)

# Persons on both sides of every band of the Provisions (100,000 and 1,000,000 non-sensitive,
# 10,000 sensitive) and of the SAM triggers (the same numbers, counted differently).
PERSONS = [1, 2, 9_999, 10_000, 10_001, 50_000, 99_999, 100_000, 100_001, 500_000,
           999_999, 1_000_000, 1_000_001, 2_500_000]
SENSITIVE_PERSONS = [1, 2, 500, 4_999, 5_000, 9_998, 9_999, 10_000, 10_001, 20_000, 150_000]
PRIOR_PERSONAL = [0, 1, 50_000, 99_998, 99_999, 100_000, 500_000, 999_998, 999_999, 1_000_000]
PRIOR_SENSITIVE = [0, 1, 5_000, 9_998, 9_999, 10_000, 12_000]

PURPOSES = [
    "other", "international-trade", "cross-border-transport", "academic-cooperation",
    "transnational-manufacturing", "marketing", "cross-border-shopping", "cross-border-delivery",
    "cross-border-remittance", "cross-border-payment", "cross-border-account-opening",
    "travel-booking", "visa-application", "exam-services", "hr-management", "emergency",
    "legal-obligation",
]
ZONES = ["other", "gba", "shanghai", "shanghai-ftz", "lingang", "beijing-ftz", "tianjin-ftz"]
SECTORS = ["automotive", "funds", "biomedicine", "reinsurance", "shipping", "retail",
           "hospitality", "meteorology", "finance", "telecom", "healthcare", "e-commerce",
           "manufacturing", "logistics", "other"]
COUNTRIES = ["DE", "US", "SG", "JP", "FR", "GB"]

ICV = {
    "lingang.icv.manufacturing": ["production-management", "parts-purchasing", "inventory",
                                  "quality-management", "remanufacturing", "logistics"],
    "lingang.icv.rd": ["product-design", "product-testing", "rd-management"],
    "lingang.icv.after-sales": ["vehicle-basics", "after-sales-records", "fault-analysis",
                                "after-sales-reports"],
    "lingang.icv.used-car-trade": ["vehicle-information", "maintenance-records",
                                   "insurance-records"],
}
# Scenarios of lists that name no category yet (they release nothing).
GDL_EMPTY = ["lingang.funds.market-research-sharing", "lingang.funds.operations",
             "lingang.biomedicine.clinical-trials", "lingang.biomedicine.supply-chain"]
NEGATIVE = {
    "shanghai.reinsurance.personal-insurance": ["reinsurance"],
    "shanghai.reinsurance.property-insurance": ["reinsurance"],
    "shanghai.shipping.waterway-transport": ["shipping"],
    "shanghai.shipping.port-operations": ["shipping"],
    "shanghai.shipping.crew-management": ["shipping"],
    "shanghai.retail.membership-management": ["retail", "hospitality"],
    "shanghai.meteorology.observation-exchange": ["meteorology"],
    "shanghai.meteorology.forecast-services": ["meteorology"],
    "shanghai.meteorology.research-cooperation": ["meteorology"],
}


# The periods of the zone lists, so that flows naming a scenario often fall inside them.
LIST_PERIODS = {"icv": ("2024-05-17", "2025-05-16"), "negative": ("2025-02-08", "2026-12-31")}


def pick_date(r, scenario_kind=None):
    if scenario_kind in LIST_PERIODS and r.random() < 0.5:
        first, last = (datetime.date.fromisoformat(d) for d in LIST_PERIODS[scenario_kind])
        return (first + datetime.timedelta(days=r.randrange((last - first).days + 1))).isoformat()
    if r.random() < 0.3:
        return r.choice(BOUNDARY_DAYS)
    span = (LAST_DAY - FIRST_DAY).days
    return (FIRST_DAY + datetime.timedelta(days=r.randrange(span + 1))).isoformat()


def pick_persons(r, sensitive):
    if r.random() < 0.8:
        return r.choice(SENSITIVE_PERSONS if sensitive else PERSONS)
    return r.randrange(1, 30_000 if sensitive else 3_000_000)


def make_item(r, n, scenario_kind, scenario):
    cls = r.choices(["general", "personal", "sensitive-personal", "important", "core"],
                    weights=[30, 36, 22, 8, 3])[0]
    item = {"name": f"item {n}", "class": cls}
    if cls in ("personal", "sensitive-personal"):
        item["individuals"] = pick_persons(r, cls == "sensitive-personal")
        if cls == "personal" and r.random() < 0.12:
            item["minors"] = True
        if r.random() < 0.15:
            item["origin"] = "foreign"
        elif r.random() < 0.1:
            item["origin"] = "domestic"
    if scenario_kind == "icv":
        if cls == "general" and r.random() < 0.85:
            item["category"] = f"{scenario}.{r.choice(ICV[scenario])}"
        elif r.random() < 0.1:
            other = r.choice(list(ICV))
            item["category"] = f"{other}.{r.choice(ICV[other])}"
    elif scenario_kind == "negative":
        choice = r.random()
        if choice < 0.6:
            item["listed"] = False
        elif choice < 0.8:
            item["listed"] = True
    return item


def make_flow(r, index, all_foreign):
    flow = {"id": f"G-{index:06d}"}
    exporter = {"name": f"Exporter {r.randrange(1000)}", "ciio": r.random() < 0.15}
    scenario_kind = None
    scenario = None
    roll = r.random()
    if roll < 0.18:
        scenario_kind, scenario = "icv", r.choice(list(ICV))
    elif roll < 0.22:
        scenario_kind, scenario = "gdl-empty", r.choice(GDL_EMPTY)
    elif roll < 0.42:
        scenario_kind, scenario = "negative", r.choice(list(NEGATIVE))

    flow["date"] = pick_date(r, scenario_kind)

    # Sector: mostly the one the scenario belongs to, so that eligibility is often met.
    if scenario_kind == "icv" and r.random() < 0.8:
        exporter["sector"] = "automotive"
    elif scenario_kind == "negative" and r.random() < 0.8:
        exporter["sector"] = r.choice(NEGATIVE[scenario])
    elif r.random() < 0.7:
        exporter["sector"] = r.choice(SECTORS)

    # Zones: Shanghai and its FTZ and Lin-gang often when a scenario is named.
    if scenario_kind is not None and r.random() < 0.75:
        registered = r.choice(["lingang", "shanghai-ftz", "shanghai", "other"])
    else:
        registered = r.choice(ZONES)
    if registered != "other" or r.random() < 0.3:
        exporter["registered_in"] = registered
    if r.random() < 0.35:
        exporter["activity_in"] = r.choice(["lingang", "shanghai-ftz", "shanghai", "other", "gba"])
    if r.random() < 0.2:
        exporter["processes"] = r.choice([999_999, 1_000_000, 1_000_001, r.randrange(1, 5_000_000)])
    flow["exporter"] = exporter

    recipient = {"country": r.choice(COUNTRIES)}
    roll = r.random()
    if roll < 0.04:
        recipient["kind"] = "foreign-authority"
    elif roll < 0.08:
        recipient["kind"] = "restricted"
    elif roll < 0.13:
        recipient["kind"] = "individual"
    elif roll < 0.33:
        recipient["kind"] = "company"
    if registered == "gba" and r.random() < 0.6 or r.random() < 0.04:
        region = r.choice(["hk", "mo"])
        recipient["registered_in"] = region
        recipient["country"] = region.upper()
    flow["recipient"] = recipient

    if r.random() < 0.6:
        flow["purpose"] = r.choice(PURPOSES)
    if scenario is not None:
        flow["scenario"] = scenario

    items = [make_item(r, n + 1, scenario_kind, scenario) for n in range(r.choice([1, 1, 2, 2, 3, 4]))]
    if all_foreign:
        for item in items:
            if item["class"] in ("personal", "sensitive-personal"):
                item["origin"] = "foreign"
    flow["items"] = items

    if r.random() < 0.55:
        prior = {"personal": r.choice(PRIOR_PERSONAL), "sensitive": r.choice(PRIOR_SENSITIVE)}
        # The SAM window (2022-09-01 to 2024-03-21) also counts all PI together.
        if "2022-09-01" <= flow["date"] <= "2024-03-21":
            overlap = r.choice([0, 0, min(prior["personal"], prior["sensitive"])])
            prior["pi-total"] = prior["personal"] + prior["sensitive"] - overlap
        flow["prior"] = prior
    return flow


def generate(count, seed):
    r = random.Random(seed)
    for index in range(1, count + 1):
        yield make_flow(r, index, all_foreign=r.random() < 0.06)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--flows", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    with open(args.out, "w", encoding="utf-8") as out:
        for flow in generate(args.flows, args.seed):
            out.write(json.dumps(flow, ensure_ascii=False, separators=(",", ":")))
            out.write("\n")


if __name__ == "__main__":
    main()

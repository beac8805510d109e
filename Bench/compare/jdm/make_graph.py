"""Writes xborder.json, the GoRules JDM decision graph of the bundled China pack (the part that
Bench/compare generates). The graph is the encoding; this script only keeps its long expression
cells readable. Run it after changing a rule: python jdm/make_graph.py

The graph: flow (input) -> facts (expression: defaults of the vocabulary, date as a timestamp)
-> zone list (decision table, first hit: the list in force that admits the exporter for the
flow's scenario) -> items (expression: PIPL Art. 28 reclassification, items the list releases,
counters, the classes left) -> rules (decision table, collect: one row per rule of the law, with
its period and condition) -> decision (expression: exceptions set aside the rules they name,
never a prohibition; the strictest outcome left, else the fallback) -> decision (output).
"""

import json
import os

PI = "['personal', 'sensitive-personal']"
ICV = {
    "lingang.icv.manufacturing": ["production-management", "parts-purchasing", "inventory",
                                  "quality-management", "remanufacturing", "logistics"],
    "lingang.icv.rd": ["product-design", "product-testing", "rd-management"],
    "lingang.icv.after-sales": ["vehicle-basics", "after-sales-records", "fault-analysis",
                                "after-sales-reports"],
    "lingang.icv.used-car-trade": ["vehicle-information", "maintenance-records",
                                   "insurance-records"],
}
NL_2024 = ("(sector == 'reinsurance' and scenario in ['shanghai.reinsurance.personal-insurance', "
           "'shanghai.reinsurance.property-insurance']) or (sector == 'shipping' and scenario in "
           "['shanghai.shipping.waterway-transport', 'shanghai.shipping.port-operations', "
           "'shanghai.shipping.crew-management']) or (sector in ['retail', 'hospitality'] and "
           "scenario == 'shanghai.retail.membership-management')")
NL_2025 = (NL_2024 + " or (sector == 'meteorology' and scenario in "
           "['shanghai.meteorology.observation-exchange', 'shanghai.meteorology.forecast-services', "
           "'shanghai.meteorology.research-cooperation'])")
CONTRACT_PURPOSES = ("['cross-border-shopping', 'cross-border-delivery', 'cross-border-remittance', "
                     "'cross-border-payment', 'cross-border-account-opening', 'travel-booking', "
                     "'visa-application', 'exam-services']")
TRADE_PURPOSES = ("['international-trade', 'cross-border-transport', 'academic-cooperation', "
                  "'transnational-manufacturing', 'marketing']")


def day(iso):
    return f"date('{iso}')"


def since(iso):
    return f"day >= {day(iso)}"


def between(first, last):
    return f"day >= {day(first)} and day <= {day(last)}"


FACTS = [
    ("day", "date(date)"),
    ("ciio", "exporter.ciio"),
    ("registered", "exporter.registered_in ?? 'other'"),
    ("activity", "exporter.activity_in ?? $.registered"),
    ("sector", "exporter.sector ?? ''"),
    # A test on a missing field does not hold: 0 fails `at least 1,000,000` as a missing one does.
    ("processes", "exporter.processes ?? 0"),
    ("kind", "recipient.kind ?? 'company'"),
    ("recipient_zone", "recipient.registered_in ?? ''"),
    ("purpose", "purpose ?? 'other'"),
    ("scenario", "scenario ?? ''"),
    ("prior_personal", "prior.personal ?? 0"),
    ("prior_sensitive", "prior.sensitive ?? 0"),
    ("prior_pi_total", "prior['pi-total'] ?? 0"),
]

# (list id, in force, eligibility): the first that holds is the flow's list.
ZONE_LISTS = [
    ("lingang.gdl.icv", between("2024-05-17", "2025-05-16"),
     "not ciio and registered in ['shanghai-ftz', 'lingang'] and activity in ['lingang'] and scenario in "
     + json.dumps(list(ICV)).replace('"', "'")),
    ("shanghai.nl.2024", between("2025-02-08", "2026-04-23"),
     f"not ciio and registered in ['shanghai-ftz', 'lingang'] and activity in ['shanghai-ftz', 'lingang'] and ({NL_2024})"),
    ("shanghai.nl.2025", since("2026-04-24"),
     f"not ciio and registered in ['shanghai', 'shanghai-ftz', 'lingang'] and activity in ['shanghai', 'shanghai-ftz', 'lingang'] and ({NL_2025})"),
]

ICV_CATEGORIES = "{" + ", ".join(
    f"'{s}': [" + ", ".join(f"'{s}.{c}'" for c in cats) + "]" for s, cats in ICV.items()) + "}"

ITEMS = [
    ("icv_categories", ICV_CATEGORIES),
    # PIPL Art. 28: a child's personal information is sensitive.
    ("classified", "map(items, {class: #.class == 'personal' and (#.minors ?? false) == true ? "
                   "'sensitive-personal' : #.class, individuals: #.individuals ?? 0, "
                   "origin: #.origin ?? 'domestic', category: #.category ?? '', "
                   "listed: #.listed ?? null, features: #.features ?? []})"),
    # Provisions Art. 6: general data list (a category of the scenario, general data, none of the
    # excluded features); negative list (stated listed: false, not important or core data).
    ("marked", "map($.classified, {class: #.class, individuals: #.individuals, origin: #.origin, released: "
               "(list == 'lingang.gdl.icv' and #.category in ($.icv_categories[scenario] ?? []) and #.class == 'general' "
               "and none(#.features, # in ['faces', 'licence-plates', 'identifying-vin', 'embedded-pi'])) "
               "or (list in ['shanghai.nl.2024', 'shanghai.nl.2025'] and #.listed == false and #.category == '' "
               "and #.class in ['general', 'personal', 'sensitive-personal'])})"),
    ("released_any", "some($.marked, #.released)"),
    ("remaining", "filter($.marked, not #.released)"),
    ("classes", "map($.remaining, #.class)"),
    ("this_personal", "sum(map(filter($.remaining, #.class == 'personal'), #.individuals))"),
    ("this_sensitive", "sum(map(filter($.remaining, #.class == 'sensitive-personal'), #.individuals))"),
    ("persons_personal", "prior_personal + $.this_personal"),
    ("persons_sensitive", "prior_sensitive + $.this_sensitive"),
    ("persons_pi_total", "prior_pi_total + $.this_personal + $.this_sensitive"),
    ("has_pi", f"some($.classes, # in {PI})"),
    ("has_important", "some($.classes, # == 'important')"),
    ("has_core", "some($.classes, # == 'core')"),
    ("has_sensitive", "some($.classes, # == 'sensitive-personal')"),
    ("all_general", "len($.classes) > 0 and all($.classes, # == 'general')"),
    ("foreign_pi", f"some($.remaining, #.class in {PI} and #.origin == 'foreign')"),
    ("domestic_pi", f"some($.remaining, #.class in {PI} and #.origin == 'domestic')"),
    ("lingang_exporter", "registered == 'lingang' or activity == 'lingang'"),
    ("contract_band", "($.this_personal >= 1 and $.persons_personal >= 100000 and $.persons_personal < 1000000) "
                      "or ($.this_sensitive >= 1 and $.persons_sensitive < 10000)"),
    ("gba_needs_mechanism", "$.this_sensitive >= 1 or ($.this_personal >= 1 and $.persons_personal >= 100000)"),
]

NO_IMP_CORE = "not has_important and not has_core"

# (rule id, in force, condition, outcome)
RULES = [
    # prohibited (final)
    ("cn.dsl.art21.core-data", since("2021-09-01"), "has_core", "prohibited"),
    ("cn.dsl.art36.foreign-authority", since("2021-09-01"), "kind == 'foreign-authority'", "prohibited"),
    ("cn.pipl.art41.foreign-authority", since("2021-11-01"), "kind == 'foreign-authority' and has_pi", "prohibited"),
    # parameter restricted-list-covers-all-data: true from 2021-11-01
    ("cn.pipl.art42.restricted-recipient", since("2021-11-01"), "kind == 'restricted'", "prohibited"),
    ("lingang.grading.core-data", since("2024-01-19"), "lingang_exporter and has_core", "prohibited"),
    # security assessment
    ("cn.dsl.art31.important-data", since("2021-09-01"), "has_important", "security-assessment"),
    ("cn.sam.art4-1.important-data", between("2022-09-01", "2024-03-21"), "has_important", "security-assessment"),
    ("cn.ndsmr.art37.important-data", since("2025-01-01"), "has_important", "security-assessment"),
    ("cn.provisions.art7-2.important-data", since("2024-03-22"), "has_important", "security-assessment"),
    ("lingang.grading.important-data", since("2024-01-19"), "lingang_exporter and has_important", "security-assessment"),
    ("cn.csl.art37.ciio", between("2017-06-01", "2025-12-31"), "ciio and (has_pi or has_important or has_core)", "security-assessment"),
    ("cn.csl.art39.ciio", since("2026-01-01"), "ciio and (has_pi or has_important)", "security-assessment"),
    ("cn.pipl.art40.ciio", since("2021-11-01"), "ciio and has_pi", "security-assessment"),
    ("cn.sam.art4-2.ciio", between("2022-09-01", "2024-03-21"), "ciio and has_pi", "security-assessment"),
    ("cn.sam.art4-2.large-processor", between("2022-09-01", "2024-03-21"), "processes >= 1000000 and has_pi", "security-assessment"),
    ("cn.sam.art4-3.volume", between("2022-09-01", "2024-03-21"),
     "has_pi and (persons_personal >= 100000 or persons_pi_total >= 100000 or persons_sensitive >= 10000)", "security-assessment"),
    ("cn.provisions.art7-1.ciio", since("2024-03-22"), "ciio and (has_pi or has_important)", "security-assessment"),
    ("cn.provisions.art7-2.volume", since("2024-03-22"),
     "not ciio and ((this_personal >= 1 and persons_personal >= 1000000) or (this_sensitive >= 1 and persons_sensitive >= 10000))",
     "security-assessment"),
    # contract or certification
    ("cn.pipl.art38.mechanism", between("2021-11-01", "2024-03-21"), "has_pi", "contract-or-certification"),
    ("cn.sccm.art4.standard-contract", between("2023-06-01", "2024-03-21"),
     f"not ciio and has_pi and {NO_IMP_CORE} and not (processes >= 1000000) and persons_personal < 100000 "
     "and persons_pi_total < 100000 and persons_sensitive < 10000", "contract-or-certification"),
    ("cn.provisions.art8.band", since("2024-03-22"), "not ciio and contract_band", "contract-or-certification"),
    ("cn.picm.art5.certification", since("2026-01-01"), f"not ciio and {NO_IMP_CORE} and contract_band", "contract-or-certification"),
    ("cn.gba.hk.standard-contract-2023", between("2023-12-13", "2024-03-21"),
     f"not ciio and registered == 'gba' and recipient_zone == 'hk' and has_pi and {NO_IMP_CORE}", "contract-or-certification"),
    ("cn.gba.hk.standard-contract", since("2024-03-22"),
     f"not ciio and registered == 'gba' and recipient_zone == 'hk' and {NO_IMP_CORE} and gba_needs_mechanism", "contract-or-certification"),
    ("cn.gba.mo.standard-contract", since("2024-09-10"),
     f"not ciio and registered == 'gba' and recipient_zone == 'mo' and {NO_IMP_CORE} and gba_needs_mechanism", "contract-or-certification"),
    # exempt
    ("cn.dsl.art31.general-data", since("2021-09-01"), "all_general", "exempt"),
    ("cn.provisions.art2.general-data", since("2024-03-22"), "all_general", "exempt"),
    ("cn.provisions.art3.trade-and-cooperation", since("2024-03-22"),
     f"purpose in {TRADE_PURPOSES} and not has_pi and {NO_IMP_CORE}", "exempt"),
    ("cn.provisions.art4.round-trip", since("2024-03-22"), f"foreign_pi and not domestic_pi and {NO_IMP_CORE}", "exempt"),
    ("cn.provisions.art5-1.contract-necessity", since("2024-03-22"), f"purpose in {CONTRACT_PURPOSES} and has_pi and {NO_IMP_CORE}", "exempt"),
    ("cn.provisions.art5-2.hr-management", since("2024-03-22"), f"purpose == 'hr-management' and has_pi and {NO_IMP_CORE}", "exempt"),
    ("cn.provisions.art5-3.emergency", since("2024-03-22"), f"purpose == 'emergency' and has_pi and {NO_IMP_CORE}", "exempt"),
    ("cn.provisions.art5-4.below-threshold", since("2024-03-22"),
     f"not ciio and this_personal >= 1 and persons_personal < 100000 and not has_sensitive and {NO_IMP_CORE}", "exempt"),
    ("cn.ndsmr.art35-4.contract-necessity", since("2025-01-01"), f"purpose in {CONTRACT_PURPOSES} and has_pi and {NO_IMP_CORE}", "exempt"),
    ("cn.ndsmr.art35-5.hr-management", since("2025-01-01"), f"purpose == 'hr-management' and has_pi and {NO_IMP_CORE}", "exempt"),
    ("cn.ndsmr.art35-6.legal-obligation", since("2025-01-01"), f"purpose == 'legal-obligation' and has_pi and {NO_IMP_CORE}", "exempt"),
    ("cn.ndsmr.art35-7.emergency", since("2025-01-01"), f"purpose == 'emergency' and has_pi and {NO_IMP_CORE}", "exempt"),
]

MECHANISMS = [
    "cn.provisions.art7-1.ciio", "cn.provisions.art7-2.volume", "cn.provisions.art8.band",
    "cn.provisions.art5-4.below-threshold", "cn.provisions.art8.review-earlier-transfers",
    "cn.pipl.art40.ciio", "cn.csl.art37.ciio", "cn.csl.art39.ciio", "cn.picm.art5.certification",
    "cn.gba.hk.standard-contract", "cn.gba.mo.standard-contract",
]
BAND = ["cn.provisions.art8.band", "cn.picm.art5.certification"]
OVERRIDES = {
    **{e: MECHANISMS for e in [
        "cn.provisions.art4.round-trip", "cn.provisions.art5-1.contract-necessity",
        "cn.provisions.art5-2.hr-management", "cn.provisions.art5-3.emergency",
        "cn.ndsmr.art35-4.contract-necessity", "cn.ndsmr.art35-5.hr-management",
        "cn.ndsmr.art35-6.legal-obligation", "cn.ndsmr.art35-7.emergency"]},
    "cn.provisions.art7-2.important-data": BAND,
    "cn.provisions.art7-2.volume": BAND,
    "cn.gba.hk.standard-contract-2023": ["cn.sam.art4-3.volume", "cn.sam.art4-2.large-processor", "cn.sccm.art4.standard-contract"],
    "cn.gba.hk.standard-contract": ["cn.provisions.art7-2.volume"] + BAND,
    "cn.gba.mo.standard-contract": ["cn.provisions.art7-2.volume"] + BAND,
}


def literal(value):
    return json.dumps(value, ensure_ascii=False).replace('"', "'")


DECISION = [
    ("overrides", literal(OVERRIDES)),
    ("fired_ids", "map(fired, #.id)"),
    # Rules set aside by an applying rule's overrides; a prohibition is never set aside.
    ("set_aside", "flatMap(fired, $.overrides[#.id] ?? [])"),
    ("standing", "filter(fired, #.outcome == 'prohibited' or not (#.id in $.set_aside))"),
    ("strictness", "{'exempt': 0, 'contract-or-certification': 1, 'security-assessment': 2, 'prohibited': 3}"),
    ("ranks", "flatten([map($.standing, $.strictness[#.outcome]), released_any ? [0] : []])"),
    ("outcome", "len($.ranks) == 0 ? 'security-assessment' : "
                "['exempt', 'contract-or-certification', 'security-assessment', 'prohibited'][max($.ranks)]"),
    ("rules", "flatten([map(filter($.standing, #.outcome == $.outcome), #.id), "
              "released_any and $.outcome == 'exempt' ? [list] : []])"),
]


def node(node_id, name, kind, content=None):
    result = {"id": node_id, "name": name, "type": kind, "position": {"x": 0, "y": 0}}
    if content is not None:
        result["content"] = content
    return result


def expressions(pairs, prefix):
    return {"passThrough": True, "inputField": None, "outputPath": None,
            "expressions": [{"id": f"{prefix}-{n}", "key": key, "value": value} for n, (key, value) in enumerate(pairs)]}


def graph():
    zone_rows = [{"_id": list_id, "period": period, "eligible": eligible, "list": f"'{list_id}'"}
                 for list_id, period, eligible in ZONE_LISTS]
    zone_rows.append({"_id": "none", "period": "", "eligible": "", "list": "''"})
    rule_rows = [{"_id": rule_id, "period": period, "when": when, "rule": f"'{rule_id}'", "outcome": f"'{outcome}'"}
                 for rule_id, period, when, outcome in RULES]
    nodes = [
        node("flow", "flow", "inputNode"),
        node("facts", "facts", "expressionNode", expressions(FACTS, "facts")),
        node("zone-list", "zone list", "decisionTableNode", {
            "hitPolicy": "first", "passThrough": True, "inputField": None, "outputPath": None, "executionMode": "single",
            "inputs": [{"id": "period", "name": "in force"}, {"id": "eligible", "name": "eligible exporter and scenario"}],
            "outputs": [{"id": "list", "name": "list", "field": "list"}],
            "rules": zone_rows}),
        node("items", "items", "expressionNode", expressions(ITEMS, "items")),
        node("rules", "rules", "decisionTableNode", {
            "hitPolicy": "collect", "passThrough": True, "inputField": None, "outputPath": "fired", "executionMode": "single",
            "inputs": [{"id": "period", "name": "in force"}, {"id": "when", "name": "when"}],
            "outputs": [{"id": "rule", "name": "rule", "field": "id"}, {"id": "outcome", "name": "outcome", "field": "outcome"}],
            "rules": rule_rows}),
        node("decide", "decision", "expressionNode",
             {"passThrough": False, "inputField": None, "outputPath": None,
              "expressions": [{"id": f"decide-{n}", "key": key, "value": value} for n, (key, value) in enumerate(DECISION)]}),
        node("result", "result", "expressionNode",
             {"passThrough": False, "inputField": None, "outputPath": None,
              "expressions": [{"id": "result-0", "key": "outcome", "value": "outcome"},
                              {"id": "result-1", "key": "rules", "value": "rules"}]}),
        node("out", "decision", "outputNode"),
    ]
    order = ["flow", "facts", "zone-list", "items", "rules", "decide", "result", "out"]
    edges = [{"id": f"{a}-{b}", "type": "edge", "sourceId": a, "targetId": b} for a, b in zip(order, order[1:])]
    return {"contentType": "application/vnd.gorules.decision", "nodes": nodes, "edges": edges}


if __name__ == "__main__":
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "xborder.json")
    with open(path, "w", encoding="utf-8") as out:
        json.dump(graph(), out, ensure_ascii=False, indent=1)
        out.write("\n")

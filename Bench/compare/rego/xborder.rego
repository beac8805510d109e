# The bundled China policy pack (Policies/), the part that Bench/compare generates, written in Rego
# for rego-cpp. Input: one flow in the public flow format. Query: data.xborder.decision, which is
# {"outcome": CODE, "rules": [ids of the deciding rules]}.
#
# How the law is decided (docs/policy-language.md §6): items are reclassified (PIPL Art. 28), zone
# lists release items, every rule in force on the flow's date is tested on the remaining items,
# rules named in an applying rule's `overrides` are set aside (never a prohibition), and the
# outcome is the strictest left; with none, the fallback (security assessment).
#
# Encoded: rules in force at some day from 2022-01-01 to 2026-12-31. Not encoded: features
# (PIPL Art. 4 and Auto Data Provisions reclassification), catalogs, `subjects`, negative-list
# entries named by `category` (the bundled lists have none), obligations.
package xborder

import rego.v1

# ------------------------------------------------------------------ the flow, with the defaults
day := input.date

ciio := input.exporter.ciio

registered := object.get(input.exporter, "registered_in", "other")

activity := object.get(input.exporter, "activity_in", registered)

sector := input.exporter.sector

# Undefined when the flow leaves it out: a test on a missing field does not hold.
processes := input.exporter.processes

recipient_kind := object.get(input.recipient, "kind", "company")

recipient_zone := input.recipient.registered_in

purpose := object.get(input, "purpose", "other")

scenario := input.scenario

prior(counter) := object.get(object.get(input, "prior", {}), counter, 0)

# A zone and the zones inside it (vocabulary.yaml `zones`).
within := {
	"shanghai": {"shanghai", "shanghai-ftz", "lingang"},
	"shanghai-ftz": {"shanghai-ftz", "lingang"},
	"lingang": {"lingang"},
	"gba": {"gba"},
	"hk": {"hk"},
	"mo": {"mo"},
}

in_force(from, through) if {
	day >= from
	day <= through
}

from(first) if day >= first

pi := {"personal", "sensitive-personal"}

important_or_core := {"important", "core"}

# ------------------------------------------------------------------ reclassification
# PIPL Art. 28: personal information of a child under 14 is sensitive.
class_of(item) := "sensitive-personal" if {
	item["class"] == "personal"
	object.get(item, "minors", false) == true
} else := item["class"]

# ------------------------------------------------------------------ zone lists (Provisions Art. 6)
icv_categories := {
	"lingang.icv.manufacturing": {"production-management", "parts-purchasing", "inventory", "quality-management", "remanufacturing", "logistics"},
	"lingang.icv.rd": {"product-design", "product-testing", "rd-management"},
	"lingang.icv.after-sales": {"vehicle-basics", "after-sales-records", "fault-analysis", "after-sales-reports"},
	"lingang.icv.used-car-trade": {"vehicle-information", "maintenance-records", "insurance-records"},
}

negative_2024_sectors := {
	"shanghai.reinsurance.personal-insurance": {"reinsurance"},
	"shanghai.reinsurance.property-insurance": {"reinsurance"},
	"shanghai.shipping.waterway-transport": {"shipping"},
	"shanghai.shipping.port-operations": {"shipping"},
	"shanghai.shipping.crew-management": {"shipping"},
	"shanghai.retail.membership-management": {"retail", "hospitality"},
}

negative_2025_sectors := object.union(negative_2024_sectors, {
	"shanghai.meteorology.observation-exchange": {"meteorology"},
	"shanghai.meteorology.forecast-services": {"meteorology"},
	"shanghai.meteorology.research-cooperation": {"meteorology"},
})

# The list whose scenario the flow names, when it is in force and admits the exporter.
active_list := "lingang.gdl.icv" if {
	icv_categories[scenario]
	in_force("2024-05-17", "2025-05-16")
	ciio == false
	registered in within["shanghai-ftz"]
	activity in within.lingang
}

active_list := "shanghai.nl.2024" if {
	sector in negative_2024_sectors[scenario]
	in_force("2025-02-08", "2026-04-23")
	ciio == false
	registered in within["shanghai-ftz"]
	activity in within["shanghai-ftz"]
}

active_list := "shanghai.nl.2025" if {
	sector in negative_2025_sectors[scenario]
	from("2026-04-24")
	ciio == false
	registered in within.shanghai
	activity in within.shanghai
}

icv_unless := {"faces", "licence-plates", "identifying-vin", "embedded-pi"}

# General data list: an item of one of the scenario's categories, general data, none of `unless`.
releases(item) if {
	active_list == "lingang.gdl.icv"
	some category in icv_categories[scenario]
	item.category == concat(".", [scenario, category])
	class_of(item) == "general"
	count({f | some f in object.get(item, "features", []); f in icv_unless}) == 0
}

# Negative list: an item stated to be on no entry (`listed: false`), not important or core data.
releases(item) if {
	active_list in {"shanghai.nl.2024", "shanghai.nl.2025"}
	object.get(item, "listed", null) == false
	not item.category
	class_of(item) in {"general", "personal", "sensitive-personal"}
}

released_any if {
	some item in input.items
	releases(item)
}

# The items the rules see, with their classes: released items leave the rules and the counters.
remaining := [{"class": class_of(item), "individuals": object.get(item, "individuals", 0), "origin": object.get(item, "origin", "domestic")} |
	some item in input.items
	not releases(item)
]

classes := {item["class"] | some item in remaining}

has(wanted) if {
	some c in classes
	c in wanted
}

all_general if {
	count(remaining) > 0
	classes == {"general"}
}

has_pi_from(origin) if {
	some item in remaining
	item["class"] in pi
	item.origin == origin
}

# ------------------------------------------------------------------ counters (persons)
this_personal := sum([item.individuals | some item in remaining; item["class"] == "personal"])

this_sensitive := sum([item.individuals | some item in remaining; item["class"] == "sensitive-personal"])

persons_personal := prior("personal") + this_personal

persons_sensitive := prior("sensitive") + this_sensitive

persons_pi_total := (prior("pi-total") + this_personal) + this_sensitive

# Provisions Arts. 5(4), 7(2), 8 (from 2024-03-22).
contract_threshold := 100000

assessment_threshold := 1000000

sensitive_assessment_threshold := 10000

# SAM Art. 4 (2022-09-01 to 2024-03-21).
sam_personal_threshold := 100000

sam_sensitive_threshold := 10000

sam_processing_threshold := 1000000

large_processor if processes >= sam_processing_threshold

# Provisions Art. 8 band, as written in cn.provisions.art8.band and cn.picm.art5.certification.
contract_band if {
	this_personal >= 1
	persons_personal >= contract_threshold
	persons_personal < assessment_threshold
}

contract_band if {
	this_sensitive >= 1
	persons_sensitive < sensitive_assessment_threshold
}

contract_purposes := {"cross-border-shopping", "cross-border-delivery", "cross-border-remittance", "cross-border-payment", "cross-border-account-opening", "travel-booking", "visa-application", "exam-services"}

trade_purposes := {"international-trade", "cross-border-transport", "academic-cooperation", "transnational-manufacturing", "marketing"}

# PI for one of the Arts. 5(1)-(3) / NDSMR Art. 35 purposes, without important or core data.
pi_exemption(purposes) if {
	purpose in purposes
	has(pi)
	not has(important_or_core)
}

# ------------------------------------------------------------------ rules: prohibited (final)
fired["cn.dsl.art21.core-data"] := "prohibited" if has({"core"})

fired["cn.dsl.art36.foreign-authority"] := "prohibited" if recipient_kind == "foreign-authority"

fired["cn.pipl.art41.foreign-authority"] := "prohibited" if {
	recipient_kind == "foreign-authority"
	has(pi)
}

# PIPL Art. 42; parameter restricted-list-covers-all-data: true from 2021-11-01.
fired["cn.pipl.art42.restricted-recipient"] := "prohibited" if recipient_kind == "restricted"

fired["lingang.grading.core-data"] := "prohibited" if {
	from("2024-01-19")
	lingang_exporter
	has({"core"})
}

lingang_exporter if registered in within.lingang

lingang_exporter if activity in within.lingang

# ------------------------------------------------------------------ rules: security assessment
fired["cn.dsl.art31.important-data"] := "security-assessment" if has({"important"})

fired["cn.sam.art4-1.important-data"] := "security-assessment" if {
	in_force("2022-09-01", "2024-03-21")
	has({"important"})
}

fired["cn.ndsmr.art37.important-data"] := "security-assessment" if {
	from("2025-01-01")
	has({"important"})
}

fired["cn.provisions.art7-2.important-data"] := "security-assessment" if {
	from("2024-03-22")
	has({"important"})
}

fired["lingang.grading.important-data"] := "security-assessment" if {
	from("2024-01-19")
	lingang_exporter
	has({"important"})
}

fired["cn.csl.art37.ciio"] := "security-assessment" if {
	day <= "2025-12-31"
	ciio == true
	has({"personal", "sensitive-personal", "important", "core"})
}

fired["cn.csl.art39.ciio"] := "security-assessment" if {
	from("2026-01-01")
	ciio == true
	has({"personal", "sensitive-personal", "important"})
}

fired["cn.pipl.art40.ciio"] := "security-assessment" if {
	ciio == true
	has(pi)
}

fired["cn.sam.art4-2.ciio"] := "security-assessment" if {
	in_force("2022-09-01", "2024-03-21")
	ciio == true
	has(pi)
}

fired["cn.sam.art4-2.large-processor"] := "security-assessment" if {
	in_force("2022-09-01", "2024-03-21")
	large_processor
	has(pi)
}

fired["cn.sam.art4-3.volume"] := "security-assessment" if {
	in_force("2022-09-01", "2024-03-21")
	has(pi)
	sam_volume
}

sam_volume if persons_personal >= sam_personal_threshold

sam_volume if persons_pi_total >= sam_personal_threshold

sam_volume if persons_sensitive >= sam_sensitive_threshold

fired["cn.provisions.art7-1.ciio"] := "security-assessment" if {
	from("2024-03-22")
	ciio == true
	has({"personal", "sensitive-personal", "important"})
}

fired["cn.provisions.art7-2.volume"] := "security-assessment" if {
	from("2024-03-22")
	ciio == false
	provisions_volume
}

provisions_volume if {
	this_personal >= 1
	persons_personal >= assessment_threshold
}

provisions_volume if {
	this_sensitive >= 1
	persons_sensitive >= sensitive_assessment_threshold
}

# ------------------------------------------------------------------ rules: contract or certification
fired["cn.pipl.art38.mechanism"] := "contract-or-certification" if {
	day <= "2024-03-21"
	has(pi)
}

fired["cn.sccm.art4.standard-contract"] := "contract-or-certification" if {
	in_force("2023-06-01", "2024-03-21")
	ciio == false
	has(pi)
	not has(important_or_core)
	not large_processor
	persons_personal < sam_personal_threshold
	persons_pi_total < sam_personal_threshold
	persons_sensitive < sam_sensitive_threshold
}

fired["cn.provisions.art8.band"] := "contract-or-certification" if {
	from("2024-03-22")
	ciio == false
	contract_band
}

fired["cn.picm.art5.certification"] := "contract-or-certification" if {
	from("2026-01-01")
	ciio == false
	not has(important_or_core)
	contract_band
}

gba_exporter if {
	ciio == false
	registered in within.gba
}

fired["cn.gba.hk.standard-contract-2023"] := "contract-or-certification" if {
	in_force("2023-12-13", "2024-03-21")
	gba_exporter
	recipient_zone in within.hk
	has(pi)
	not has(important_or_core)
}

gba_needs_mechanism if this_sensitive >= 1

gba_needs_mechanism if {
	this_personal >= 1
	persons_personal >= contract_threshold
}

fired["cn.gba.hk.standard-contract"] := "contract-or-certification" if {
	from("2024-03-22")
	gba_exporter
	recipient_zone in within.hk
	not has(important_or_core)
	gba_needs_mechanism
}

fired["cn.gba.mo.standard-contract"] := "contract-or-certification" if {
	from("2024-09-10")
	gba_exporter
	recipient_zone in within.mo
	not has(important_or_core)
	gba_needs_mechanism
}

# ------------------------------------------------------------------ rules: exempt
fired["cn.dsl.art31.general-data"] := "exempt" if all_general

fired["cn.provisions.art2.general-data"] := "exempt" if {
	from("2024-03-22")
	all_general
}

fired["cn.provisions.art3.trade-and-cooperation"] := "exempt" if {
	from("2024-03-22")
	purpose in trade_purposes
	not has({"personal", "sensitive-personal", "important", "core"})
}

fired["cn.provisions.art4.round-trip"] := "exempt" if {
	from("2024-03-22")
	has_pi_from("foreign")
	not has_pi_from("domestic")
	not has(important_or_core)
}

fired["cn.provisions.art5-1.contract-necessity"] := "exempt" if {
	from("2024-03-22")
	pi_exemption(contract_purposes)
}

fired["cn.provisions.art5-2.hr-management"] := "exempt" if {
	from("2024-03-22")
	pi_exemption({"hr-management"})
}

fired["cn.provisions.art5-3.emergency"] := "exempt" if {
	from("2024-03-22")
	pi_exemption({"emergency"})
}

fired["cn.provisions.art5-4.below-threshold"] := "exempt" if {
	from("2024-03-22")
	ciio == false
	this_personal >= 1
	persons_personal < contract_threshold
	not has({"sensitive-personal", "important", "core"})
}

fired["cn.ndsmr.art35-4.contract-necessity"] := "exempt" if {
	from("2025-01-01")
	pi_exemption(contract_purposes)
}

fired["cn.ndsmr.art35-5.hr-management"] := "exempt" if {
	from("2025-01-01")
	pi_exemption({"hr-management"})
}

fired["cn.ndsmr.art35-6.legal-obligation"] := "exempt" if {
	from("2025-01-01")
	pi_exemption({"legal-obligation"})
}

fired["cn.ndsmr.art35-7.emergency"] := "exempt" if {
	from("2025-01-01")
	pi_exemption({"emergency"})
}

# ------------------------------------------------------------------ exceptions
# The rules that the exemptions of Provisions Arts. 3-5 set aside (rule set cn.mechanisms).
mechanisms := {
	"cn.provisions.art7-1.ciio", "cn.provisions.art7-2.volume", "cn.provisions.art8.band",
	"cn.provisions.art5-4.below-threshold", "cn.provisions.art8.review-earlier-transfers",
	"cn.pipl.art40.ciio", "cn.csl.art37.ciio", "cn.csl.art39.ciio", "cn.picm.art5.certification",
	"cn.gba.hk.standard-contract", "cn.gba.mo.standard-contract",
}

overrides := {
	"cn.provisions.art4.round-trip": mechanisms,
	"cn.provisions.art5-1.contract-necessity": mechanisms,
	"cn.provisions.art5-2.hr-management": mechanisms,
	"cn.provisions.art5-3.emergency": mechanisms,
	"cn.ndsmr.art35-4.contract-necessity": mechanisms,
	"cn.ndsmr.art35-5.hr-management": mechanisms,
	"cn.ndsmr.art35-6.legal-obligation": mechanisms,
	"cn.ndsmr.art35-7.emergency": mechanisms,
	"cn.provisions.art7-2.important-data": {"cn.provisions.art8.band", "cn.picm.art5.certification"},
	"cn.provisions.art7-2.volume": {"cn.provisions.art8.band", "cn.picm.art5.certification"},
	"cn.gba.hk.standard-contract-2023": {"cn.sam.art4-3.volume", "cn.sam.art4-2.large-processor", "cn.sccm.art4.standard-contract"},
	"cn.gba.hk.standard-contract": {"cn.provisions.art7-2.volume", "cn.provisions.art8.band", "cn.picm.art5.certification"},
	"cn.gba.mo.standard-contract": {"cn.provisions.art7-2.volume", "cn.provisions.art8.band", "cn.picm.art5.certification"},
}

# An override never removes a rule whose outcome is final (prohibited).
set_aside contains id if {
	some by, _ in fired
	some id in overrides[by]
	fired[id] != "prohibited"
}

standing := {id: outcome | some id, outcome in fired; not id in set_aside}

# ------------------------------------------------------------------ the decision
strictness := {"exempt": 0, "contract-or-certification": 1, "security-assessment": 2, "prohibited": 3}

outcomes := {strictness[o] | some o in standing} | {0 | released_any}

outcome := o if {
	count(outcomes) > 0
	some o, rank in strictness
	rank == max(outcomes)
} else := "security-assessment"

deciding_rules contains id if {
	some id, o in standing
	o == outcome
}

deciding_rules contains active_list if {
	released_any
	outcome == "exempt"
}

deciding := sort(deciding_rules)

decision := {"outcome": outcome, "rules": deciding}

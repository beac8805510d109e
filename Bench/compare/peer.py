"""Decide an inventory (JSON Lines, the public flow format) with one peer engine.

    python peer.py cedar|rego|zen INVENTORY.jsonl --out DECISIONS.jsonl --stats STATS.json

Writes one line per flow, {"flow": ID, "outcome": CODE, "rules": [IDS]}, like the contract fields
of `xborder check --format json`, and the timings of the phases to STATS.json: imports, loading
and compiling the policy, reading and parsing the inventory, the decision loop, and the time
spent inside the engine's own calls (the peer's evaluation only).
"""

import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
STRICTEST_FIRST = ["prohibited", "security-assessment", "contract-or-certification", "exempt"]
FALLBACK = "security-assessment"  # Policies/cn/vocabulary.yaml `fallback`


class CedarPeer:
    """Cedar through cedarpy. The entity/context mapping: item requests first (release by a zone
    list, counting as personal or sensitive), then the flow's outcome requests, strictest first.
    See cedar/xborder.cedar for why the decision takes two steps."""

    name = "cedar"

    def load(self):
        import cedarpy
        self.cedarpy = cedarpy
        with open(os.path.join(HERE, "cedar", "xborder.cedar"), encoding="utf-8") as source:
            text = source.read()
        self.policies = cedarpy.PolicySet.from_str(text)
        # Reasons name policies policy0, policy1, ... in source order; their @id is the rule.
        static = json.loads(cedarpy.policies_to_json_str(text))["staticPolicies"]
        self.rule_of = {key: policy.get("annotations", {}).get("id", key) for key, policy in static.items()}
        self.entities = cedarpy.Entities.from_json_str("[]")
        self.engine_seconds = 0.0

    def _ask(self, requests):
        start = time.perf_counter()
        results = self.cedarpy.is_authorized_batch(requests, self.policies, self.entities)
        self.engine_seconds += time.perf_counter() - start
        return results

    def decide(self, flow):
        exporter, recipient = flow["exporter"], flow["recipient"]
        registered = exporter.get("registered_in", "other")
        base = {
            "date": int(flow["date"].replace("-", "")),
            "ciio": exporter["ciio"],
            "registered": registered,
            "activity": exporter.get("activity_in", registered),
        }
        for key, value in (("sector", exporter.get("sector")), ("scenario", flow.get("scenario"))):
            if value is not None:
                base[key] = value
        principal = {"type": "Exporter", "id": exporter.get("id", exporter.get("name", "exporter"))}
        flow_id = flow.get("id", "")

        # Step 1: the items.
        requests = []
        for n, item in enumerate(flow["items"]):
            described = {"class": item.get("class", ""), "minors": item.get("minors", False),
                         "features": item.get("features", [])}
            for key in ("category", "listed"):
                if key in item:
                    described[key] = item[key]
            context = dict(base, item=described)
            resource = {"type": "Item", "id": f"{flow_id}/{n}"}
            for action in ("release", "count-personal", "count-sensitive"):
                requests.append({"principal": principal, "action": {"type": "Action", "id": action},
                                 "resource": resource, "context": context})
        answers = self._ask(requests)

        classes, origins = set(), set()
        this_personal = this_sensitive = 0
        released_by = None
        for n, item in enumerate(flow["items"]):
            release, personal, sensitive = answers[3 * n:3 * n + 3]
            if release.allowed:
                released_by = self.rule_of[release.diagnostics.reasons[0]]
                continue
            if sensitive.allowed:
                classes.add("sensitive-personal")
                this_sensitive += item.get("individuals", 0)
            elif personal.allowed:
                classes.add("personal")
                this_personal += item.get("individuals", 0)
            else:
                classes.add(item["class"])
            if sensitive.allowed or personal.allowed:
                origins.add(item.get("origin", "domestic"))

        # Step 2: the outcome, strictest permitted action first.
        prior = flow.get("prior", {})
        context = dict(base, recipient_kind=recipient.get("kind", "company"),
                       purpose=flow.get("purpose", "other"), classes=sorted(classes),
                       pi_origins=sorted(origins), this_personal=this_personal,
                       this_sensitive=this_sensitive, prior_personal=prior.get("personal", 0),
                       prior_sensitive=prior.get("sensitive", 0),
                       prior_pi_total=prior.get("pi-total", 0))
        for key, value in (("recipient_zone", recipient.get("registered_in")),
                           ("processes", exporter.get("processes")), ("released_by", released_by)):
            if value is not None:
                context[key] = value
        resource = {"type": "Flow", "id": flow_id}
        for outcome in STRICTEST_FIRST:
            request = {"principal": principal, "action": {"type": "Action", "id": outcome},
                       "resource": resource, "context": context}
            start = time.perf_counter()
            answer = self.cedarpy.is_authorized(request, self.policies, self.entities)
            self.engine_seconds += time.perf_counter() - start
            if answer.allowed:
                rules = [self.rule_of[p] for p in answer.diagnostics.reasons]
                rules = [released_by if r == "zone-list" else r for r in rules]
                return outcome, sorted(set(rules))
        return FALLBACK, []


class RegoPeer:
    """OPA Rego through rego-cpp (regopy): rego/xborder.rego compiled once into a bundle, queried
    per flow with the flow as input."""

    name = "rego"

    def load(self):
        from regopy import Interpreter
        self.rego = Interpreter()
        with open(os.path.join(HERE, "rego", "xborder.rego"), encoding="utf-8") as source:
            self.rego.add_module("xborder", source.read())
        self.bundle = self.rego.build(None, ["xborder/decision"])
        if not self.bundle.ok():
            raise SystemExit("rego: the policy did not compile")
        self.engine_seconds = 0.0

    def decide(self, flow):
        start = time.perf_counter()
        self.rego.set_input(flow)
        output = self.rego.query_bundle_entrypoint(self.bundle, "xborder/decision")
        decision = json.loads(output.expressions().json())[0]
        self.engine_seconds += time.perf_counter() - start
        return decision["outcome"], decision["rules"]


class ZenPeer:
    """GoRules zen-engine: the JDM decision graph jdm/xborder.json, evaluated per flow."""

    name = "zen"

    def load(self):
        import zen
        self.engine = zen.ZenEngine()
        with open(os.path.join(HERE, "jdm", "xborder.json"), encoding="utf-8") as source:
            self.decision = self.engine.create_decision(source.read())
        self.engine_seconds = 0.0

    def decide(self, flow):
        start = time.perf_counter()
        result = self.decision.evaluate(flow)["result"]
        self.engine_seconds += time.perf_counter() - start
        return result["outcome"], result["rules"]


PEERS = {peer.name: peer for peer in (CedarPeer, RegoPeer, ZenPeer)}


def main():
    started = time.perf_counter()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("engine", choices=sorted(PEERS))
    parser.add_argument("inventory")
    parser.add_argument("--out", required=True)
    parser.add_argument("--stats", required=True)
    args = parser.parse_args()

    peer = PEERS[args.engine]()
    t0 = time.perf_counter()
    peer.load()
    t1 = time.perf_counter()
    with open(args.inventory, encoding="utf-8") as source:
        flows = [json.loads(line) for line in source if line.strip()]
    t2 = time.perf_counter()
    decisions = []
    for flow in flows:
        outcome, rules = peer.decide(flow)
        decisions.append({"flow": flow.get("id"), "outcome": outcome, "rules": rules})
    t3 = time.perf_counter()
    with open(args.out, "w", encoding="utf-8") as out:
        for decision in decisions:
            out.write(json.dumps(decision, separators=(",", ":")))
            out.write("\n")
    t4 = time.perf_counter()
    stats = {
        "engine": args.engine,
        "flows": len(flows),
        "start_to_load_s": t0 - started,
        "load_s": t1 - t0,
        "parse_s": t2 - t1,
        "decide_loop_s": t3 - t2,
        "engine_calls_s": peer.engine_seconds,
        "write_s": t4 - t3,
    }
    with open(args.stats, "w", encoding="utf-8") as out:
        json.dump(stats, out, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Check that every peer engine agrees with xborder on every flow, and print the figures of the run.

    python compare.py WORKDIR --peers cedar,rego,zen --results results.json

Reads from WORKDIR: inventory.jsonl, xborder.jsonl (the output of `xborder check --format json`)
and xborder-process.json, and for each peer PEER.jsonl, PEER-stats.json, PEER-process.json.
Only the contract fields of xborder's output are read: `flow`, `outcome`, `rules` (an invalid
line is {"line": N, "error": {...}}). Exits 1 when an engine disagrees with xborder on an outcome
or xborder refused a line.
"""

import argparse
import json
import os
import platform
import sys

SHOWN = 50  # disagreements printed per engine; all are counted


def read_lines(path):
    with open(path, encoding="utf-8") as source:
        return [json.loads(line) for line in source if line.strip()]


def read_json(path):
    with open(path, encoding="utf-8") as source:
        return json.load(source)


def versions():
    found = {}
    try:
        from importlib import metadata
        for package in ("cedarpy", "regopy", "zen-engine"):
            try:
                found[package] = metadata.version(package)
            except metadata.PackageNotFoundError:
                pass
    except ImportError:
        pass
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workdir")
    parser.add_argument("--peers", default="cedar,rego,zen")
    parser.add_argument("--results", required=True)
    parser.add_argument("--seed", type=int)
    args = parser.parse_args()
    peers = [p for p in args.peers.split(",") if p]
    work = args.workdir

    inventory = read_lines(os.path.join(work, "inventory.jsonl"))
    ids = [flow.get("id") for flow in inventory]
    failed = False

    # xborder's answers, by input line.
    reference = []
    for n, answer in enumerate(read_lines(os.path.join(work, "xborder.jsonl")), start=1):
        if "error" in answer:
            print(f"xborder refused line {answer.get('line', n)} ({ids[n - 1] if n <= len(ids) else '?'}): {answer['error']}")
            failed = True
            reference.append((None, None))
        else:
            reference.append((answer["outcome"], sorted(rule["id"] for rule in answer["rules"])))
            if answer.get("flow") != ids[n - 1]:
                print(f"xborder line {n}: flow {answer.get('flow')!r}, expected {ids[n - 1]!r}")
                failed = True
    if len(reference) != len(inventory):
        print(f"xborder answered {len(reference)} lines for {len(inventory)} flows")
        failed = True

    histogram, deciding = {}, {}
    for outcome, rules in reference:
        histogram[outcome] = histogram.get(outcome, 0) + 1
        for rule in rules or []:
            deciding[rule] = deciding.get(rule, 0) + 1

    x_process = read_json(os.path.join(work, "xborder-process.json"))
    rows = [{
        "engine": "xborder",
        "flows": len(reference),
        "wall_s": x_process["wall_s"],
        "peak_rss_kib": x_process["peak_rss_kib"],
        "cpu_s": x_process["user_s"] + x_process["sys_s"],
        "eval_s": None,
        "outcome_disagreements": 0,
        "rules_disagreements": 0,
    }]

    for peer in peers:
        answers = read_lines(os.path.join(work, f"{peer}.jsonl"))
        stats = read_json(os.path.join(work, f"{peer}-stats.json"))
        process = read_json(os.path.join(work, f"{peer}-process.json"))
        outcome_diffs = rules_diffs = 0
        if len(answers) != len(inventory):
            print(f"{peer}: {len(answers)} answers for {len(inventory)} flows")
            failed = True
        for n, (answer, (outcome, rules)) in enumerate(zip(answers, reference)):
            if outcome is None:
                continue
            if answer["flow"] != ids[n]:
                print(f"{peer} line {n + 1}: flow {answer['flow']!r}, expected {ids[n]!r}")
                failed = True
            if answer["outcome"] != outcome:
                outcome_diffs += 1
                if outcome_diffs <= SHOWN:
                    print(f"DISAGREE {peer} {ids[n]}: xborder {outcome} {rules}, {peer} {answer['outcome']} {sorted(answer['rules'])}")
            elif sorted(answer["rules"]) != rules:
                rules_diffs += 1
        if outcome_diffs > SHOWN:
            print(f"... {outcome_diffs - SHOWN} more disagreements of {peer}")
        if outcome_diffs:
            failed = True
        rows.append({
            "engine": peer,
            "flows": len(answers),
            "wall_s": process["wall_s"],
            "peak_rss_kib": process["peak_rss_kib"],
            "cpu_s": process["user_s"] + process["sys_s"],
            "eval_s": stats["engine_calls_s"],
            "phases_s": {key: stats[key] for key in ("start_to_load_s", "load_s", "parse_s", "decide_loop_s", "engine_calls_s", "write_s")},
            "outcome_disagreements": outcome_diffs,
            "rules_disagreements": rules_diffs,
        })

    base = rows[0]["wall_s"]
    for row in rows:
        row["flows_per_s"] = row["flows"] / row["wall_s"] if row["wall_s"] else None
        row["ratio_to_xborder"] = row["wall_s"] / base if base else None
        row["eval_flows_per_s"] = row["flows"] / row["eval_s"] if row["eval_s"] else None
        row["eval_ratio_to_xborder"] = row["eval_s"] / base if row["eval_s"] and base else None

    print()
    print(f"{len(deciding)} rules and lists decide at least one flow")
    print(f"{len(inventory)} flows; xborder outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(histogram.items(), key=lambda kv: str(kv[0]))))
    header = ("engine", "flows", "wall s", "cpu s", "flows/s", "peak RSS MiB", "x xborder", "eval s", "eval flows/s", "eval x xborder", "agree")
    table = [header]
    for row in rows:
        agree = "reference" if row["engine"] == "xborder" else (
            "all" if row["outcome_disagreements"] == 0 else f"{row['flows'] - row['outcome_disagreements']}/{row['flows']}")
        table.append((
            row["engine"], str(row["flows"]), f"{row['wall_s']:.2f}", f"{row['cpu_s']:.2f}", f"{row['flows_per_s']:,.0f}",
            f"{row['peak_rss_kib'] / 1024:.0f}", f"{row['ratio_to_xborder']:.1f}",
            "-" if row["eval_s"] is None else f"{row['eval_s']:.2f}",
            "-" if row["eval_flows_per_s"] is None else f"{row['eval_flows_per_s']:,.0f}",
            "-" if row["eval_ratio_to_xborder"] is None else f"{row['eval_ratio_to_xborder']:.1f}",
            agree))
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for k, line in enumerate(table):
        print("  ".join(cell.rjust(widths[i]) if i else cell.ljust(widths[i]) for i, cell in enumerate(line)))
        if k == 0:
            print("  ".join("-" * w for w in widths))
    print("wall: the whole process (start-up, reading, deciding, writing); cpu: its user + system time (xborder")
    print("uses both cores); eval: the peer's own engine calls only (one core);")
    print("x xborder: that time divided by xborder's whole process. Deciding rules differ (outcome agrees): "
          + ", ".join(f"{row['engine']} {row['rules_disagreements']}" for row in rows[1:]))

    results = {
        "flows": len(inventory),
        "seed": args.seed,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "versions": versions(),
        "xborder_outcomes": {str(k): v for k, v in histogram.items()},
        "xborder_deciding_rules": dict(sorted(deciding.items())),
        "engines": rows,
        "agree": not failed,
    }
    with open(args.results, "w", encoding="utf-8") as out:
        json.dump(results, out, indent=1)
        out.write("\n")
    if failed:
        print("\nFAIL: an engine disagrees with xborder (see above)")
        return 1
    print("\nevery engine agrees with xborder on every flow's outcome")
    return 0


if __name__ == "__main__":
    sys.exit(main())

import XBorder

/// The findings about what the policy decides, each proved with the solver over every epoch:
/// impossible conditions, dead rules, exceptions that never fire, overlapping outcomes, gaps.
struct BehaviourChecks {
    let policy: CompiledPolicy
    let set: PolicySet
    let itemCount: Int
    private let smt = SMT()

    init(policy: CompiledPolicy, set: PolicySet, itemCount: Int) {
        self.policy = policy
        self.set = set
        self.itemCount = itemCount
    }

    private struct Context {
        var span: EpochSpan
        var flow: SymbolicFlow
        var decision: SymbolicDecision
    }

    private var bound: String { "no flow of up to \(itemCount) items" }

    func run() -> [Finding] {
        var findings: [Finding] = []
        let spans = EpochSpan.all(policy)
        let flow = SymbolicFlow(smt, policy: policy, itemCount: itemCount)
        smt.assert(flow.domain)
        let table = policy.index.table
        let ruleCount = policy.rules.count
        var holdsSeen = [Bool](repeating: false, count: ruleCount)
        var decidesSeen = [Bool](repeating: false, count: ruleCount)
        var inForce = [Bool](repeating: false, count: ruleCount)
        // Where each rule was first seen to hold: its witness is made only if it turns out dead.
        var holdsContext: [Int: (EpochSpan, Term)] = [:]
        var shadowers: [Int: Set<Int32>] = [:]
        var fired: Set<[Int32]> = []
        var overlapping: Set<[Int32]> = []
        var listEligible = [Bool](repeating: false, count: policy.lists.count)
        var listInForce = [Bool](repeating: false, count: policy.lists.count)
        var reclassifies = [Bool](repeating: false, count: policy.reclassifications.count)
        var reclassificationInForce = [Bool](repeating: false, count: policy.reclassifications.count)
        var inexact: [Int: [String]] = [:]
        var gapSpans: [(EpochSpan, Flow, ConcreteDecision?, onlyEmpty: Bool)] = []
        // Flows whose every item names at least one person: a gap among them is a gap of the law;
        // one only for items of 0 persons is reported apart, as a question of the flow format.
        let statesPersons = smt.and(flow.items.map { smt.implies($0.exists, smt.ge($0.individuals, smt.number(1))) })

        for span in spans {
            let decision = SymbolicDecision(smt, policy: policy, epoch: span.number, flow: flow)
            let rules = policy.index.epochRules[span.number]
            for rule in decision.inexactRules {
                inexact[Int(rule), default: []].append("from \(span.first) a parameter it reads has no value: the evaluator may fail closed on it")
            }
            // The plainest flow that still meets the query: what a reader can follow.
            func witness(_ tag: String, _ query: [Term]) -> Flow {
                _ = smt.simplest(query, preferring: flow.plainness(smt, zones: policy.table(.zones)))
                return flow.witness(smt, policy: policy, on: span.first, id: "witness-\(tag)")
            }

            // Conditions and deciding.
            for number in rules {
                let rule = Int(number)
                inForce[rule] = true
                if !holdsSeen[rule], let holds = decision.holds[number], smt.check([holds]) == .sat {
                    holdsSeen[rule] = true
                    holdsContext[rule] = (span, holds)
                }
                guard holdsSeen[rule], !decidesSeen[rule] else { continue }
                let target = table.outcome[rule] >= 0 ? decision.deciding[number] : decision.remaining[number]
                if let target, smt.check([target]) == .sat { decidesSeen[rule] = true }
            }
            // What shadows a rule that holds but has not been seen deciding (yet).
            for number in rules where holdsSeen[Int(number)] && !decidesSeen[Int(number)] {
                guard let holds = decision.holds[number] else { continue }
                for other in rules where other != number {
                    let wins: Term?
                    if table.outcome[Int(other)] > table.outcome[Int(number)], let deciding = decision.deciding[other] {
                        wins = deciding
                    } else if let by = decision.overriddenBy[number]?.first(where: { $0.by == other }) {
                        wins = by.term
                    } else {
                        wins = nil
                    }
                    if let wins, smt.check([holds, wins]) == .sat { shadowers[Int(number), default: []].insert(other) }
                }
            }
            // Exceptions: does the exception ever set aside each rule it names?
            for (target, setters) in decision.overriddenBy {
                for (by, term) in setters where !fired.contains([by, target]) {
                    if smt.check([term]) == .sat { fired.insert([by, target]) }
                }
            }
            // Overlapping outcomes: both apply, neither sets the other aside, the stricter wins.
            for (i, a) in rules.enumerated() {
                for b in rules[(i + 1)...] {
                    let oa = table.outcome[Int(a)], ob = table.outcome[Int(b)]
                    guard oa >= 0, ob >= 0, oa != ob else { continue }
                    let key = [min(a, b), max(a, b)]
                    guard !overlapping.contains(key) else { continue }
                    guard !table.overrides[Int(a)].contains(b), !table.overrides[Int(b)].contains(a) else { continue }
                    // A final outcome (prohibited) is declared to prevail over everything.
                    if policy.index.finalOutcomes[Int(max(oa, ob))] { continue }
                    guard let ra = decision.remaining[a], let rb = decision.remaining[b] else { continue }
                    if smt.check([ra, rb]) == .sat {
                        overlapping.insert(key)
                        let (weaker, stronger) = oa < ob ? (a, b) : (b, a)
                        // Prefer a witness where the stricter one decides, so that it shows what wins.
                        var query = [ra, rb]
                        if let deciding = decision.deciding[stronger], smt.check([ra, rb, deciding]) == .sat { query.append(deciding) }
                        findings.append(overlap(weaker: weaker, stronger: stronger, witness: witness("overlap", query), span: span))
                    }
                }
            }
            // Lists and reclassifications.
            for number in policy.index.epochLists[span.number] {
                listInForce[Int(number)] = true
                if !listEligible[Int(number)], let eligible = decision.eligible[number], smt.check([eligible]) == .sat { listEligible[Int(number)] = true }
                if decision.eligible[number] == nil { listEligible[Int(number)] = true }
            }
            for number in policy.index.epochReclassifications[span.number] {
                reclassificationInForce[Int(number)] = true
                if !reclassifies[Int(number)], let term = decision.reclassifies[number], smt.check([term]) == .sat { reclassifies[Int(number)] = true }
            }
            // Gaps.
            if smt.check([decision.fellBack, statesPersons]) == .sat {
                let flow = witness("gap", [decision.fellBack, statesPersons])
                gapSpans.append((span, flow, ConcreteDecision(flow, policy: policy), false))
            } else if smt.check([decision.fellBack]) == .sat {
                let flow = witness("gap", [decision.fellBack])
                gapSpans.append((span, flow, ConcreteDecision(flow, policy: policy), true))
            }
        }

        for rule in policy.rules.indices where inForce[rule] {
            let compiled = policy.rules[rule]
            let caveats = inexact[rule] ?? []
            if !holdsSeen[rule] {
                var finding = Finding(
                    code: FindingCode.unsatisfiableCondition, severity: .error,
                    message: "the condition of rule '\(compiled.id)' can never hold on any day it is in force (\(compiled.period))",
                    location: conditionLocation(ofRule: compiled.id) ?? compiled.location, involved: [involved(rule: rule)],
                    proof: "\(bound) meets it on any day it is in force, after reclassification and list release (Z3: unsatisfiable)")
                finding.caveats = caveats
                findings.append(finding)
            } else if !decidesSeen[rule] {
                let shadows = (shadowers[rule] ?? []).sorted().map { Int($0) }
                let hasOutcome = table.outcome[rule] >= 0
                var finding = Finding(
                    code: FindingCode.deadRule, severity: .error,
                    message: "rule '\(compiled.id)' can never be \(hasOutcome ? "among the deciding rules" : "applied")"
                        + (shadows.isEmpty ? "" : ": shadowed by \(shadows.map { "'\(policy.rules[$0].id)'" }.joined(separator: ", "))"),
                    location: compiled.location, involved: [involved(rule: rule)] + shadows.map { involved(rule: $0) },
                    proof: "\(bound) on any day it is in force has it \(hasOutcome ? "deciding" : "applying and not set aside") (Z3: unsatisfiable)")
                finding.caveats = caveats
                if let (span, holds) = holdsContext[rule] {
                    _ = smt.simplest([holds], preferring: flow.plainness(smt, zones: policy.table(.zones)))
                    let witness = flow.witness(smt, policy: policy, on: span.first, id: "witness-\(compiled.id)")
                    if let decided = ConcreteDecision(witness, policy: policy) {
                        finding.witness = Finding.Witness(flow: witness, outcome: decided.outcome, deciding: decided.deciding,
                                                          confirmed: !decided.deciding.contains(compiled.id))
                    }
                }
                findings.append(finding)
            }
            for target in table.overrides[rule] where inForce[Int(target)] && !fired.contains([Int32(rule), target]) {
                let targetRule = policy.rules[Int(target)]
                let finalTarget = table.outcome[Int(target)] >= 0 && policy.index.finalOutcomes[Int(table.outcome[Int(target)])] && !table.overridesFinal[rule]
                let overlapDays = policy.index.epochRules.indices.contains { e in
                    policy.index.epochRules[e].contains(Int32(rule)) && policy.index.epochRules[e].contains(target)
                }
                let why = finalTarget ? "its outcome is final and the exception does not say 'overrides-final: true'"
                    : overlapDays ? "no flow meets both conditions with the exception in force" : "the two are never in force on the same day"
                var finding = Finding(
                    code: FindingCode.exceptionNeverFires, severity: .error,
                    message: "exception '\(compiled.id)' can never set aside '\(targetRule.id)': \(why)",
                    location: overrideLocation(rule: compiled.id, target: targetRule.id) ?? compiled.location,
                    involved: [involved(rule: rule), involved(rule: Int(target))],
                    proof: "\(bound), on any day both are in force, has '\(compiled.id)' apply (not set aside) together with '\(targetRule.id)' (Z3: unsatisfiable)")
                finding.caveats = caveats
                findings.append(finding)
            }
        }
        for list in policy.lists.indices where listInForce[list] && !listEligible[list] {
            let compiled = policy.lists[list]
            findings.append(Finding(
                code: FindingCode.unsatisfiableCondition, severity: .error,
                message: "no exporter can be eligible for list '\(compiled.id)' in any of its scenarios on any day it is in force (\(compiled.period))",
                location: set.lists.first { $0.id.name == compiled.id }?.eligible?.location ?? compiled.location,
                involved: [Finding.Involved(id: compiled.id, cite: compiled.cite, location: compiled.location)],
                proof: "\(bound) names one of its scenarios and meets 'eligible' (Z3: unsatisfiable)"))
        }
        for number in policy.reclassifications.indices where reclassificationInForce[number] && !reclassifies[number] {
            let compiled = policy.reclassifications[number]
            let model = set.packs.lazy.flatMap(\.reclassifications).first { $0.id.name == compiled.id }
            findings.append(Finding(
                code: FindingCode.unsatisfiableCondition, severity: .error,
                message: "reclassification '\(compiled.id)' can never change the class of an item on any day it is in force",
                location: model?.when.location ?? model?.location ?? SourceLocation(path: "", line: 1, column: 1),
                involved: [Finding.Involved(id: compiled.id, cite: compiled.cite, location: model?.location)],
                proof: "\(bound) has an item of a less strict class that meets its condition (Z3: unsatisfiable)"))
        }
        findings.append(contentsOf: gaps(gapSpans))
        return findings
    }

    private func overlap(weaker: Int32, stronger: Int32, witness flow: Flow, span: EpochSpan) -> Finding {
        let w = policy.rules[Int(weaker)], s = policy.rules[Int(stronger)]
        let outcomes = policy.table(.outcomes)
        let decided = ConcreteDecision(flow, policy: policy)
        var finding = Finding(
            code: FindingCode.overlappingOutcomes, severity: .warning,
            message: "rules '\(w.id)' (\(outcomes.code(w.outcome))) and '\(s.id)' (\(outcomes.code(s.outcome))) can both apply to one flow and neither overrides the other: the stricter, '\(s.id)', wins silently",
            location: w.location, involved: [involved(rule: Int(weaker)), involved(rule: Int(stronger))])
        if let decided {
            finding.witness = Finding.Witness(flow: flow, outcome: decided.outcome, deciding: decided.deciding,
                                              confirmed: decided.applied.contains(w.id) && decided.applied.contains(s.id) && decided.deciding.contains(s.id))
        }
        _ = span
        return finding
    }

    /// One gap finding per run of consecutive epochs whose flows can fall to the fallback.
    private func gaps(_ spans: [(EpochSpan, Flow, ConcreteDecision?, onlyEmpty: Bool)]) -> [Finding] {
        let vocabulary = set.vocabularies.first { $0.fallback != nil }
        let location = vocabulary?.fallback?.location ?? vocabulary?.location ?? SourceLocation(path: "", line: 1, column: 1)
        let fallback = policy.table(.outcomes).code(policy.index.fallbackOutcome)
        let vocabularyID = vocabulary.map { [Finding.Involved(id: $0.id, cite: nil, location: $0.location)] } ?? []
        return spans.map { span, flow, decided, onlyEmpty in
            let days = "from \(span.first) to \(span.last.map(\.description) ?? "open-ended")"
            var finding = Finding(
                code: onlyEmpty ? FindingCode.emptyItemGap : FindingCode.coverageGap, severity: .warning,
                message: onlyEmpty
                    ? "\(days) flows with an item of 0 persons are decided by no rule and fall to the fallback '\(fallback)'; every flow whose items name at least one person is decided by a rule"
                    : "\(days) some flows whose items each name at least one person are decided by no rule and fall to the fallback '\(fallback)'",
                location: location, involved: vocabularyID)
            if !onlyEmpty { finding.proof = nil }
            if let decided {
                finding.witness = Finding.Witness(flow: flow, outcome: decided.outcome, deciding: decided.deciding, confirmed: decided.fellBack)
            }
            return finding
        }
    }

    private func involved(rule: Int) -> Finding.Involved {
        let compiled = policy.rules[rule]
        return Finding.Involved(id: compiled.id, cite: compiled.cite, location: compiled.location)
    }

    private func modelRule(_ id: String) -> Rule? {
        for pack in set.packs { if let rule = pack.rules.first(where: { $0.id.name == id }) { return rule } }
        return nil
    }

    private func conditionLocation(ofRule id: String) -> SourceLocation? { modelRule(id)?.when?.location }

    /// Where the exception names the target: the id itself, or the rule set that stands for it.
    private func overrideLocation(rule id: String, target: String) -> SourceLocation? {
        guard let rule = modelRule(id) else { return nil }
        if let direct = rule.overrides.first(where: { $0.name == target }) { return direct.location }
        let sets = set.packs.flatMap(\.ruleSets)
        return rule.overrides.first { reference in sets.contains { $0.name == reference && $0.rules.contains { $0.name == target } } }?.location
    }
}

import XBorder

/// The impact of a change of the law as code: what differs between two policy sets, which flows
/// of an inventory (or of the scenario suites) are decided differently, and for each difference
/// a witness flow decided differently or the proof that it changes no decision.
public struct PolicyDiff: Sendable {
    /// A policy set as loaded: compiled, as written, and where it was read.
    public struct Side: Sendable {
        public var path: String
        public var policy: CompiledPolicy
        public var set: PolicySet

        public init(path: String, policy: CompiledPolicy, set: PolicySet) {
            self.path = path
            self.policy = policy
            self.set = set
        }
    }

    /// Where the flows come from.
    public enum Flows: Sendable {
        /// Every case of the scenario suites below a folder.
        case scenarios(String)
        /// Flow files, folders and JSON Lines inventories.
        case files([String])
    }

    /// The largest flow the solver considers, in items.
    public var itemCount: Int
    /// Whether to prove each change (the solver); off, only flows are re-decided.
    public var symbolic: Bool

    /// Scenario suites whose cases check every proof: a proof that one of them contradicts is
    /// reported as not proved (nil: only the flows compared check the whole-set proof).
    public var crossCheck: String?

    public init(itemCount: Int = 3, symbolic: Bool = true, crossCheck: String? = nil) {
        self.itemCount = itemCount
        self.symbolic = symbolic
        self.crossCheck = crossCheck
    }

    public func run(before: Side, after: Side, flows: Flows) -> DiffReport {
        let changes = PolicyComparer(old: before.set, new: after.set).changes()
        let comparison = FlowComparison(before: before.policy, after: after.policy)
        var changed: [ChangedFlow] = []
        var count = 0
        var problems: [Diagnostic] = []
        var checks: [FlowToCompare] = []
        switch flows {
        case .scenarios(let directory):
            let cases = DiffFlows.scenarioCases(directory)
            problems = cases.problems
            checks = cases.flows
            let result = comparison.compare(cases.flows)
            changed = result.changed
            count = result.decided
        case .files(let paths):
            DiffFlows.files(paths) { chunk in
                let result = comparison.compare(chunk)
                changed += result.changed
                count += result.decided
            }
        }
        var report = DiffReport(before: DiffReport.PolicySide(path: before.path, digest: before.policy.digest),
                                after: DiffReport.PolicySide(path: after.path, digest: after.policy.digest),
                                flowSource: flows, flowCount: count, changed: changed, problems: problems,
                                changes: changes.map { DiffReport.Entry(change: $0, result: .notProved) }, itemCount: itemCount)
        for policy in [before.policy, after.policy] {
            for rule in policy.rules { report.cites[rule.id] = rule.cite }
            for list in policy.lists { report.cites[list.id] = list.cite }
        }
        guard symbolic else { return report }
        report.whole = verdict(SymbolicComparison(before: before.policy, after: after.policy, itemCount: itemCount, sets: (before.set, after.set)).run(tag: "diff"))
        if case .files = flows, let crossCheck { checks = DiffFlows.scenarioCases(crossCheck).flows }
        // The flows compared already check the whole-set proof; scenario cases do too when the
        // flows were an inventory (when they were the cases, comparing them again finds nothing new).
        var contradiction = changed.first
        if contradiction == nil, case .files = flows { contradiction = comparison.compare(checks).changed.first }
        report.whole = contradicted(report.whole, by: contradiction)
        let isolation = Isolation(old: before.set, new: after.set)
        for k in report.changes.indices {
            let change = report.changes[k].change
            guard change.affectsDecisions else {
                report.changes[k].result = .wordingOnly
                continue
            }
            guard let set = isolation.applying(change) else {
                report.changes[k].result = .notIsolated("a change of this kind is judged with the whole set only")
                continue
            }
            let isolated: CompiledPolicy
            do {
                isolated = try Compiler().compile(set)
            } catch {
                let first = error.diagnostics.first.map { ": \($0.message)" } ?? ""
                report.changes[k].result = .notIsolated("it does not compile without the other changes\(first)")
                continue
            }
            var result = verdict(SymbolicComparison(before: before.policy, after: isolated, itemCount: itemCount, sets: (before.set, set)).run(tag: change.id))
            if case .equivalent = result {
                result = contradicted(result, by: FlowComparison(before: before.policy, after: isolated).compare(checks).changed.first)
            }
            if case .differs(var witness) = result {
                witness.inNew = ConcreteDecision(witness.flow, policy: after.policy)
                result = .differs(witness)
            }
            report.changes[k].result = result
        }
        return report
    }

    /// A proof that a re-decided flow contradicts is not reported as one (fail closed): the flow
    /// may have more items than the proof covers, or the encoding is wrong.
    private func contradicted(_ verdict: DiffReport.Verdict, by flow: ChangedFlow?) -> DiffReport.Verdict {
        guard case .equivalent = verdict, let flow else { return verdict }
        let beyond = flow.items > itemCount
        return .unknown("flow \(flow.id) is decided differently although the solver found no such flow"
            + (beyond ? ": it has more than \(itemCount) items; run with --items to cover it" : "; this is a fault of the encoding, please report it"))
    }

    private func verdict(_ result: SymbolicComparison.Result) -> DiffReport.Verdict {
        switch result {
        case .differs(let witness): .differs(witness)
        case .equivalent(let proof): .equivalent(proof)
        case .unknown(let reason): .unknown(reason)
        }
    }
}

/// What `xborder diff` found.
public struct DiffReport: Sendable {
    public struct PolicySide: Sendable {
        public var path: String
        public var digest: String
    }

    /// What the solver says of a change, or of the whole new set.
    public enum Verdict: Sendable {
        case differs(DiffWitness)
        case equivalent(String)
        case unknown(String)
        case wordingOnly
        case notIsolated(String)
        case notProved
    }

    public struct Entry: Sendable {
        public var change: PolicyChange
        public var result: Verdict
    }

    /// Changed flows counted per rule or list, with its citation.
    public struct Group: Sendable {
        public var id: String
        public var cite: String
        public var flows: Int
    }

    public var before: PolicySide
    public var after: PolicySide
    public var flowSource: PolicyDiff.Flows
    public var flowCount: Int
    public var changed: [ChangedFlow]
    /// Suites that could not be read: their cases are not compared.
    public var problems: [Diagnostic]
    public var changes: [Entry]
    public var whole: Verdict = .notProved
    public var itemCount: Int
    /// The citation of every rule and list of either set (the new set's when both have it).
    public var cites: [String: String] = [:]

    /// Whether some decision differs: a flow re-decided differently, or a witness of the solver.
    /// Changes of wording, or changes proved to decide every flow alike, are not differences of
    /// decisions (the exit status of `diff` says so: 0).
    public var decisionsDiffer: Bool {
        if !changed.isEmpty { return true }
        if case .differs = whole { return true }
        return changes.contains { if case .differs = $0.result { true } else { false } }
    }

    /// Changed flows per rule (and list) that entered, left or decides them, most flows first.
    public var byRule: [Group] {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for flow in changed {
            for id in flow.involved {
                if counts[id] == nil { order.append(id) }
                counts[id, default: 0] += 1
            }
        }
        return order.map { Group(id: $0, cite: cites[$0] ?? "", flows: counts[$0] ?? 0) }.sorted { ($1.flows, $0.id) < ($0.flows, $1.id) }
    }

    /// Changed flows per article: a flow counts once for each article of the rules involved.
    public var byArticle: [Group] {
        var counts: [String: Int] = [:]
        for flow in changed {
            for article in Set(flow.involved.map { cites[$0] ?? $0 }) { counts[article, default: 0] += 1 }
        }
        return counts.map { Group(id: $0.key, cite: $0.key, flows: $0.value) }.sorted { ($1.flows, $0.id) < ($0.flows, $1.id) }
    }
}

/// A trace in words, for `xborder explain`: the decision as `check` reports it, and beside it the
/// whole argument: the facts, every rule and list in force with what became of it, and the
/// parameter values used with their dates and citations.
public struct ExplainReport: Sendable {
    public struct RuleLine: Sendable {
        public var id: String
        public var cite: String
        public var citeZH: String
        public var outcome: String?
        public var applied: Bool
        public var failed: Bilingual?
        public var overriddenBy: String?
        public var failedClosed: Bool
        public var deciding: Bool
    }

    public struct ListLine: Sendable {
        public var id: String
        public var cite: String
        public var citeZH: String
        public var kind: String
        public var outcome: String
        public var coversScenario: Bool
        public var eligible: Bool
        public var failed: Bilingual?
        public var released: [String]
        public var deciding: Bool
    }

    public struct ItemLine: Sendable {
        public var name: String
        /// The class as the flow states it (nil when it came from the catalog only).
        public var statedClass: String?
        public var catalog: String?
        /// The class the rules saw.
        public var dataClass: String
        public var reclassifiedBy: String?
        public var releasedBy: String?
        public var individuals: Int
        public var counters: [String]
    }

    public struct ParameterLine: Sendable {
        public var name: String
        public var value: ParameterLiteral?
        public var since: Day?
        public var cite: String?
        public var usedBy: [String]
    }

    /// The decision as `check` reports it: outcome, deciding rules, obligations, notes, explanation.
    public var decision: DecisionReport
    public var rules: [RuleLine]
    public var lists: [ListLine]
    public var items: [ItemLine]
    public var parameters: [ParameterLine]
    /// The flow's facts the rules read, as field and code: `exporter.ciio` → `false`.
    public var facts: [(field: String, value: String)]

    public init(trace: Trace, flow: ResolvedFlow, policy: CompiledPolicy) {
        decision = DecisionReport(decision: trace.decision, flow: flow, policy: policy)
        let outcomes = policy.table(.outcomes), classes = policy.table(.classes)
        rules = trace.rules.map { step in
            let rule = policy.rules[Int(step.rule)]
            return RuleLine(id: rule.id, cite: rule.cite, citeZH: rule.citeZH, outcome: rule.outcome >= 0 ? outcomes.code(rule.outcome) : nil,
                            applied: step.applied, failed: step.failed, overriddenBy: step.overriddenBy.map { policy.rules[Int($0)].id },
                            failedClosed: step.failedClosed, deciding: step.deciding)
        }
        lists = trace.lists.map { step in
            let list = policy.lists[Int(step.list)]
            return ListLine(id: list.id, cite: list.cite, citeZH: list.citeZH, kind: list.kind.rawValue, outcome: outcomes.code(list.outcome),
                            coversScenario: step.coversScenario, eligible: step.eligible, failed: step.failed,
                            released: step.released.map { flow.flow.items[$0].name }, deciding: step.deciding)
        }
        items = zip(flow.flow.items, trace.items).map { item, step in
            ItemLine(name: item.name, statedClass: item.dataClass, catalog: item.catalog, dataClass: step.dataClass >= 0 ? classes.code(step.dataClass) : "none",
                     reclassifiedBy: step.reclassifiedBy.map { policy.reclassifications[Int($0)].id },
                     releasedBy: step.releasedBy.map { policy.lists[Int($0)].id }, individuals: step.individuals,
                     counters: step.counters.map { policy.counters[$0].name })
        }
        parameters = trace.parameters.map {
            ParameterLine(name: policy.parameters[$0.parameter].name, value: $0.value, since: $0.since, cite: $0.cite, usedBy: $0.usedBy)
        }
        facts = Self.facts(flow, policy: policy)
    }

    /// The flow-level fields conditions can test, with the vocabulary's defaults filled in.
    static func facts(_ flow: ResolvedFlow, policy: CompiledPolicy) -> [(field: String, value: String)] {
        let facts = flow.facts
        func code(_ value: Int32, _ table: CodeTable) -> String { value >= 0 ? table.code(value) : "not given" }
        let zones = policy.table(.zones)
        var out: [(String, String)] = [
            ("exporter.ciio", facts.ciio == 1 ? "true" : "false"),
            ("exporter.sector", code(facts.sector, policy.table(.sectors))),
            ("exporter.registered-in", code(facts.registeredIn, zones)),
            ("exporter.activity-in", code(facts.activityIn, zones)),
        ]
        if facts.processes >= 0 { out.append(("exporter.processes", String(facts.processes))) }
        out += [
            ("recipient.country", flow.flow.recipient.country),
            ("recipient.kind", code(facts.recipientKind, policy.table(.recipientKinds))),
            ("recipient.registered-in", code(facts.recipientRegisteredIn, zones)),
            ("purpose", code(facts.purpose, policy.table(.purposes))),
            ("scenario", code(facts.scenario, policy.scenarios)),
        ]
        return out
    }

    public var outcome: String { decision.outcome }
}

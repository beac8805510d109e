import XBorder

extension SymbolicFlow {
    /// The flow of the solver's last model, in the public flow format, dated `day`.
    func witness(_ smt: SMT, policy: CompiledPolicy, on day: Day, id: String) -> Flow {
        func name(_ section: VocabularySection, _ term: Term) -> String? {
            let n = smt.value(term)
            return n >= 0 ? policy.table(section).code(Int32(n)) : nil
        }
        let countryNumber = max(0, smt.value(country))
        let letters = [countryNumber / 26, countryNumber % 26].map { Character(Unicode.Scalar(UInt8(65 + $0))) }
        let processesValue = smt.value(processes)
        let registered = name(.zones, registeredIn)
        let exporter = Flow.Exporter(id: nil, name: "witness exporter", ciio: smt.value(ciio) == 1, sector: name(.sectors, sector),
                                     registeredIn: registered, activityIn: name(.zones, activityIn), processes: processesValue >= 0 ? processesValue : nil)
        let recipient = Flow.Recipient(name: "witness recipient", country: String(letters), kind: name(.recipientKinds, recipientKind),
                                       registeredIn: name(.zones, recipientRegisteredIn))
        let scenarioNumber = smt.value(scenario)
        var flowItems: [Flow.Item] = []
        for (k, item) in items.enumerated() where smt.truth(item.exists) {
            let catalogNumber = smt.value(item.catalog)
            let categoryNumber = smt.value(item.category)
            let minorsValue = smt.value(item.minors)
            let listedValue = smt.value(item.listed)
            let subjectsValue = smt.value(item.subjects)
            let features = item.features.indices.filter { smt.truth(item.features[$0]) }.map { policy.table(.features).code(Int32($0)) }
            flowItems.append(Flow.Item(
                name: "item \(k + 1)", dataClass: name(.classes, item.dataClass), individuals: smt.value(item.individuals),
                minors: minorsValue < 0 ? nil : minorsValue == 1, origin: name(.origins, item.origin),
                category: categoryNumber >= 0 ? policy.categories.code(Int32(categoryNumber)) : nil,
                catalog: catalogNumber >= 0 ? policy.catalogEntries.code(Int32(catalogNumber)) : nil,
                features: features.isEmpty ? nil : features, subjects: subjectsValue >= 0 ? "people-\(subjectsValue + 1)" : nil,
                listed: listedValue < 0 ? nil : listedValue == 1))
        }
        var priorValues: [String: Int] = [:]
        for (number, counter) in policy.counters.enumerated() where number < prior.count { priorValues[counter.name] = smt.value(prior[number]) }
        return Flow(id: id, date: day, exporter: exporter, recipient: recipient, purpose: name(.purposes, purpose),
                    scenario: scenarioNumber >= 0 ? policy.scenarios.code(Int32(scenarioNumber)) : nil, items: flowItems, prior: priorValues)
    }
}

/// A flow decided by the real evaluator, in the words of the policy: what a witness is checked against.
struct ConcreteDecision: Equatable, Sendable {
    var outcome: String
    var fellBack: Bool
    var deciding: [String]
    var applied: [String]
    var overridden: [String]
    var obligations: [String]
    var reclassifications: [String]

    /// Decides `flow` as `xborder check` does (resolution included); nil when the flow is refused.
    init?(_ flow: Flow, policy: CompiledPolicy) {
        let located = LocatedFlow(flow: flow, locations: FlowLocations(root: SourceLocation(path: "<witness>", line: 1, column: 1)))
        guard let resolved = try? policy.resolve(located) else { return nil }
        self.init(Evaluator(policy: policy).decide(resolved), policy: policy)
    }

    /// A decision of the evaluator in the policy's words.
    init(_ decision: Decision, policy: CompiledPolicy) {
        outcome = policy.table(.outcomes).code(decision.outcome)
        fellBack = decision.fellBack
        deciding = decision.deciding.map { determinant in
            switch determinant {
            case .rule(let n): policy.rules[Int(n)].id
            case .list(let n): policy.lists[Int(n)].id
            }
        }
        applied = decision.applied.map { policy.rules[Int($0)].id }
        overridden = decision.overridden.map { policy.rules[Int($0.rule)].id }
        obligations = decision.obligations.map { policy.obligations[Int($0)].id }
        reclassifications = decision.reclassified.map { policy.reclassifications[Int($0.reclassification)].id }
    }
}

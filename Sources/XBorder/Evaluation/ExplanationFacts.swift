/// Tests the conditions of explanation sentences against the facts a decision was made on.
///
/// Runs only for the rules that decided a flow, when its report is written, never on the
/// evaluation path: the flow's items with their reclassified classes, the items lists released
/// set apart, the counters as the decision used them.
extension CompiledPolicy {
    func sentencesHolding(_ templates: [ExplanationTemplate?], decision: Decision, flow: ResolvedFlow) -> [[Bool]] {
        guard templates.contains(where: { $0?.clauses.contains { $0.condition >= 0 } ?? false }),
              let epoch = index.epochNumber(on: decision.date) else {
            return templates.map { ($0?.clauses ?? []).map { _ in true } }
        }
        var items = flow.items
        for (item, number) in decision.reclassified where item < items.count {
            items[item].dataClass = reclassifications[Int(number)].toClass
        }
        var active = [Bool](repeating: true, count: items.count)
        for (item, _) in decision.released where item < active.count { active[item] = false }
        let counters = decision.counters
        return items.withUnsafeBufferPointer { itemBuffer in
            active.withUnsafeBufferPointer { activeBuffer in
                counters.withUnsafeBufferPointer { counterBuffer in
                    var machine = Machine(index: index, epoch: epoch, facts: flow.facts, items: itemBuffer)
                    machine.active = activeBuffer.baseAddress
                    machine.counters = counterBuffer
                    machine.updateClasses()
                    return templates.map { template in
                        (template?.clauses ?? []).map { clause in
                            guard clause.condition >= 0 else { return true }
                            machine.unknown = false
                            let holds = machine.flow(clause.condition)
                            // A sentence whose condition cannot be told (a parameter with no value
                            // that day) is said: saying too much beats hiding a reason.
                            return holds || machine.unknown
                        }
                    }
                }
            }
        }
    }
}

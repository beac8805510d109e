/// The second entry point of the evaluator: a decision with its whole argument.
extension Evaluator {
    /// Decides the flow exactly as `decide` does and explains that decision: each rule and list
    /// in force that day, the items as the rules saw them, the parameter values read.
    ///
    /// The decision is `decide`'s own, so the outcome and deciding rules cannot differ from
    /// `check`'s; the rest re-reads the decision's facts. Kept apart from `decide` so that
    /// deciding an inventory pays nothing for explanations nobody asked for.
    public func trace(_ flow: ResolvedFlow) -> Trace {
        let decision = decide(flow)
        let policy = self.policy
        guard let epoch = policy.epoch(on: decision.date) else {
            return Trace(decision: decision, rules: [], lists: [], items: [], parameters: [], countersInForce: [])
        }

        // The items as the rules saw them: reclassified, some released by lists.
        var items = flow.items
        var reclassifiedBy = [Int32?](repeating: nil, count: items.count)
        for (item, number) in decision.reclassified where item < items.count {
            items[item].dataClass = policy.reclassifications[Int(number)].toClass
            reclassifiedBy[item] = number
        }
        var releasedBy = [Int32?](repeating: nil, count: items.count)
        for (item, list) in decision.released where item < items.count { releasedBy[item] = list }
        let counters = decision.counters
        var tracer = ConditionTracer(policy: policy, flow: flow, items: items, active: releasedBy.map { $0 == nil }, counters: counters,
                                     values: epoch.parameters)

        // Rules, in the order of the policy files.
        let applied = Set(decision.applied)
        var overriddenBy: [Int32: Int32] = [:]
        for (rule, by) in decision.overridden where overriddenBy[rule] == nil { overriddenBy[rule] = by }
        var deciding = Set<Int32>(), decidingLists = Set<Int32>()
        for determinant in decision.deciding {
            switch determinant {
            case .rule(let n): deciding.insert(n)
            case .list(let n): decidingLists.insert(n)
            }
        }
        let failedClosed = Set(decision.failedClosed)
        let rules = epoch.rules.sorted().map { number -> Trace.RuleStep in
            let rule = policy.rules[Int(number)]
            tracer.unknown = false
            let held = tracer.holds(rule.tree)
            let isApplied = applied.contains(number)
            let by = overriddenBy[number]
            var failed: Bilingual?
            if !isApplied, by == nil {
                tracer.unknown = false
                failed = tracer.failure(rule.tree) ?? Bilingual(
                    zh: "条件经复核成立，但未被适用（请报告此问题）",
                    en: "the condition holds when checked again, yet the rule was not applied (please report this)")
            }
            return Trace.RuleStep(rule: number, applied: isApplied, overriddenBy: by, failed: failed, failedClosed: failedClosed.contains(number),
                                  deciding: deciding.contains(number), conditionHeld: held)
        }

        // Lists: eligibility is read as the evaluator read it, before any counter was computed
        // and with the items earlier lists released set apart.
        let ineligible = Set(decision.ineligible)
        var releasedSoFar = [Bool](repeating: false, count: items.count)
        var lists: [Trace.ListStep] = []
        for number in epoch.lists {
            let list = policy.lists[Int(number)]
            let covers = flow.facts.scenario >= 0 && list.categoriesByScenario[flow.facts.scenario] != nil
            var listTracer = tracer
            listTracer.active = releasedSoFar.map { !$0 }
            listTracer.counters = []
            listTracer.unknown = false
            let eligible = covers ? !ineligible.contains(number) : listTracer.holds(list.eligibleTree)
            let failed = eligible ? nil : listTracer.failure(list.eligibleTree)
            let released = decision.released.filter { $0.list == number }.map(\.item)
            for item in released where item < releasedSoFar.count { releasedSoFar[item] = true }
            lists.append(Trace.ListStep(list: number, coversScenario: covers, eligible: eligible, failed: failed, released: released,
                                        deciding: decidingLists.contains(number)))
        }

        // Items: which counters each counts toward, as the evaluator counted (released items count toward none).
        let itemSteps = items.indices.map { index -> Trace.ItemStep in
            var counted: [Int] = []
            if releasedBy[index] == nil {
                let item = items[index]
                counted = [item].withUnsafeBufferPointer { buffer in
                    var machine = Machine(index: policy.index, epoch: epochNumber(decision.date), facts: flow.facts, items: buffer)
                    return policy.counters.indices.filter { k in
                        machine.unknown = false
                        return machine.item(policy.counters[k].counts, buffer[0]) || machine.unknown
                    }
                }
            }
            return Trace.ItemStep(dataClass: items[index].dataClass, reclassifiedBy: reclassifiedBy[index], releasedBy: releasedBy[index],
                                  counters: counted, individuals: items[index].individuals)
        }

        return Trace(decision: decision, rules: rules, lists: lists, items: itemSteps,
                     parameters: parameterUses(epoch: epoch, on: decision.date),
                     countersInForce: epoch.countersInForce.indices.filter { epoch.countersInForce[$0] })
    }

    private func epochNumber(_ day: Day) -> Int { policy.index.epochNumber(on: day) ?? 0 }

    /// Every parameter read that day by a rule or list in force, a counter, a reclassification or
    /// the counting section, with its value in force, the date it took effect and its citation.
    private func parameterUses(epoch: Epoch, on day: Day) -> [Trace.ParameterUse] {
        var users: [Int: [String]] = [:]
        func use(_ parameter: Int, by name: String) {
            if users[parameter]?.contains(name) != true { users[parameter, default: []].append(name) }
        }
        for number in epoch.rules.sorted() {
            let rule = policy.rules[Int(number)]
            for parameter in rule.tree.parametersRead() { use(parameter, by: rule.id) }
            for clause in rule.because?.clauses ?? [] {
                for case .parameter(let parameter) in clause.en + clause.zh { use(parameter, by: rule.id) }
            }
        }
        for number in epoch.lists {
            let list = policy.lists[Int(number)]
            for root in [list.eligible, list.appliesTo, list.unless] where root >= 0 {
                for parameter in policy.code.parametersRead(from: root) { use(parameter, by: list.id) }
            }
        }
        for number in epoch.reclassifications {
            let reclassification = policy.reclassifications[Int(number)]
            for parameter in policy.code.parametersRead(from: reclassification.condition) { use(parameter, by: reclassification.id) }
        }
        for counter in policy.counters {
            for parameter in policy.code.parametersRead(from: counter.counts) { use(parameter, by: "counters.\(counter.name)") }
        }
        for parameter in [policy.windowParameter, policy.exemptedCountParameter].compactMap({ $0 }) { use(parameter, by: "counting") }
        return users.keys.sorted().map { index in
            let parameter = policy.parameters[index]
            let current = parameter.values.last { $0.from <= day }
            return Trace.ParameterUse(parameter: index, value: current?.value, since: current?.from, cite: current?.cite, usedBy: users[index] ?? [])
        }
    }
}

extension FlowCondition {
    /// Parameters the condition names, in the order written.
    func parametersRead() -> [Int] {
        var found: [Int] = []
        func bounds(_ list: [Bound]) {
            for bound in list { if case .parameter(let index) = bound.amount { found.append(index) } }
        }
        func item(_ condition: ItemCondition) {
            switch condition {
            case .all(let parts), .any(let parts): parts.forEach(item)
            case .not(let part): item(part)
            case .parameter(let index): found.append(index)
            case .individuals(let list): bounds(list)
            case .always, .code, .featuresAny, .featuresNone, .present: break
            }
        }
        func flow(_ condition: FlowCondition) {
            switch condition {
            case .all(let parts), .any(let parts): parts.forEach(flow)
            case .not(let part): flow(part)
            case .items(_, let part, _): item(part)
            case .parameter(let index): found.append(index)
            case .number(_, let list): bounds(list)
            case .always, .code, .country, .present, .processesPresent: break
            }
        }
        flow(self)
        return found
    }
}

extension ConditionCode {
    /// Parameters a lowered condition reads (for conditions kept only in lowered form: counters,
    /// list conditions, reclassifications).
    func parametersRead(from root: Int32) -> [Int] {
        var found: [Int] = []
        var pending = [root]
        var steps = 0
        while let next = pending.popLast(), steps < instructions.count {
            steps += 1
            guard next >= 0, Int(next) < instructions.count else { continue }
            switch instructions[Int(next)] {
            case .all(let first, let count), .any(let first, let count):
                for i in first..<(first + count) { pending.append(children[Int(i)]) }
            case .not(let child): pending.append(child)
            case .items(_, let child, _): pending.append(child)
            case .parameter(let index): found.append(Int(index))
            case .number(_, let first, let count), .individuals(let first, let count):
                for i in first..<(first + count) { if case .parameter(let index) = bounds[Int(i)].amount { found.append(index) } }
            case .always, .code, .country, .present, .processesPresent, .itemCode, .featuresAny, .featuresNone, .itemPresent, .itemClasses:
                break
            }
        }
        return found
    }
}

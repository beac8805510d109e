/// Decides flows against a compiled policy. Stateless: one evaluator serves any number of
/// threads.
public struct Evaluator: Sendable {
    public let policy: CompiledPolicy

    public init(policy: CompiledPolicy) {
        self.policy = policy
    }

    public func decide(_ flow: ResolvedFlow) -> Decision {
        let policy = self.policy
        let epoch = policy.epoch(on: flow.date) ?? Epoch(start: flow.date, rules: [], lists: [], reclassifications: [],
                                                          parameters: ParameterValues(values: []))
        let parameters = epoch.parameters
        var items = flow.items
        var reclassified: [(Int, Int32)] = []
        for number in epoch.reclassifications {
            let reclassification = policy.reclassifications[Int(number)]
            for index in items.indices where items[index].dataClass != reclassification.toClass {
                if Self.holds(reclassification.condition, items[index], parameters, nil) {
                    items[index].dataClass = reclassification.toClass
                    reclassified.append((index, number))
                }
            }
        }

        // Lists release items before the rules look at them.
        var active = [Bool](repeating: true, count: items.count)
        var released: [(Int, Int32)] = []
        var releasingLists: [Int32] = []
        if flow.scenario >= 0 {
            for number in epoch.lists {
                let list = policy.lists[Int(number)]
                guard let categories = list.categoriesByScenario[flow.scenario] else { continue }
                var context = Context(flow: flow, items: items, active: active, counters: [], parameters: parameters)
                guard context.holds(list.eligible) else { continue }
                var releasedAny = false
                for index in items.indices where active[index] {
                    let item = items[index]
                    let listed = item.category >= 0 && categories.contains(item.category)
                    let releasable = list.kind == .generalData ? listed : !listed
                    guard releasable, Self.holds(list.appliesTo, item, parameters, nil) else { continue }
                    if let unless = list.unless, Self.holds(unless, item, parameters, nil) { continue }
                    active[index] = false
                    released.append((index, number))
                    releasedAny = true
                }
                if releasedAny { releasingLists.append(number) }
            }
        }

        // Counters over the items still under the rules.
        var counters = [CounterUse]()
        counters.reserveCapacity(policy.counters.count)
        for (index, counter) in policy.counters.enumerated() {
            let own = Self.count(counter.counts, items, active, parameters)
            let prior = index < flow.prior.count ? flow.prior[index] : 0
            counters.append(CounterUse(prior: prior, flow: own, total: prior &+ own))
        }

        var context = Context(flow: flow, items: items, active: active, counters: counters, parameters: parameters)
        let ruleCount = policy.rules.count
        var applies = [Bool](repeating: false, count: ruleCount)
        var failedClosed: [Int32] = []
        for number in epoch.rules {
            let rule = policy.rules[Int(number)]
            context.unknown = false
            var holds = context.holds(rule.condition)
            if context.unknown {
                // Fail closed: an outcome rule is taken to apply; an exception is taken not to.
                holds = rule.overrides.isEmpty
                failedClosed.append(number)
            }
            applies[Int(number)] = holds
        }
        var removed = [Bool](repeating: false, count: ruleCount)
        var overridden: [(Int32, Int32)] = []
        for number in epoch.rules where applies[Int(number)] && !removed[Int(number)] {
            let rule = policy.rules[Int(number)]
            for target in rule.overrides where applies[Int(target)] && !removed[Int(target)] {
                let targetOutcome = policy.rules[Int(target)].outcome
                if targetOutcome >= 0, policy.finalOutcomes[Int(targetOutcome)], !rule.overridesFinal { continue }
                removed[Int(target)] = true
                overridden.append((target, number))
            }
        }

        var applied: [Int32] = []
        var outcome: Int32 = -1
        for number in epoch.rules where applies[Int(number)] && !removed[Int(number)] {
            applied.append(number)
            outcome = max(outcome, policy.rules[Int(number)].outcome)
        }
        for number in releasingLists { outcome = max(outcome, policy.lists[Int(number)].outcome) }
        let fellBack = outcome < 0
        if fellBack { outcome = policy.fallbackOutcome }

        var deciding: [Decision.Determinant] = []
        var obligations: [Int32] = []
        var exempted = false
        for number in applied {
            let rule = policy.rules[Int(number)]
            if rule.outcome == outcome, !fellBack {
                deciding.append(.rule(number))
                exempted = exempted || rule.exemption
            }
            for obligation in rule.obligations where !obligations.contains(obligation) { obligations.append(obligation) }
        }
        for number in releasingLists {
            let list = policy.lists[Int(number)]
            if list.outcome == outcome {
                deciding.append(.list(number))
                exempted = exempted || list.exemption
            }
            for obligation in list.obligations where !obligations.contains(obligation) { obligations.append(obligation) }
        }
        var counted = true
        if exempted, let index = policy.exemptedCountParameter, parameters.boolean(index) == false { counted = false }
        var window: VolumeWindow?
        if let index = policy.windowParameter, let code = parameters.code(index), let kind = VolumeWindow.Kind(rawValue: code) {
            window = VolumeWindow(kind: kind, endingOn: flow.date)
        }
        return Decision(date: flow.date, outcome: outcome, deciding: deciding, applied: applied, overridden: overridden, obligations: obligations,
                        counters: counters, released: released, reclassified: reclassified, failedClosed: failedClosed, fellBack: fellBack,
                        counted: counted, window: window)
    }

    /// The counting window the policy uses on a day, so that the ledger can be asked for the
    /// persons already exported before the flow is decided.
    public func window(on day: Day) -> VolumeWindow? {
        guard let index = policy.windowParameter, let epoch = policy.epoch(on: day), let code = epoch.parameters.code(index),
              let kind = VolumeWindow.Kind(rawValue: code) else { return nil }
        return VolumeWindow(kind: kind, endingOn: day)
    }

    /// Persons in the counted items; items sharing a `subjects` label are the same people and
    /// count once, at the largest number among them.
    static func count(_ condition: ItemCondition, _ items: [ResolvedItem], _ active: [Bool], _ parameters: ParameterValues) -> Int {
        var total = 0
        var largestBySubjects: [Int32: Int]?
        var unknown = false
        for index in items.indices where active[index] {
            let item = items[index]
            unknown = false
            // A counter that cannot tell (a parameter without a value that day) counts the item:
            // over-counting leads to a stricter mechanism, under-counting to a missing one.
            guard holds(condition, item, parameters, &unknown) || unknown else { continue }
            if item.subjects >= 0 {
                var table = largestBySubjects ?? [:]
                table[item.subjects] = max(table[item.subjects] ?? 0, item.individuals)
                largestBySubjects = table
            } else {
                total &+= item.individuals
            }
        }
        if let largestBySubjects { for value in largestBySubjects.values { total &+= value } }
        return total
    }

    static func holds(_ condition: ItemCondition, _ item: ResolvedItem, _ parameters: ParameterValues, _ unknown: UnsafeMutablePointer<Bool>?) -> Bool {
        switch condition {
        case .always: return true
        case .all(let parts): return parts.allSatisfy { holds($0, item, parameters, unknown) }
        case .any(let parts): return parts.contains { holds($0, item, parameters, unknown) }
        case .not(let part): return !holds(part, item, parameters, unknown)
        case .parameter(let index):
            guard index < parameters.values.count, let value = parameters.boolean(index) else {
                unknown?.pointee = true
                return false
            }
            return value
        case .code(let slot, let allowed):
            let value = item.slot(slot)
            return value >= 0 && Int(value) < allowed.count && allowed[Int(value)]
        case .individuals(let bounds):
            var flag = false
            let result = bounds.allSatisfy { $0.holds(item.individuals, parameters, &flag) }
            if flag { unknown?.pointee = true }
            return result
        case .featuresAny(let mask): return item.features & mask != 0
        case .featuresNone(let mask): return item.features & mask == 0
        case .present(let slot, let wanted):
            return (item.slot(slot) >= 0) == wanted
        }
    }
}

/// What one flow condition is evaluated against.
struct Context {
    let flow: ResolvedFlow
    let items: [ResolvedItem]
    let active: [Bool]
    let counters: [CounterUse]
    let parameters: ParameterValues
    var unknown = false

    init(flow: ResolvedFlow, items: [ResolvedItem], active: [Bool], counters: [CounterUse], parameters: ParameterValues) {
        self.flow = flow
        self.items = items
        self.active = active
        self.counters = counters
        self.parameters = parameters
    }

    mutating func holds(_ condition: FlowCondition) -> Bool {
        switch condition {
        case .always: return true
        case .all(let parts):
            for part in parts where !holds(part) { return false }
            return true
        case .any(let parts):
            for part in parts where holds(part) { return true }
            return false
        case .not(let part): return !holds(part)
        case .items(let quantifier, let part, let includingReleased):
            var flag = false
            defer { if flag { unknown = true } }
            let active = includingReleased ? [Bool](repeating: true, count: items.count) : self.active
            return withUnsafeMutablePointer(to: &flag) { pointer in
                switch quantifier {
                case .any:
                    for index in items.indices where active[index] && Evaluator.holds(part, items[index], parameters, pointer) { return true }
                    return false
                case .all:
                    // "Every item" speaks of the items there are: with none left (all released by
                    // lists), no rule about "all items" should claim the decision.
                    var seen = false
                    for index in items.indices where active[index] {
                        if !Evaluator.holds(part, items[index], parameters, pointer) { return false }
                        seen = true
                    }
                    return seen
                case .none:
                    for index in items.indices where active[index] && Evaluator.holds(part, items[index], parameters, pointer) { return false }
                    return true
                }
            }
        case .parameter(let index):
            guard index < parameters.values.count, let value = parameters.boolean(index) else {
                unknown = true
                return false
            }
            return value
        case .code(let slot, let allowed):
            let value = flow.slot(slot)
            return value >= 0 && Int(value) < allowed.count && allowed[Int(value)]
        case .number(let field, let bounds):
            let value: Int
            switch field {
            case .processes:
                guard let processes = flow.processes else { return false }
                value = processes
            case .persons(let k): value = k < counters.count ? counters[k].total : 0
            case .thisFlow(let k): value = k < counters.count ? counters[k].flow : 0
            case .prior(let k): value = k < counters.count ? counters[k].prior : 0
            }
            for bound in bounds where !bound.holds(value, parameters, &unknown) { return false }
            return true
        case .country(let set, let negated):
            return set.contains(flow.country) != negated
        case .present(let slot, let wanted):
            return (flow.slot(slot) >= 0) == wanted
        case .processesPresent(let wanted):
            return (flow.processes != nil) == wanted
        }
    }
}

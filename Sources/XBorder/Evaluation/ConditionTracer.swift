/// Finds the first part of a condition, in the order the lawyer wrote it, that a flow does not
/// meet, and says it in words: what `explain` shows for a rule that did not apply.
///
/// It walks the condition trees the compiler keeps beside the lowered code and gives them the
/// meaning `Machine` gives the lowered code (the scenario-wide tests check that the two agree on
/// every rule in force). It runs only when a flow is explained, never when one is decided, so the
/// evaluator's hot path stays as it is.
struct ConditionTracer {
    let policy: CompiledPolicy
    let flow: ResolvedFlow
    /// The flow's items with the classes the decision gave them (catalog, reclassification).
    let items: [ResolvedItem]
    /// Items still under the rules (false: released by a list).
    var active: [Bool]
    var counters: [CounterUse]
    let values: ParameterValues?
    /// Set when a parameter had no value on the flow's date.
    var unknown = false

    // MARK: evaluation, with the meaning of `Machine`

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
            var seen = false
            for index in items.indices where includingReleased || active[index] {
                let itemHolds = holds(part, item: index)
                switch quantifier {
                case .any: if itemHolds { return true }
                case .all: if !itemHolds { return false }
                case .none: if itemHolds { return false }
                }
                seen = true
            }
            switch quantifier {
            case .any: return false
            case .all: return seen
            case .none: return true
            }
        case .parameter(let index): return boolean(index)
        case .code(let slot, let allowed): return contains(allowed, flow.facts.slot(slot))
        case .number(let field, let bounds):
            guard let value = number(field) else { return false }
            return bounds.allSatisfy { bound in self.holds(bound, value) }
        case .country(let codes, let negated):
            let country = flow.facts.country
            let member = country >= 0 && codes.contains { ConditionCodeBuilder.countryIndex($0) == Int(country) }
            return member != negated
        case .present(let slot, let wanted): return (flow.facts.slot(slot) >= 0) == wanted
        case .processesPresent(let wanted): return (flow.facts.processes >= 0) == wanted
        }
    }

    mutating func holds(_ condition: ItemCondition, item index: Int) -> Bool {
        let item = items[index]
        switch condition {
        case .always: return true
        case .all(let parts):
            for part in parts where !holds(part, item: index) { return false }
            return true
        case .any(let parts):
            for part in parts where holds(part, item: index) { return true }
            return false
        case .not(let part): return !holds(part, item: index)
        case .parameter(let parameter): return boolean(parameter)
        case .code(let slot, let allowed): return contains(allowed, item.slot(slot))
        case .individuals(let bounds): return bounds.allSatisfy { bound in self.holds(bound, item.individuals) }
        case .featuresAny(let mask): return item.features & mask != 0
        case .featuresNone(let mask): return item.features & mask == 0
        case .present(let slot, let wanted): return (item.slot(slot) >= 0) == wanted
        }
    }

    mutating func boolean(_ index: Int) -> Bool {
        switch values?.value(index) {
        case .boolean(let value)?: return value
        default:
            unknown = true
            return false
        }
    }

    func contains(_ allowed: [Bool], _ value: Int32) -> Bool {
        value >= 0 && Int(value) < allowed.count && allowed[Int(value)]
    }

    func number(_ field: NumberField) -> Int? {
        switch field {
        case .processes: return flow.facts.processes >= 0 ? flow.facts.processes : nil
        case .persons(let k): return k < counters.count ? counters[k].total : 0
        case .thisFlow(let k): return k < counters.count ? counters[k].flow : 0
        case .prior(let k): return k < counters.count ? counters[k].prior : 0
        }
    }

    func limit(_ amount: CompiledAmount) -> Int? {
        switch amount {
        case .number(let n): return n
        case .parameter(let index):
            if case .integer(let n)? = values?.value(index) { return n }
            return nil
        }
    }

    mutating func holds(_ bound: Bound, _ value: Int) -> Bool {
        guard let limit = limit(bound.amount) else {
            unknown = true
            return false
        }
        switch bound.relation {
        case .atLeast: return value >= limit
        case .below: return value < limit
        case .above: return value > limit
        case .atMost: return value <= limit
        case .equals: return value == limit
        }
    }

    // MARK: the first failure, in words

    /// The first part of `condition` the flow does not meet, with what the flow has there; nil
    /// when the condition holds.
    mutating func failure(_ condition: FlowCondition) -> Bilingual? {
        guard !holds(condition) else { return nil }
        switch condition {
        case .all(let parts):
            for part in parts {
                if let failed = failure(part) { return failed }
            }
            return describe(condition)
        case .any(let parts):
            let failures = parts.compactMap { failure($0) }
            if failures.count == 1 { return failures[0] }
            return Bilingual(zh: "以下均不满足：" + failures.map { "（\($0.zh)）" }.joined(separator: "或"),
                             en: "none of: " + failures.map { "(\($0.en))" }.joined(separator: " or "))
        case .not(let part):
            return join(Bilingual(zh: "并非：\(describe(part).zh)", en: "not: \(describe(part).en)"), observed(part))
        case .items(let quantifier, let part, let includingReleased):
            return join(describe(condition), itemsObserved(quantifier, part, includingReleased: includingReleased))
        default:
            return join(describe(condition), observed(condition))
        }
    }

    /// The first part of an item condition one item does not meet; nil when it holds.
    mutating func failure(_ condition: ItemCondition, item index: Int) -> Bilingual? {
        guard !holds(condition, item: index) else { return nil }
        switch condition {
        case .all(let parts):
            for part in parts {
                if let failed = failure(part, item: index) { return failed }
            }
            return describe(condition)
        case .any(let parts):
            let failures = parts.compactMap { failure($0, item: index) }
            if failures.count == 1 { return failures[0] }
            return Bilingual(zh: "以下均不满足：" + failures.map { "（\($0.zh)）" }.joined(separator: "或"),
                             en: "none of: " + failures.map { "(\($0.en))" }.joined(separator: " or "))
        case .not(let part):
            return join(Bilingual(zh: "并非：\(describe(part).zh)", en: "not: \(describe(part).en)"), observed(part, item: index))
        default:
            return join(describe(condition), observed(condition, item: index))
        }
    }

    func join(_ text: Bilingual, _ observed: Bilingual?) -> Bilingual {
        guard let observed else { return text }
        return Bilingual(zh: "\(text.zh)（\(observed.zh)）", en: "\(text.en) (\(observed.en))")
    }
}

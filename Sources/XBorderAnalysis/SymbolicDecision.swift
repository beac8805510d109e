import XBorder

/// The evaluator's decision of a symbolic flow on the days of one epoch, as solver terms: the
/// same steps in the same order as `Evaluator.decide` (reclassification, list release, counters,
/// rules, overrides, strictest outcome, fallback), so that a model of these terms is a flow the
/// real evaluator decides the same way.
struct SymbolicDecision {
    /// Per rule number (of the compiled policy): its condition holds (or fails closed to holding).
    var holds: [Int32: Term] = [:]
    /// Applies and is not set aside by an exception.
    var remaining: [Int32: Term] = [:]
    /// Set aside by this exception: `(rule, by)` → term.
    var overriddenBy: [Int32: [(by: Int32, term: Term)]] = [:]
    var deciding: [Int32: Term] = [:]
    /// Per list number: the list released an item; the exporter was eligible in a scenario of the list.
    var releasing: [Int32: Term] = [:]
    var eligible: [Int32: Term] = [:]
    var listDeciding: [Int32: Term] = [:]
    /// Per reclassification number: it changed the class of some item.
    var reclassifies: [Int32: Term] = [:]
    var outcome: Term
    var fellBack: Term
    /// Rules whose condition reads a parameter without a value in this epoch: their encoding
    /// lets the solver choose whether the evaluator fails closed on them.
    var inexactRules: Set<Int32> = []
    var inexactCounters = false

    init(_ smt: SMT, policy: CompiledPolicy, epoch: Int, flow: SymbolicFlow) {
        let index = policy.index
        let values = policy.epochs[epoch].parameters
        var machine = SymbolicMachine(smt: smt, code: index.code, flow: flow, integers: values.integers, booleans: values.booleans)
        var items = flow.items

        // 1. Reclassifications, in order; a class is only ever made stricter.
        for number in index.epochReclassifications[epoch] {
            let (condition, toClass) = index.reclassifications[Int(number)]
            var changed: [Term] = []
            for k in items.indices {
                let applies = smt.and([items[k].exists, smt.lt(items[k].dataClass, smt.number(Int(toClass))), machine.item(condition, items[k])])
                changed.append(applies)
                items[k].dataClass = smt.ite(applies, smt.number(Int(toClass)), items[k].dataClass)
            }
            reclassifies[number] = smt.or(changed)
        }
        machine.items = items
        machine.active = items.map { _ in smt.yes }

        // 2. Lists release items, in order, each seeing what the ones before left.
        for number in index.epochLists[epoch] {
            let list = index.lists[Int(number)]
            let scenarios = list.categoriesByScenario.keys.sorted()
            guard !scenarios.isEmpty else { continue }
            let inScenario = smt.oneOf(flow.scenario, scenarios.map { Int($0) })
            let isEligible = smt.and([inScenario, machine.flow(list.eligible)])
            eligible[number] = isEligible
            var released: [Term] = []
            for k in items.indices {
                let item = items[k]
                let namesEntry = smt.or(scenarios.map { scenario in
                    smt.and([smt.eq(flow.scenario, Int(scenario)), smt.oneOf(item.category, (list.categoriesByScenario[scenario] ?? []).map { Int($0) })])
                })
                let releasable: Term
                switch list.kind {
                case .generalData:
                    releasable = namesEntry
                case .negative:
                    releasable = smt.ite(namesEntry, smt.oneOf(item.category, list.governedCategories.map { Int($0) }), smt.eq(item.listed, 0))
                }
                var parts = [isEligible, item.exists, machine.active[k], releasable, machine.item(list.appliesTo, item)]
                if list.unless >= 0 { parts.append(smt.not(machine.item(list.unless, item))) }
                let release = smt.and(parts)
                released.append(release)
                machine.active[k] = smt.and([machine.active[k], smt.not(release)])
            }
            releasing[number] = smt.or(released)
        }

        // 3. Counters over the items still under the rules; one label counts once, at its largest.
        for counter in index.counterRoots.indices {
            let root = index.counterRoots[counter]
            let mask = index.counterClassMasks[counter]
            var counted: [Term] = []
            for k in items.indices {
                var test: Term
                if let mask {
                    test = smt.oneOf(items[k].dataClass, (0..<64).filter { mask & (1 << UInt64($0)) != 0 })
                } else {
                    machine.unknown = false
                    test = machine.item(root, items[k])
                    // A counter that cannot tell counts the item; whether the run reaches the
                    // unknown parameter is left to the solver.
                    if machine.unknown {
                        test = smt.or([test, smt.freeBool("counter-unknown")])
                        inexactCounters = true
                    }
                }
                counted.append(smt.and([items[k].exists, machine.active[k], test]))
            }
            var parts: [Term] = []
            for k in items.indices {
                parts.append(smt.ite(smt.and([counted[k], smt.eq(items[k].subjects, -1)]), items[k].individuals, smt.number(0)))
            }
            for label in items.indices {
                var largest = smt.number(0)
                for k in items.indices {
                    let member = smt.and([counted[k], smt.eq(items[k].subjects, label)])
                    largest = smt.ite(smt.and([member, smt.gt(items[k].individuals, largest)]), items[k].individuals, largest)
                }
                parts.append(largest)
            }
            // Sums saturate in the evaluator; within the reader's limits (10^10 per field, a few
            // items) they never reach Int.max, so plain integer sums are exact here.
            let thisFlow = smt.sum(parts)
            let prior = counter < flow.prior.count ? flow.prior[counter] : smt.number(0)
            machine.counters.append((prior: prior, flow: thisFlow, total: smt.sum([prior, thisFlow])))
        }

        // 4. Rules, in the epoch's order (each exception before the rules it sets aside).
        let order = index.epochRules[epoch]
        let table = index.table
        for number in order {
            machine.unknown = false
            var condition = machine.flow(table.condition[Int(number)])
            if machine.unknown {
                // Fail closed: an outcome rule is taken to apply, an exception not to.
                let reached = smt.freeBool("rule-unknown")
                condition = smt.ite(reached, smt.constant(table.overrides[Int(number)].isEmpty), condition)
                inexactRules.insert(number)
            }
            holds[number] = condition
        }
        for number in order {
            let own = holds[number] ?? smt.no
            let setAside = overriddenBy[number] ?? []
            let stays = smt.and([own, smt.not(smt.or(setAside.map(\.term)))])
            remaining[number] = stays
            for target in table.overrides[Int(number)] where holds[target] != nil {
                let targetOutcome = table.outcome[Int(target)]
                if targetOutcome >= 0, index.finalOutcomes[Int(targetOutcome)], !table.overridesFinal[Int(number)] { continue }
                overriddenBy[target, default: []].append((number, smt.and([stays, holds[target] ?? smt.no])))
            }
        }

        // 5. The strictest outcome among the remaining rules and the releasing lists.
        var best = smt.number(-1)
        for number in order where table.outcome[Int(number)] >= 0 {
            let value = smt.number(Int(table.outcome[Int(number)]))
            best = smt.ite(smt.and([remaining[number] ?? smt.no, smt.gt(value, best)]), value, best)
        }
        for (number, released) in releasing {
            let value = smt.number(Int(index.lists[Int(number)].outcome))
            best = smt.ite(smt.and([released, smt.gt(value, best)]), value, best)
        }
        fellBack = smt.eq(best, -1)
        outcome = smt.ite(fellBack, smt.number(Int(index.fallbackOutcome)), best)
        for number in order where table.outcome[Int(number)] >= 0 {
            deciding[number] = smt.and([remaining[number] ?? smt.no, smt.not(fellBack), smt.eq(best, Int(table.outcome[Int(number)]))])
        }
        for (number, released) in releasing {
            listDeciding[number] = smt.and([released, smt.eq(outcome, Int(index.lists[Int(number)].outcome))])
        }
    }
}

/// `Machine` over solver terms: each instruction becomes the term that is true exactly when the
/// real machine answers true.
struct SymbolicMachine {
    let smt: SMT
    let code: ConditionCode
    let flow: SymbolicFlow
    var items: [SymbolicFlow.Item] = []
    var active: [Term] = []
    var counters: [(prior: Term, flow: Term, total: Term)] = []
    let integers: [Int]
    let booleans: [UInt8]
    /// Set when an instruction read a parameter without a value (the run may fail closed).
    var unknown = false

    init(smt: SMT, code: ConditionCode, flow: SymbolicFlow, integers: [Int], booleans: [UInt8]) {
        self.smt = smt
        self.code = code
        self.flow = flow
        self.integers = integers
        self.booleans = booleans
        items = flow.items
        active = flow.items.map { _ in smt.yes }
    }

    private func children(_ first: Int32, _ count: Int32) -> [Int32] {
        (first..<(first + count)).map { code.children[Int($0)] }
    }

    /// The members of a bit set of the condition code.
    private func members(_ first: Int32, _ count: Int32) -> [Int] {
        var result: [Int] = []
        for word in 0..<Int(count) {
            let bits = code.words[Int(first) + word]
            guard bits != 0 else { continue }
            for bit in 0..<64 where bits & (1 << UInt64(bit)) != 0 { result.append(word * 64 + bit) }
        }
        return result
    }

    private func contains(_ value: Term, _ first: Int32, _ count: Int32) -> Term {
        smt.oneOf(value, members(first, count))
    }

    private mutating func boolean(_ index: Int32) -> Term {
        switch Int(index) < booleans.count ? booleans[Int(index)] : 2 {
        case 1: return smt.yes
        case 0: return smt.no
        default:
            unknown = true
            return smt.no
        }
    }

    private mutating func bounds(_ value: Term, _ first: Int32, _ count: Int32) -> Term {
        var parts: [Term] = []
        for i in first..<(first + count) {
            let bound = code.bounds[Int(i)]
            let limit: Int
            switch bound.amount {
            case .number(let n): limit = n
            case .parameter(let index):
                guard index < integers.count, integers[index] != Int.min else {
                    unknown = true
                    return smt.no
                }
                limit = integers[index]
            }
            let n = smt.number(limit)
            switch bound.relation {
            case .atLeast: parts.append(smt.ge(value, n))
            case .below: parts.append(smt.lt(value, n))
            case .above: parts.append(smt.gt(value, n))
            case .atMost: parts.append(smt.le(value, n))
            case .equals: parts.append(smt.eq(value, n))
            }
        }
        return smt.and(parts)
    }

    private func member(_ k: Int, _ includingReleased: Bool) -> Term {
        includingReleased ? items[k].exists : smt.and([items[k].exists, active[k]])
    }

    mutating func flow(_ root: Int32) -> Term {
        switch code.instructions[Int(root)] {
        case .always: return smt.yes
        case .all(let first, let count): return smt.and(children(first, count).map { flow($0) })
        case .any(let first, let count): return smt.or(children(first, count).map { flow($0) })
        case .not(let child): return smt.not(flow(child))
        case .items(let quantifier, let child, let includingReleased):
            var pairs: [(Term, Term)] = []
            for k in items.indices { pairs.append((member(k, includingReleased), item(child, items[k]))) }
            return quantify(quantifier, pairs)
        case .itemClasses(let quantifier, let mask, let includingReleased):
            let allowed = (0..<64).filter { mask & (1 << UInt64($0)) != 0 }
            let pairs = items.indices.map { (member($0, includingReleased), smt.oneOf(items[$0].dataClass, allowed)) }
            return quantify(quantifier, pairs)
        case .parameter(let index): return boolean(index)
        case .code(let slot, let first, let count): return contains(flow.slot(slot), first, count)
        case .number(let field, let first, let count):
            switch field {
            case .processes:
                return smt.and([smt.ge(flow.processes, smt.number(0)), bounds(flow.processes, first, count)])
            case .persons(let k): return bounds(k < counters.count ? counters[k].total : smt.number(0), first, count)
            case .thisFlow(let k): return bounds(k < counters.count ? counters[k].flow : smt.number(0), first, count)
            case .prior(let k): return bounds(k < counters.count ? counters[k].prior : smt.number(0), first, count)
            }
        case .country(let first, let negated):
            let inSet = contains(flow.country, first, Int32((ConditionCodeBuilder.countrySlots + 63) / 64))
            return negated ? smt.not(inSet) : inSet
        case .present(let slot, let wanted):
            let present = smt.ge(flow.slot(slot), smt.number(0))
            return wanted ? present : smt.not(present)
        case .processesPresent(let wanted):
            let present = smt.ge(flow.processes, smt.number(0))
            return wanted ? present : smt.not(present)
        case .itemCode, .individuals, .featuresAny, .featuresNone, .itemPresent:
            return smt.no
        }
    }

    /// `any`, `all` (which needs at least one item) and `none` over (is a member, holds) pairs.
    private func quantify(_ quantifier: Quantifier, _ pairs: [(Term, Term)]) -> Term {
        switch quantifier {
        case .any: return smt.or(pairs.map { smt.and([$0.0, $0.1]) })
        case .all: return smt.and([smt.or(pairs.map(\.0))] + pairs.map { smt.implies($0.0, $0.1) })
        case .none: return smt.and(pairs.map { smt.implies($0.0, smt.not($0.1)) })
        }
    }

    mutating func item(_ root: Int32, _ item: SymbolicFlow.Item) -> Term {
        switch code.instructions[Int(root)] {
        case .always: return smt.yes
        case .all(let first, let count): return smt.and(children(first, count).map { self.item($0, item) })
        case .any(let first, let count): return smt.or(children(first, count).map { self.item($0, item) })
        case .not(let child): return smt.not(self.item(child, item))
        case .parameter(let index): return boolean(index)
        case .itemCode(let slot, let first, let count): return contains(item.slot(slot, smt), first, count)
        case .individuals(let first, let count): return bounds(item.individuals, first, count)
        case .featuresAny(let mask):
            return smt.or(item.features.indices.filter { mask & (1 << UInt64($0)) != 0 }.map { item.features[$0] })
        case .featuresNone(let mask):
            return smt.not(smt.or(item.features.indices.filter { mask & (1 << UInt64($0)) != 0 }.map { item.features[$0] }))
        case .itemPresent(let slot, let wanted):
            let present = smt.ge(item.slot(slot, smt), smt.number(0))
            return wanted ? present : smt.not(present)
        case .items, .code, .number, .country, .present, .processesPresent, .itemClasses:
            return smt.no
        }
    }
}

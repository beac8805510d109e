/// Decides flows against a compiled policy. Stateless: one evaluator serves any number of
/// threads.
public struct Evaluator: Sendable {
    public let policy: CompiledPolicy
    /// Off only in tests, to check that the index never changes a decision.
    let usesIndex: Bool

    public init(policy: CompiledPolicy) {
        self.init(policy: policy, usesIndex: true)
    }

    init(policy: CompiledPolicy, usesIndex: Bool) {
        self.policy = policy
        self.usesIndex = usesIndex
    }

    public func decide(_ flow: ResolvedFlow) -> Decision {
        let index = policy.index
        guard let epoch = index.epochNumber(on: flow.date) else {
            return Decision(date: flow.date, outcome: index.fallbackOutcome, fellBack: true, counted: true, window: nil, numbers: .empty)
        }
        let integers = index.integers(epoch: epoch)
        let booleans = index.booleans(epoch: epoch)
        var items = flow.items
        var reclassified: [(item: Int, reclassification: Int32)] = []
        let reclassifications = index.epochReclassifications[epoch]
        if !reclassifications.isEmpty {
            var machine = Machine(code: index.code, facts: flow.facts, integers: integers, booleans: booleans)
            for number in reclassifications {
                let (condition, toClass) = index.reclassifications[Int(number)]
                let (classes, features) = index.reclassificationGuards[Int(number)]
                // A reclassification only ever makes data stricter: classes go from least to most strict.
                for itemIndex in items.indices where items[itemIndex].dataClass < toClass {
                    let item = items[itemIndex]
                    if usesIndex {
                        if item.dataClass < 0 || item.dataClass >= 64 || classes & (1 << UInt64(item.dataClass)) == 0 { continue }
                        if features != 0, item.features & features == 0 { continue }
                    }
                    if machine.item(condition, item) {
                        items[itemIndex].dataClass = toClass
                        reclassified.append((itemIndex, number))
                    }
                }
            }
        }
        // Scratch space for the decision lives on the stack: released flags, rule states, counters.
        return items.withUnsafeBufferPointer { itemBuffer in
            withUnsafeTemporaryAllocation(of: Bool.self, capacity: max(1, itemBuffer.count)) { active in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, index.table.outcome.count)) { state in
                    withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(1, index.table.outcome.count)) { holding in
                        withUnsafeTemporaryAllocation(of: CounterUse.self, capacity: max(1, index.counterRoots.count)) { counters in
                            var machine = Machine(code: index.code, facts: flow.facts, items: itemBuffer, integers: integers, booleans: booleans)
                            return decide(flow, epoch: epoch, index: index, machine: &machine, active: active, state: state, holding: holding,
                                          counters: counters, reclassified: reclassified)
                        }
                    }
                }
            }
        }
    }

    private func decide(_ flow: ResolvedFlow, epoch: Int, index: EvaluationIndex, machine: inout Machine, active: UnsafeMutableBufferPointer<Bool>,
                        state: UnsafeMutableBufferPointer<UInt8>, holding: UnsafeMutableBufferPointer<Int32>, counters: UnsafeMutableBufferPointer<CounterUse>,
                        reclassified: [(item: Int, reclassification: Int32)]) -> Decision {
        let items = machine.items

        // Lists release items before the rules look at them.
        active.initialize(repeating: true)
        machine.updateClasses()
        var released: [(item: Int, list: Int32)] = []
        var releasingLists: [Int32] = []
        var unstated: [(item: Int, list: Int32)] = []
        var ineligible: [Int32] = []
        var eligibleLists: [Int32] = []
        if flow.facts.scenario >= 0 {
            for number in index.epochLists[epoch] {
                let list = index.lists[Int(number)]
                guard let categories = list.categoriesByScenario[flow.facts.scenario] else { continue }
                machine.active = released.isEmpty ? nil : UnsafePointer(active.baseAddress)
                machine.updateClasses()
                guard machine.flow(list.eligible) else {
                    ineligible.append(number)
                    continue
                }
                eligibleLists.append(number)
                var releasedAny = false
                for itemIndex in 0..<items.count where active[itemIndex] {
                    let item = items[itemIndex]
                    // General data list: released when listed. Negative list (Provisions Art. 6):
                    // released only when the flow states that the item is on no entry of the list
                    // (`listed: false`); an item that names an entry, says `listed: true`, or says
                    // nothing stays under the national rules (fail closed).
                    let releasable: Bool
                    switch list.kind {
                    case .generalData:
                        releasable = item.category >= 0 && categories.contains(item.category)
                    case .negative:
                        let namesEntry = item.category >= 0 && categories.contains(item.category)
                        // An entry with a mechanism of its own decides the item instead of the
                        // national rules (its rule reads it with `all-items`).
                        releasable = namesEntry ? list.governedCategories.contains(item.category) : item.listed == 0
                        if !namesEntry, item.listed < 0, item.category != ResolvedItem.unknownCategory { unstated.append((itemIndex, number)) }
                    }
                    guard releasable, machine.item(list.appliesTo, item) else { continue }
                    if list.unless >= 0, machine.item(list.unless, item) { continue }
                    active[itemIndex] = false
                    released.append((itemIndex, number))
                    releasedAny = true
                }
                if releasedAny { releasingLists.append(number) }
            }
        }
        machine.active = released.isEmpty ? nil : UnsafePointer(active.baseAddress)
        if !released.isEmpty { machine.updateClasses() }

        // Counters over the items still under the rules. Items sharing a `subjects` label are the
        // same people and count once, at the largest number among them. A counter that cannot
        // tell (a parameter without a value that day) counts the item: over-counting leads to a
        // stricter mechanism, under-counting to a missing one.
        let counterCount = index.counterRoots.count
        for counterIndex in 0..<counterCount {
            let root = index.counterRoots[counterIndex]
            let classMask = index.counterClassMasks[counterIndex]
            var total = 0
            // Updated in place: copying the table for each item made 40,000 labels quadratic.
            // Made only for a flow that labels its items' subjects: most do not.
            var largestBySubjects: [Int32: Int]?
            for itemIndex in 0..<items.count where active[itemIndex] {
                let item = items[itemIndex]
                if let classMask {
                    guard item.dataClass >= 0, item.dataClass < 64, classMask & (1 << UInt64(item.dataClass)) != 0 else { continue }
                } else {
                    machine.unknown = false
                    guard machine.item(root, item) || machine.unknown else { continue }
                }
                if item.subjects >= 0 {
                    if largestBySubjects == nil { largestBySubjects = [:] }
                    let largest = max(largestBySubjects?[item.subjects] ?? 0, item.individuals)
                    largestBySubjects?[item.subjects] = largest
                } else {
                    total = total.saturatingAdding(item.individuals)
                }
            }
            if let largestBySubjects {
                for value in largestBySubjects.values { total = total.saturatingAdding(value) }
            }
            let prior = counterIndex < flow.prior.count ? flow.prior[counterIndex] : 0
            counters.initializeElement(at: counterIndex, to: CounterUse(prior: prior, flow: total, total: prior.saturatingAdding(total)))
        }
        machine.counters = UnsafeBufferPointer(rebasing: counters[0..<counterCount])

        let activeClasses = machine.activeClasses, allClasses = machine.allClasses
        let rows = index.rows, rules = rows.rules, pool = rows.pool
        let candidates = usesIndex ? rows.candidates(epoch: epoch, purpose: Int(flow.facts.purpose)) : rows.allRules(epoch: epoch)
        // Per rule: 0 does not apply, 1 applies, 2 applies but set aside by an exception.
        state.initialize(repeating: 0)
        var failedClosed: [Int32] = []
        var heldCount = 0
        for number in candidates {
            let row = rules[Int(number)]
            if usesIndex {
                let required = row.classRequirement
                if required != UInt64.max, required & (row.includesReleased ? allClasses : activeClasses) == 0 { continue }
                var guarded = false
                for position in Int(row.guardStart)..<Int(row.guardEnd) {
                    let check = rows.guards[position]
                    let value = flow.facts.slot(check.slot)
                    if value < 0 || value >= 64 || check.mask & (1 << UInt64(value)) == 0 {
                        guarded = true
                        break
                    }
                }
                if guarded { continue }
            }
            machine.unknown = false
            var holds = true
            for position in Int(row.conjunctStart)..<Int(row.conjunctEnd) where !machine.flow(pool[position]) {
                holds = false
                break
            }
            if machine.unknown {
                // Fail closed: an outcome rule is taken to apply; an exception is taken not to.
                holds = !row.isException
                failedClosed.append(number)
            }
            if holds {
                state[Int(number)] = 1
                holding[heldCount] = number
                heldCount += 1
            }
        }
        // The rules that hold, in the candidates' order: what every later step walks, instead
        // of all the candidates again.
        let held = UnsafeBufferPointer(rebasing: holding[0..<heldCount])
        var overridden: [(rule: Int32, by: Int32)] = []
        var outcome: Int32 = -1
        for number in held where state[Int(number)] == 1 {
            let row = rules[Int(number)]
            for target in rows.slice(row.overridesStart, row.overridesEnd) where state[Int(target)] == 1 {
                let targetOutcome = rules[Int(target)].outcome
                if targetOutcome >= 0, index.finalOutcomes[Int(targetOutcome)], !row.overridesFinal { continue }
                state[Int(target)] = 2
                overridden.append((target, number))
            }
        }
        for number in held where state[Int(number)] == 1 {
            outcome = max(outcome, rules[Int(number)].outcome)
        }
        for number in releasingLists { outcome = max(outcome, index.lists[Int(number)].outcome) }
        let fellBack = outcome < 0
        if fellBack { outcome = index.fallbackOutcome }

        // One buffer for every list of the decision, section by section (see `Decision.Section`),
        // written in place: its size is bounded by what the loops below can add, so that it is
        // allocated once and filled without a check of room per number.
        var obligationBound = 0
        for number in held where state[Int(number)] == 1 { obligationBound += Int(rules[Int(number)].obligationsEnd - rules[Int(number)].obligationsStart) }
        for number in releasingLists { obligationBound += index.lists[Int(number)].obligations.count }
        for number in eligibleLists { obligationBound += index.lists[Int(number)].scenarioObligations.count }
        let header = Decision.Section.allCases.count + 1
        let capacity = header + 2 * held.count + releasingLists.count + obligationBound + 2 * (overridden.count + released.count + reclassified.count)
            + failedClosed.count + 3 * machine.counters.count + 2 * unstated.count + ineligible.count
        var exempted = false
        let numbers = DecisionNumbers.make(capacity: capacity) { buffer in
            // The first entries hold where each section starts; the sections follow.
            var at = header
            var section = 0
            func put(_ n: Int) {
                // The bound above is exact by construction. The buffer's subscript checks every
                // write in a debug build, which is what the tests run; checking it again in release
                // cost 1.7 % of deciding (callgrind).
                buffer[at] = n
                at += 1
            }
            func close() {
                section += 1
                buffer[section] = at
            }
            buffer[0] = header
            for number in held where state[Int(number)] == 1 { put(Int(number)) }
            close()
            if !fellBack {
                for number in held where state[Int(number)] == 1 && rules[Int(number)].outcome == outcome {
                    put(Int(number))
                    exempted = exempted || rules[Int(number)].exemption
                }
            }
            for number in releasingLists where index.lists[Int(number)].outcome == outcome {
                put(-Int(number) - 1)
                exempted = exempted || index.lists[Int(number)].exemption
            }
            close()
            let obligationsStart = at
            func addObligation(_ obligation: Int32) {
                if !UnsafeMutableBufferPointer(rebasing: buffer[obligationsStart..<at]).contains(Int(obligation)) { put(Int(obligation)) }
            }
            for number in held where state[Int(number)] == 1 {
                let row = rules[Int(number)]
                for obligation in rows.slice(row.obligationsStart, row.obligationsEnd) { addObligation(obligation) }
            }
            for number in releasingLists {
                for obligation in index.lists[Int(number)].obligations { addObligation(obligation) }
            }
            for number in eligibleLists {
                for obligation in index.lists[Int(number)].scenarioObligations { addObligation(obligation) }
            }
            close()
            for (rule, by) in overridden { put(Int(rule)); put(Int(by)) }
            close()
            for (item, list) in released { put(item); put(Int(list)) }
            close()
            for (item, rule) in reclassified { put(item); put(Int(rule)) }
            close()
            for number in failedClosed { put(Int(number)) }
            close()
            for use in machine.counters { put(use.prior); put(use.flow); put(use.total) }
            close()
            for (item, list) in unstated { put(item); put(Int(list)) }
            close()
            for number in ineligible { put(Int(number)) }
            close()
            return at
        }
        var counted = true
        if exempted, let parameter = index.exemptedCountParameter, parameter < machine.booleans.count, machine.booleans[parameter] == 0 {
            counted = false
        }
        let window = index.epochWindows[epoch].map { VolumeWindow(kind: $0, endingOn: flow.date) }
        return Decision(date: flow.date, outcome: outcome, fellBack: fellBack, counted: counted, window: window, numbers: numbers)
    }

    /// The counting window the policy uses on a day, so that the ledger can be asked for the
    /// persons already exported before the flow is decided.
    public func window(on day: Day) -> VolumeWindow? {
        guard let epoch = policy.index.epochNumber(on: day), let kind = policy.index.epochWindows[epoch] else { return nil }
        return VolumeWindow(kind: kind, endingOn: day)
    }
}

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
        let rows = index.rows
        let candidates = usesIndex ? rows.candidates(epoch: epoch, facts: flow.facts) : rows.allRules(epoch: epoch)
        let size = DecisionScratch.Size(items: flow.items.count, rules: rows.rules.count, candidates: candidates.count,
                                        lists: rows.lists(epoch: epoch).count, reclassifications: rows.reclassifications(epoch: epoch).count,
                                        counters: index.counterRoots.count)
        // Everything the decision works in is carved out of one temporary allocation (on the
        // stack for any ordinary flow): no array grows, no reference is counted while deciding.
        return flow.items.withUnsafeBufferPointer { given in
            withUnsafeTemporaryAllocation(byteCount: size.bytes, alignment: DecisionScratch.alignment) { raw in
                var scratch = DecisionScratch(raw, size)
                return decide(flow, given: given, epoch: epoch, index: index, candidates: candidates, scratch: &scratch)
            }
        }
    }

    private func decide(_ flow: ResolvedFlow, given: UnsafeBufferPointer<ResolvedItem>, epoch: Int, index: EvaluationIndex,
                        candidates: UnsafeBufferPointer<Int32>, scratch: inout DecisionScratch) -> Decision {
        let rows = index.rows, rules = rows.rules
        // The rules read the flow's own items until a reclassification changes one; from then on,
        // the decision's copy.
        var machine = Machine(index: index, epoch: epoch, facts: flow.facts, items: given)
        // The prior volumes are read first, before the items: both lie in storage of their own,
        // so that a flow that is not in the cache can wait for the two at once, not one after the
        // other (a difference within this machine's noise; it costs no instructions).
        let counters = scratch.counters
        for counterIndex in counters.indices {
            counters.initializeElement(at: counterIndex, to: CounterUse(prior: counterIndex < flow.prior.count ? flow.prior[counterIndex] : 0, flow: 0, total: 0))
        }

        // Reclassifications. One only ever makes data stricter: classes go from least to most strict.
        var copied = false
        for number in rows.reclassifications(epoch: epoch) {
            let (condition, toClass) = index.reclassifications[Int(number)]
            let (classes, features) = index.reclassificationGuards[Int(number)]
            for itemIndex in machine.items.indices where machine.items[itemIndex].dataClass < toClass {
                let item = machine.items[itemIndex]
                if usesIndex {
                    if item.dataClass < 0 || item.dataClass >= 64 || classes & (1 << UInt64(item.dataClass)) == 0 { continue }
                    if features != 0, item.features & features == 0 { continue }
                }
                if machine.item(condition, item) {
                    if !copied {
                        _ = scratch.items.initialize(fromContentsOf: given)
                        machine.items = UnsafeBufferPointer(scratch.items)
                        copied = true
                    }
                    scratch.items[itemIndex].dataClass = toClass
                    scratch.reclassified.append(Int32(itemIndex), number)
                }
            }
        }

        // Lists release items before the rules look at them.
        let active = scratch.active
        active.initialize(repeating: true)
        machine.updateClasses()
        if flow.facts.scenario >= 0 {
            for number in rows.lists(epoch: epoch) {
                releaseItems(list: number, scenario: flow.facts.scenario, index: index, machine: &machine, scratch: &scratch)
            }
        }
        machine.active = scratch.released.isEmpty ? nil : UnsafePointer(active.baseAddress)
        if !scratch.released.isEmpty { machine.updateClasses() }

        // Counters over the items still under the rules.
        // Counters that test only the class (all of them, in the bundled policies) are counted in
        // one pass over the items; a counter with a condition of its own, or a flow that labels
        // some item's subjects, is counted on its own (`count`).
        let classMasks = index.counterClassMasks
        var labelled = false
        for itemIndex in machine.items.indices where machine.isActive(itemIndex) {
            let item = machine.items[itemIndex]
            if item.subjects >= 0 {
                labelled = true
                break
            }
            guard item.dataClass >= 0, item.dataClass < 64 else { continue }
            let bit: UInt64 = 1 << UInt64(item.dataClass)
            for counterIndex in counters.indices {
                if let mask = classMasks[counterIndex], mask & bit != 0 {
                    counters[counterIndex].flow = counters[counterIndex].flow.saturatingAdding(item.individuals)
                }
            }
        }
        for counterIndex in counters.indices {
            if labelled || classMasks[counterIndex] == nil { counters[counterIndex].flow = count(counter: counterIndex, index: index, machine: &machine) }
            counters[counterIndex].total = counters[counterIndex].prior.saturatingAdding(counters[counterIndex].flow)
        }
        machine.counters = UnsafeBufferPointer(counters)

        // The candidate rules. Per rule: 0 does not apply, 1 applies, 2 applies but set aside by
        // an exception.
        let activeClasses = machine.activeClasses, allClasses = machine.allClasses
        let pool = rows.pool
        let state = scratch.state
        state.initialize(repeating: 0)
        for number in candidates {
            let row = rules[Int(number)]
            if usesIndex {
                let required = row.classRequirement
                if required != UInt64.max, required & (row.includesReleased ? allClasses : activeClasses) == 0 { continue }
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
                scratch.failedClosed.append(number)
            }
            if holds {
                state[Int(number)] = 1
                scratch.held.append(number)
            }
        }
        // The rules that hold, in the candidates' order: what every later step walks, instead
        // of all the candidates again.
        let held = scratch.held.elements
        for number in held where state[Int(number)] == 1 {
            let row = rules[Int(number)]
            for target in rows.slice(row.overridesStart, row.overridesEnd) where state[Int(target)] == 1 {
                let targetOutcome = rules[Int(target)].outcome
                if targetOutcome >= 0, index.finalOutcomes[Int(targetOutcome)], !row.overridesFinal { continue }
                state[Int(target)] = 2
                scratch.overridden.append(target, number)
            }
        }
        var outcome: Int32 = -1
        var applied = 0, obligationBound = 0
        for number in held where state[Int(number)] == 1 {
            let row = rules[Int(number)]
            outcome = max(outcome, row.outcome)
            applied += 1
            obligationBound += Int(row.obligationsEnd - row.obligationsStart)
        }
        let releasing = scratch.releasingLists.elements, eligible = scratch.eligibleLists.elements
        for number in releasing {
            outcome = max(outcome, index.lists[Int(number)].outcome)
            obligationBound += index.lists[Int(number)].obligations.count
        }
        for number in eligible { obligationBound += index.lists[Int(number)].scenarioObligations.count }
        let fellBack = outcome < 0
        if fellBack { outcome = index.fallbackOutcome }
        var exempted = false
        if !fellBack {
            for number in held where state[Int(number)] == 1 && rules[Int(number)].outcome == outcome { exempted = exempted || rules[Int(number)].exemption }
        }
        for number in releasing where index.lists[Int(number)].outcome == outcome { exempted = exempted || index.lists[Int(number)].exemption }

        // One buffer for every list of the decision, section by section (see `Decision.Section`),
        // written in place: its size is bounded by what is written below, so that it is
        // allocated once and filled without a check of room per number.
        let header = Decision.Section.count + 1
        let capacity = header + 2 * applied + releasing.count + obligationBound + scratch.pairCount + scratch.failedClosed.count
            + 3 * counters.count + scratch.ineligible.count
        let overridden = scratch.overridden.elements, released = scratch.released.elements, reclassified = scratch.reclassified.elements
        let failedClosed = scratch.failedClosed.elements, unstated = scratch.unstated.elements, ineligible = scratch.ineligible.elements
        let numbers = DecisionNumbers.make(capacity: capacity) { buffer in
            var out = NumberWriter(buffer, header: header)
            for number in held where state[Int(number)] == 1 { out.put(number) }
            out.close()
            if !fellBack {
                for number in held where state[Int(number)] == 1 && rules[Int(number)].outcome == outcome { out.put(number) }
            }
            for number in releasing where index.lists[Int(number)].outcome == outcome { out.put(-Int(number) - 1) }
            out.close()
            for number in held where state[Int(number)] == 1 {
                let row = rules[Int(number)]
                for obligation in rows.slice(row.obligationsStart, row.obligationsEnd) { out.putOnce(obligation) }
            }
            for number in releasing {
                for obligation in index.lists[Int(number)].obligations { out.putOnce(obligation) }
            }
            for number in eligible {
                for obligation in index.lists[Int(number)].scenarioObligations { out.putOnce(obligation) }
            }
            out.close()
            out.put(overridden)
            out.close()
            out.put(released)
            out.close()
            out.put(reclassified)
            out.close()
            out.put(failedClosed)
            out.close()
            for use in counters {
                out.put(use.prior)
                out.put(use.flow)
                out.put(use.total)
            }
            out.close()
            out.put(unstated)
            out.close()
            out.put(ineligible)
            out.close()
            return out.at
        }
        var counted = true
        if exempted, let parameter = index.exemptedCountParameter, parameter < machine.booleans.count, machine.booleans[parameter] == 0 {
            counted = false
        }
        let window = index.epochWindows[epoch].map { VolumeWindow(kind: $0, endingOn: flow.date) }
        return Decision(date: flow.date, outcome: outcome, fellBack: fellBack, counted: counted, window: window, numbers: numbers)
    }

    /// One list of the flow's scenario: whether the flow is eligible, and which items it releases.
    private func releaseItems(list number: Int32, scenario: Int32, index: EvaluationIndex, machine: inout Machine, scratch: inout DecisionScratch) {
        let list = index.lists[Int(number)]
        guard let categories = list.categoriesByScenario[scenario] else { return }
        let active = scratch.active, items = machine.items
        machine.active = scratch.released.isEmpty ? nil : UnsafePointer(active.baseAddress)
        machine.updateClasses()
        guard machine.flow(list.eligible) else {
            scratch.ineligible.append(number)
            return
        }
        scratch.eligibleLists.append(number)
        var releasedAny = false
        for itemIndex in items.indices where active[itemIndex] {
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
                if !namesEntry, item.listed < 0, item.category != ResolvedItem.unknownCategory { scratch.unstated.append(Int32(itemIndex), number) }
            }
            guard releasable, machine.item(list.appliesTo, item) else { continue }
            if list.unless >= 0, machine.item(list.unless, item) { continue }
            active[itemIndex] = false
            scratch.released.append(Int32(itemIndex), number)
            releasedAny = true
        }
        if releasedAny { scratch.releasingLists.append(number) }
    }

    /// Persons of one counter over the items still under the rules. Items sharing a `subjects`
    /// label are the same people and count once, at the largest number among them. A counter
    /// that cannot tell (a parameter without a value that day) counts the item: over-counting
    /// leads to a stricter mechanism, under-counting to a missing one.
    private func count(counter counterIndex: Int, index: EvaluationIndex, machine: inout Machine) -> Int {
        let root = index.counterRoots[counterIndex]
        let classMask = index.counterClassMasks[counterIndex]
        let items = machine.items
        var total = 0
        var labelled = false
        for itemIndex in items.indices where machine.isActive(itemIndex) {
            let item = items[itemIndex]
            guard counts(item, root: root, classMask: classMask, machine: &machine) else { continue }
            if item.subjects >= 0 {
                labelled = true
            } else {
                total = total.saturatingAdding(item.individuals)
            }
        }
        // Most flows label no item's subjects: the table is made only for those that do, and
        // updated in place (copying it for each item made 40,000 labels quadratic).
        guard labelled else { return total }
        var largestBySubjects: [Int32: Int] = [:]
        for itemIndex in items.indices where machine.isActive(itemIndex) && items[itemIndex].subjects >= 0 {
            let item = items[itemIndex]
            guard counts(item, root: root, classMask: classMask, machine: &machine) else { continue }
            largestBySubjects[item.subjects] = max(largestBySubjects[item.subjects] ?? 0, item.individuals)
        }
        for value in largestBySubjects.values { total = total.saturatingAdding(value) }
        return total
    }

    /// Whether a counter counts an item: by its class alone when that is all the counter tests.
    @inline(__always)
    private func counts(_ item: ResolvedItem, root: Int32, classMask: UInt64?, machine: inout Machine) -> Bool {
        if let classMask {
            return item.dataClass >= 0 && item.dataClass < 64 && classMask & (1 << UInt64(item.dataClass)) != 0
        }
        machine.unknown = false
        return machine.item(root, item) || machine.unknown
    }

    /// The counting window the policy uses on a day, so that the ledger can be asked for the
    /// persons already exported before the flow is decided.
    public func window(on day: Day) -> VolumeWindow? {
        guard let epoch = policy.index.epochNumber(on: day), let kind = policy.index.epochWindows[epoch] else { return nil }
        return VolumeWindow(kind: kind, endingOn: day)
    }
}

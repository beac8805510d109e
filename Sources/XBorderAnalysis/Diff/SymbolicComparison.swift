import XBorder

/// Whether two compiled policies decide some flow differently, proved with the solver: one
/// symbolic flow per policy, in each policy's own numbering, tied together code by code by
/// name, and on every day the query "outcome, deciding rules and lists, or obligations differ".
///
/// Unsatisfiable on every day is the proof that the two decide every flow of up to `itemCount`
/// items alike. Satisfiable gives a witness, which the real evaluator then decides under both
/// sets: the encoding over-approximates where it cannot be exact (a parameter without a value,
/// a catalog entry that changed its class), so a witness is confirmed or said not to be.
struct SymbolicComparison {
    let before: CompiledPolicy
    let after: CompiledPolicy
    let itemCount: Int
    /// The two sets as written: days on which they are the same need no query.
    var sets: (before: PolicySet, after: PolicySet)?

    enum Result {
        case differs(DiffWitness)
        case equivalent(proof: String)
        case unknown(String)
    }

    func run(tag: String) -> Result {
        let smt = SMT()
        let a = SymbolicFlow(smt, policy: before, itemCount: itemCount)
        let b = SymbolicFlow(smt, policy: after, itemCount: itemCount, prefix: "after.")
        smt.assert(a.domain)
        smt.assert(b.domain)
        let tied = FlowAlignment(smt: smt, before: before, after: after).align(a, b)
        // Tied only where both sets can read the flow: a flow with a code of one set alone has
        // no counterpart in the other, which refuses it.
        let bothRead = smt.not(smt.or([tied.onlyBefore, tied.onlyAfter]))
        smt.assert(smt.implies(bothRead, tied.aligned))
        let periods = PeriodPair.all(before, after)
        var unknown = false
        var identical = 0
        for period in periods {
            if let sets, DayFingerprint.of(sets.before, on: period.first) == DayFingerprint.of(sets.after, on: period.first) {
                identical += 1
                continue
            }
            let x = SymbolicDecision(smt, policy: before, epoch: period.before, flow: a)
            let y = SymbolicDecision(smt, policy: after, epoch: period.after, flow: b)
            // The most telling difference first: another outcome, then other deciding rules or
            // lists, then other obligations.
            // and last, a flow that names a code only one of the sets knows (the other refuses it).
            let kinds = differences(smt, x, y, period).map { smt.and([bothRead, $0]) } + [tied.onlyBefore, tied.onlyAfter]
            var answer = SatResult.unsat
            var found = 0
            for (k, kind) in kinds.enumerated() {
                answer = smt.check([kind])
                found = k
                if answer != .unsat { break }
            }
            switch answer {
            case .sat:
                // A witness a reader can follow: as few facts as still show the difference.
                let (side, policy) = found == kinds.count - 1 ? (b, after) : (a, before)
                _ = smt.simplest([kinds[found]], preferring: side.plainness(smt, zones: policy.table(.zones)))
                // A code of the new set only can be written only in the new set's words.
                let flow = found == kinds.count - 1
                    ? b.witness(smt, policy: after, on: period.first, id: "witness-\(tag)")
                    : a.witness(smt, policy: before, on: period.first, id: "witness-\(tag)").naming(categoriesOf: b, smt, policy: after, onlyIn: before)
                return .differs(DiffWitness(flow: flow, day: period.first, before: ConcreteDecision(flow, policy: before),
                                            after: ConcreteDecision(flow, policy: after)))
            case .unknown: unknown = true
            case .unsat: continue
            }
        }
        if unknown { return .unknown("the solver could not decide on some days") }
        let from = periods.first.map { " from \($0.first)" } ?? ""
        if identical == periods.count {
            return .equivalent(proof: "on every day\(from) the two sets say the same, dates and wording aside, so every flow is decided alike (no query was needed)")
        }
        return .equivalent(proof: "no flow of up to \(itemCount) items, on any day\(from) (\(periods.count) period\(periods.count == 1 ? "" : "s") of the two sets\(identical > 0 ? ", \(identical) of them the same in both as written" : "")), gets another outcome, other deciding rules or lists, or other obligations, and none is refused by one set only (Z3: unsatisfiable)")
    }

    /// Three terms whose disjunction holds exactly when the two decisions differ in what the
    /// contract reports: the outcome; the deciding rules and lists; the obligations.
    private func differences(_ smt: SMT, _ x: SymbolicDecision, _ y: SymbolicDecision, _ period: PeriodPair) -> [Term] {
        // The outcome, by name.
        let outcomesA = before.table(.outcomes), outcomesB = after.table(.outcomes)
        var same: [Term] = []
        for i in 0..<outcomesA.count {
            guard let j = outcomesB[outcomesA.code(Int32(i))] else { continue }
            same.append(smt.and([smt.eq(x.outcome, i), smt.eq(y.outcome, Int(j))]))
        }
        let outcome = smt.not(smt.or(same))
        var parts: [Term] = []
        // Each rule and list among the deciding ones in one set and not the other.
        func byID(_ terms: [Int32: Term], _ id: (Int32) -> String) -> [String: Term] {
            Dictionary(terms.map { (id($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
        }
        let rulesA = byID(x.deciding) { before.rules[Int($0)].id }, rulesB = byID(y.deciding) { after.rules[Int($0)].id }
        let listsA = byID(x.listDeciding) { before.lists[Int($0)].id }, listsB = byID(y.listDeciding) { after.lists[Int($0)].id }
        for (termsA, termsB) in [(rulesA, rulesB), (listsA, listsB)] {
            for id in Set(termsA.keys).union(termsB.keys) {
                parts.append(smt.not(smt.eq(termsA[id] ?? smt.no, termsB[id] ?? smt.no)))
            }
        }
        let deciding = smt.or(parts)
        parts = []
        // Each obligation, which the rules that apply and the lists that release or admit bring.
        let obligationsA = obligations(smt, x, before, epoch: period.before), obligationsB = obligations(smt, y, after, epoch: period.after)
        for id in Set(obligationsA.keys).union(obligationsB.keys) {
            parts.append(smt.not(smt.eq(obligationsA[id] ?? smt.no, obligationsB[id] ?? smt.no)))
        }
        return [outcome, deciding, smt.or(parts)]
    }

    /// Per obligation id: the term that holds when the decision carries it (as `Evaluator.decide` gathers them).
    private func obligations(_ smt: SMT, _ decision: SymbolicDecision, _ policy: CompiledPolicy, epoch: Int) -> [String: Term] {
        var sources: [String: [Term]] = [:]
        let index = policy.index
        for number in index.epochRules[epoch] {
            guard let remaining = decision.remaining[number] else { continue }
            for obligation in index.table.obligations[Int(number)] { sources[policy.obligations[Int(obligation)].id, default: []].append(remaining) }
        }
        for number in index.epochLists[epoch] {
            let list = index.lists[Int(number)]
            if let releasing = decision.releasing[number] {
                for obligation in list.obligations { sources[policy.obligations[Int(obligation)].id, default: []].append(releasing) }
            }
            if let eligible = decision.eligible[number] {
                for obligation in list.scenarioObligations { sources[policy.obligations[Int(obligation)].id, default: []].append(eligible) }
            }
        }
        return sources.mapValues { smt.or($0) }
    }
}

extension SymbolicFlow {
    /// What makes a witness plain, most telling first: one item, no optional fact stated.
    func plainness(_ smt: SMT, zones policyZones: CodeTable) -> [[Term]] {
        var groups: [[Term]] = [items.dropFirst().map { smt.not($0.exists) }]
        groups.append([scenario, sector, recipientRegisteredIn, processes].map { smt.eq($0, -1) })
        for item in items {
            groups.append([item.category, item.catalog, item.subjects, item.minors, item.listed].map { smt.eq($0, -1) })
            groups.append(item.features.map { smt.not($0) })
        }
        groups.append(prior.map { smt.eq($0, 0) })
        // A mainland exporter and a recipient in a real country (US, as letters A = 0).
        var place = [smt.eq(registeredIn, activityIn)]
        if let mainland = policyZones["cn"] { place.append(smt.eq(registeredIn, Int(mainland))) }
        place.append(smt.eq(country, 20 * 26 + 18))
        groups.append(place)
        return groups
    }
}

extension Flow {
    /// The witness with the categories its items name in the other set where only that set
    /// declares them (the first set's words cannot say them).
    func naming(categoriesOf other: SymbolicFlow, _ smt: SMT, policy: CompiledPolicy, onlyIn first: CompiledPolicy) -> Flow {
        var flow = self
        var k = 0
        for (index, item) in other.items.enumerated() where smt.truth(item.exists) {
            defer { k += 1 }
            let value = smt.value(item.category)
            guard value >= 0, k < flow.items.count, index == k else { continue }
            let code = policy.categories.code(Int32(value))
            if first.categories[code] == nil { flow.items[k].category = code }
        }
        return flow
    }
}

/// A flow decided differently by the two sets, with what the real evaluator gives it under each.
public struct DiffWitness: Sendable {
    public var flow: Flow
    public var day: Day
    var before: ConcreteDecision?
    /// Under the other set (for one change: the old set with that change alone).
    var after: ConcreteDecision?
    /// For one change: under the whole new set.
    var inNew: ConcreteDecision?

    /// The real evaluator decides it differently too (outcome, deciding rules or obligations).
    public var confirmed: Bool {
        guard let before, let after else { return (before == nil) != (after == nil) }
        return before.outcome != after.outcome || Set(before.deciding) != Set(after.deciding) || Set(before.obligations) != Set(after.obligations)
    }

    public var outcomeBefore: String? { before?.outcome }
    public var outcomeAfter: String? { after?.outcome }
    public var rulesBefore: [String] { before?.deciding ?? [] }
    public var rulesAfter: [String] { after?.deciding ?? [] }
}

/// The stretches of days on which neither set changes: each set's epoch on those days.
struct PeriodPair {
    var first: Day
    var last: Day?
    var before: Int
    var after: Int

    static func all(_ a: CompiledPolicy, _ b: CompiledPolicy) -> [PeriodPair] {
        let spansA = EpochSpan.all(a), spansB = EpochSpan.all(b)
        let starts = Set(spansA.map(\.first) + spansB.map(\.first)).sorted()
        func span(_ spans: [EpochSpan], on day: Day) -> EpochSpan? {
            spans.last { $0.first <= day && ($0.last.map { day <= $0 } ?? true) }
        }
        var pairs: [PeriodPair] = []
        for (k, day) in starts.enumerated() {
            guard let x = span(spansA, on: day), let y = span(spansB, on: day) else { continue }
            let next = k + 1 < starts.count ? starts[k + 1].adding(days: -1) : nil
            pairs.append(PeriodPair(first: day, last: next, before: x.number, after: y.number))
        }
        return pairs
    }
}

/// Ties the facts of two symbolic flows together: the same codes by name, the same numbers.
///
/// Exact where both sets read a fact the same way; where a catalog entry differs between them
/// the class, minors and features of its items are left free in each (an over-approximation,
/// so that a proof stays a proof and a witness is checked by the evaluator).
struct FlowAlignment {
    let smt: SMT
    let before: CompiledPolicy
    let after: CompiledPolicy

    /// The two flows tied together, and what makes one set refuse the flow the other decides.
    struct Tied {
        var aligned: Term
        /// The flow names a code only the old set knows (the new one refuses it).
        var onlyBefore: Term
        /// The flow names a code only the new set knows.
        var onlyAfter: Term
    }

    func align(_ a: SymbolicFlow, _ b: SymbolicFlow) -> Tied {
        var parts: [Term] = []
        var onlyBefore: [Term] = [], onlyAfter: [Term] = []
        /// The ties of two code variables by name. A code only one set knows is refused by the
        /// other (`onlyBefore`/`onlyAfter`) or, for list categories (`noneElsewhere`), read there
        /// as no category, as the resolver reads it.
        func codes(_ x: Term, _ y: Term, _ tableA: CodeTable, _ tableB: CodeTable, defaultKey: String?, noneElsewhere: Bool = false) -> [Term] {
            var ties: [Term] = []
            var noneForB = [smt.eq(x, -1)], noneForA = [smt.eq(y, -1)]
            for i in 0..<tableA.count {
                if let j = tableB[tableA.code(Int32(i))] {
                    ties.append(smt.eq(smt.eq(x, i), smt.eq(y, Int(j))))
                } else if noneElsewhere {
                    noneForB.append(smt.eq(x, i))
                } else {
                    onlyBefore.append(smt.eq(x, i))
                }
            }
            for j in 0..<tableB.count where tableA[tableB.code(Int32(j))] == nil {
                if noneElsewhere { noneForA.append(smt.eq(y, j)) } else { onlyAfter.append(smt.eq(y, j)) }
            }
            if noneElsewhere { return ties + [smt.eq(smt.or(noneForB), smt.or(noneForA))] }
            // Absent in one is absent in the other, unless a default fills it in one set only.
            let defaultA = defaultKey.flatMap { before.defaults[$0] }.map { tableA.code($0) }
            let defaultB = defaultKey.flatMap { after.defaults[$0] }.map { tableB.code($0) }
            if defaultA == defaultB { ties.append(smt.eq(smt.eq(x, -1), smt.eq(y, -1))) }
            return ties
        }
        parts += codes(a.purpose, b.purpose, before.table(.purposes), after.table(.purposes), defaultKey: "purpose")
        parts += codes(a.scenario, b.scenario, before.scenarios, after.scenarios, defaultKey: nil)
        parts.append(smt.eq(a.ciio, b.ciio))
        parts += codes(a.sector, b.sector, before.table(.sectors), after.table(.sectors), defaultKey: nil)
        parts += codes(a.registeredIn, b.registeredIn, before.table(.zones), after.table(.zones), defaultKey: "zone")
        parts += codes(a.activityIn, b.activityIn, before.table(.zones), after.table(.zones), defaultKey: "zone")
        parts += codes(a.recipientKind, b.recipientKind, before.table(.recipientKinds), after.table(.recipientKinds), defaultKey: "recipient-kind")
        parts += codes(a.recipientRegisteredIn, b.recipientRegisteredIn, before.table(.zones), after.table(.zones), defaultKey: nil)
        parts.append(smt.eq(a.country, b.country))
        parts.append(smt.eq(a.processes, b.processes))
        let unchanged = unchangedCatalogEntries()
        for (x, y) in zip(a.items, b.items) {
            parts.append(smt.eq(x.exists, y.exists))
            parts.append(smt.eq(x.individuals, y.individuals))
            parts.append(smt.eq(x.subjects, y.subjects))
            parts.append(smt.eq(x.listed, y.listed))
            let beforeCount = onlyBefore.count, afterCount = onlyAfter.count
            parts += codes(x.origin, y.origin, before.table(.origins), after.table(.origins), defaultKey: "origin")
            // A category no list of a set declares is not refused: that set reads it as on no
            // list (the resolver's unknown category), which decides as an item without one.
            parts += codes(x.category, y.category, before.categories, after.categories, defaultKey: nil, noneElsewhere: true)
            parts += codes(x.catalog, y.catalog, before.catalogEntries, after.catalogEntries, defaultKey: nil)
            // Class, minors and features as stated are the same; they are what the flow holds
            // only where the catalog entry named (if any) says the same in both sets.
            var stated: [Term] = [smt.eq(x.minors, y.minors)]
            stated += codes(x.dataClass, y.dataClass, before.table(.classes), after.table(.classes), defaultKey: nil)
            // An item that is not there names nothing.
            for k in beforeCount..<onlyBefore.count { onlyBefore[k] = smt.and([x.exists, onlyBefore[k]]) }
            for k in afterCount..<onlyAfter.count { onlyAfter[k] = smt.and([y.exists, onlyAfter[k]]) }
            let featuresA = before.table(.features), featuresB = after.table(.features)
            for i in 0..<min(featuresA.count, x.features.count) {
                if let j = featuresB[featuresA.code(Int32(i))], Int(j) < y.features.count {
                    stated.append(smt.eq(x.features[i], y.features[Int(j)]))
                } else {
                    onlyBefore.append(smt.and([x.exists, x.features[i]]))
                }
            }
            for j in 0..<min(featuresB.count, y.features.count) where featuresA[featuresB.code(Int32(j))] == nil {
                onlyAfter.append(smt.and([y.exists, y.features[j]]))
            }
            let exact = smt.or([smt.eq(x.catalog, -1), smt.oneOf(x.catalog, unchanged)])
            parts.append(smt.implies(exact, smt.and(stated)))
        }
        var priorB: [String: Term] = [:]
        for (number, counter) in after.counters.enumerated() where number < b.prior.count { priorB[counter.name] = b.prior[number] }
        for (number, counter) in before.counters.enumerated() where number < a.prior.count {
            if let other = priorB[counter.name] { parts.append(smt.eq(a.prior[number], other)) }
        }
        return Tied(aligned: smt.and(parts), onlyBefore: smt.or(onlyBefore), onlyAfter: smt.or(onlyAfter))
    }

    /// Catalog entries (old numbering) that give the same class, minors and features in both sets.
    private func unchangedCatalogEntries() -> [Int] {
        var result: [Int] = []
        let classesA = before.table(.classes), classesB = after.table(.classes)
        let featuresA = before.table(.features), featuresB = after.table(.features)
        func names(_ mask: UInt64, _ table: CodeTable) -> Set<String> {
            Set((0..<min(64, table.count)).filter { mask & (1 << UInt64($0)) != 0 }.map { table.code(Int32($0)) })
        }
        for (i, entry) in before.catalog.enumerated() {
            guard let j = after.catalogEntries[before.catalogEntries.code(Int32(i))], Int(j) < after.catalog.count else { continue }
            let other = after.catalog[Int(j)]
            if classesA.code(entry.dataClass) == classesB.code(other.dataClass), entry.minors == other.minors,
               names(entry.features, featuresA) == names(other.features, featuresB) {
                result.append(i)
            }
        }
        return result
    }
}

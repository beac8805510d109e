import XBorder

/// A flow whose every fact is a solver variable, in the numbering of one compiled policy: what the
/// evaluator reads of a flow (its resolved codes), bounded as the flow reader bounds it.
///
/// Flows have at most `itemCount` items. That bound is the one place where the encoding is not
/// exact: a finding that no flow exists is proved for flows of up to that many items, and says so.
struct SymbolicFlow {
    struct Item {
        var exists: Term
        var dataClass: Term
        var minors: Term
        var origin: Term
        var category: Term
        var catalog: Term
        var subjects: Term
        var features: [Term]
        var individuals: Term
        var listed: Term
    }

    var purpose: Term
    var scenario: Term
    var ciio: Term
    var sector: Term
    var registeredIn: Term
    var activityIn: Term
    var recipientKind: Term
    var recipientRegisteredIn: Term
    var country: Term
    var processes: Term
    var items: [Item]
    var prior: [Term]
    /// What every flow the reader accepts satisfies.
    var domain: Term

    /// The largest number of persons the flow reader accepts in one field.
    static let maxPersons = 10_000_000_000

    init(_ smt: SMT, policy: CompiledPolicy, itemCount: Int, prefix: String = "") {
        let p = prefix
        func code(_ name: String, _ count: Int, optional: Bool) -> (Term, Term) {
            let term = smt.int(p + name)
            return (term, smt.within(term, optional ? -1 : 0, count - 1))
        }
        var constraints: [Term] = []
        func add(_ pair: (Term, Term)) -> Term {
            constraints.append(pair.1)
            return pair.0
        }
        let zones = policy.table(.zones).count
        let zoneDefault = policy.defaults["zone"] != nil
        purpose = add(code("purpose", policy.table(.purposes).count, optional: policy.defaults["purpose"] == nil))
        scenario = add(code("scenario", policy.scenarios.count, optional: true))
        ciio = add(code("ciio", 2, optional: false))
        sector = add(code("sector", policy.table(.sectors).count, optional: true))
        registeredIn = add(code("registered-in", zones, optional: !zoneDefault))
        activityIn = add(code("activity-in", zones, optional: !zoneDefault))
        recipientKind = add(code("recipient-kind", policy.table(.recipientKinds).count, optional: policy.defaults["recipient-kind"] == nil))
        recipientRegisteredIn = add(code("recipient-registered-in", zones, optional: true))
        country = add(code("country", ConditionCodeBuilder.countrySlots, optional: false))
        processes = smt.int(p + "processes")
        constraints.append(smt.or([smt.eq(processes, -1), smt.within(processes, 0, Self.maxPersons)]))
        // An activity zone left out is the registration zone: absent only when that is absent.
        if !zoneDefault { constraints.append(smt.eq(smt.eq(registeredIn, -1), smt.eq(activityIn, -1))) }
        let classes = policy.table(.classes).count
        let featureCount = policy.table(.features).count
        let catalog = policy.catalog
        var items: [Item] = []
        for k in 0..<itemCount {
            let n = "\(p)item\(k)."
            let item = Item(
                exists: k == 0 ? smt.yes : smt.bool(n + "exists"),
                dataClass: add(code(n + "class", classes, optional: false)),
                minors: add(code(n + "minors", 2, optional: true)),
                origin: add(code(n + "origin", policy.table(.origins).count, optional: policy.defaults["origin"] == nil)),
                category: add(code(n + "category", policy.categories.count, optional: true)),
                catalog: add(code(n + "catalog", catalog.count, optional: true)),
                subjects: add(code(n + "subjects", itemCount, optional: true)),
                features: (0..<featureCount).map { smt.bool(n + "feature\($0)") },
                individuals: smt.int(n + "individuals"),
                listed: add(code(n + "listed", 2, optional: true)))
            constraints.append(smt.within(item.individuals, 0, Self.maxPersons))
            if k > 0 { constraints.append(smt.implies(item.exists, items[k - 1].exists)) }
            // A catalog entry gives its class (the stricter of it and the stated one), its minors
            // flag when the flow states none, and its features.
            for (number, entry) in catalog.enumerated() {
                var implied = [smt.ge(item.dataClass, smt.number(Int(entry.dataClass)))]
                if entry.minors != nil { implied.append(smt.not(smt.eq(item.minors, -1))) }
                for f in 0..<featureCount where entry.features & (1 << UInt64(f)) != 0 { implied.append(item.features[f]) }
                constraints.append(smt.implies(smt.eq(item.catalog, number), smt.and(implied)))
            }
            // `listed: false` with a negative list's entry is refused by the reader.
            let negative = policy.negativeListCategories.map { Int($0) }
            if !negative.isEmpty { constraints.append(smt.not(smt.and([smt.eq(item.listed, 0), smt.oneOf(item.category, negative)]))) }
            items.append(item)
        }
        self.items = items
        prior = policy.counters.indices.map { smt.int("\(p)prior\($0)") }
        for term in prior { constraints.append(smt.within(term, 0, Self.maxPersons)) }
        domain = smt.and(constraints)
    }

    func slot(_ slot: FlowSlot) -> Term {
        switch slot {
        case .purpose: purpose
        case .scenario: scenario
        case .ciio: ciio
        case .sector: sector
        case .registeredIn: registeredIn
        case .activityIn: activityIn
        case .recipientKind: recipientKind
        case .recipientRegisteredIn: recipientRegisteredIn
        }
    }
}

extension SymbolicFlow.Item {
    func slot(_ slot: ItemSlot, _ smt: SMT) -> Term {
        switch slot {
        case .dataClass: dataClass
        case .minors: minors
        case .origin: origin
        case .category: category
        case .catalog: catalog
        case .subjects: subjects
        // The evaluator reads "has any feature" as 0 and "none" as -1.
        case .features: smt.ite(smt.or(features), smt.number(0), smt.number(-1))
        }
    }
}

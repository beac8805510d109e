/// Conditions with every code, zone and parameter resolved to numbers: the evaluator walks these
/// without a string comparison or a dictionary look-up.
indirect enum FlowCondition: Sendable {
    case always
    case all([FlowCondition])
    case any([FlowCondition])
    case not(FlowCondition)
    case items(Quantifier, ItemCondition, includingReleased: Bool)
    case parameter(Int)
    /// The code in `slot` is one of the allowed ones (an absent field never is).
    case code(FlowSlot, [Bool])
    case number(NumberField, [Bound])
    case country(Set<String>, negated: Bool)
    case present(FlowSlot, Bool)
    case processesPresent(Bool)
}

indirect enum ItemCondition: Sendable {
    case always
    case all([ItemCondition])
    case any([ItemCondition])
    case not(ItemCondition)
    case parameter(Int)
    case code(ItemSlot, [Bool])
    case individuals([Bound])
    case featuresAny(UInt64)
    case featuresNone(UInt64)
    case present(ItemSlot, Bool)
}

/// Coded facts of a flow, one integer each; -1 when the flow leaves the field out.
package enum FlowSlot: Int, Sendable, CaseIterable {
    case purpose, scenario, ciio, sector, registeredIn, activityIn, recipientKind, recipientRegisteredIn
}

package enum ItemSlot: Int, Sendable, CaseIterable {
    case dataClass, minors, origin, category, catalog, subjects, features
}

package enum NumberField: Sendable, Equatable {
    case processes
    case persons(Int)
    case thisFlow(Int)
    case prior(Int)
}

/// One side of a numeric comparison, with the law's inclusive/exclusive words.
package struct Bound: Sendable {
    package enum Relation: Sendable {
        case atLeast, below, above, atMost, equals
    }

    package var relation: Relation
    package var amount: CompiledAmount
}

/// A bound with its limit read for one epoch, as the evaluator tests it: the values it admits
/// are `low...high` (none when `low > high`), or it cannot be told (`unknown`: its parameter has
/// no value then). One comparison pair instead of a switch on the amount and one on the
/// relation: a numeric test was about twice as costly before (callgrind).
struct ResolvedBound: Sendable, Equatable {
    var low: Int
    var high: Int
    var unknown: Bool

    static let none = ResolvedBound(low: 1, high: 0, unknown: false)

    init(low: Int, high: Int, unknown: Bool) {
        self.low = low
        self.high = high
        self.unknown = unknown
    }

    /// `integers` holds the epoch's numeric parameters, `Int.min` where one has no value.
    init(_ bound: Bound, _ integers: UnsafeBufferPointer<Int>) {
        let limit: Int
        switch bound.amount {
        case .number(let n): limit = n
        case .parameter(let index):
            guard index >= 0, index < integers.count, integers[index] != Int.min else {
                self.init(low: 1, high: 0, unknown: true)
                return
            }
            limit = integers[index]
        }
        // No limit wraps: a bound below the least Int or above the greatest admits nothing.
        switch bound.relation {
        case .atLeast: self.init(low: limit, high: Int.max, unknown: false)
        case .below: self = limit == Int.min ? .none : ResolvedBound(low: Int.min, high: limit - 1, unknown: false)
        case .above: self = limit == Int.max ? .none : ResolvedBound(low: limit + 1, high: Int.max, unknown: false)
        case .atMost: self.init(low: Int.min, high: limit, unknown: false)
        case .equals: self.init(low: limit, high: limit, unknown: false)
        }
    }

    @inline(__always)
    func holds(_ value: Int, _ unknown: inout Bool) -> Bool {
        if self.unknown {
            unknown = true
            return false
        }
        return value >= low && value <= high
    }
}

package enum CompiledAmount: Sendable {
    case number(Int)
    case parameter(Int)
}

extension FlowCondition {
    /// The counters the condition reads, so that a decision shows only the totals the law in
    /// force that day speaks of.
    func countersRead(into counters: inout Set<Int>) {
        switch self {
        case .all(let parts), .any(let parts): for part in parts { part.countersRead(into: &counters) }
        case .not(let part): part.countersRead(into: &counters)
        case .number(let field, _):
            switch field {
            case .persons(let k), .thisFlow(let k), .prior(let k): counters.insert(k)
            case .processes: break
            }
        case .always, .items, .parameter, .code, .country, .present, .processesPresent: break
        }
    }
}

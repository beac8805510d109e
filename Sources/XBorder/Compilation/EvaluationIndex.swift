/// Everything the evaluator reads, gathered behind one immutable reference: deciding a flow then
/// costs one reference count for the whole policy instead of one per array.
// Safe to share: every stored property is set in `init` and only read afterwards.
package final class EvaluationIndex: @unchecked Sendable {
    package struct ListEntry: Sendable {
        package var kind: DataList.Kind
        package var outcome: Int32
        package var exemption: Bool
        package var eligible: Int32
        package var appliesTo: Int32
        package var unless: Int32
        package var obligations: [Int32]
        package var scenarioObligations: [Int32]
        package var governedCategories: Set<Int32>
        package var categoriesByScenario: [Int32: Set<Int32>]
    }

    package let code: ConditionCode
    package let table: RuleTable
    /// Each rule's top-level conjunction, run directly by the evaluator: rule `r`'s conjuncts are
    /// `conjuncts[conjunctStart[r]..<conjunctStart[r + 1]]`.
    let conjunctStart: [Int32]
    let conjuncts: [Int32]
    /// Per epoch, split into flat arrays so that reading one never copies an epoch.
    package let epochStarts: [Day]
    package let epochRules: [[Int32]]
    let epochRulesByPurpose: [[[Int32]]]
    package let epochLists: [[Int32]]
    package let epochReclassifications: [[Int32]]
    let epochWindows: [VolumeWindow.Kind?]
    package let counterRoots: [Int32]
    /// For a counter that tests only the class: the classes it counts, so counting needs no run.
    package let counterClassMasks: [UInt64?]
    package let reclassifications: [(condition: Int32, toClass: Int32)]
    /// Necessary conditions of each reclassification read from its lowered condition: the item's
    /// class must be in `classes`, and it must have one of `features` (0 when none is required).
    let reclassificationGuards: [(classes: UInt64, features: UInt64)]
    package let lists: [ListEntry]
    package let finalOutcomes: [Bool]
    package let fallbackOutcome: Int32
    let exemptedCountParameter: Int?
    /// Yes/no parameter values of every epoch, `parameterCount` per epoch, so that the evaluator
    /// reads them through plain pointers (numeric ones are read into `resolvedBounds`).
    let parameterCount: Int
    let booleans: UnsafeMutableBufferPointer<UInt8>
    /// Every bound of the lowered code with its limit read for each epoch, `code.bounds.count` per
    /// epoch, and a last block for a day before every epoch (a parameter then has no value).
    let resolvedBounds: UnsafeMutableBufferPointer<ResolvedBound>
    /// The rules and candidates again, flat, as the decision loop reads them.
    let rows: DecisionRows
    /// The epoch in force on each day from `epochTableStart` to the last epoch's start, so that
    /// finding it is one read: a binary search over random dates mispredicts a branch at most
    /// of its steps. The table starts at the earliest epoch start within `maxTableDays` of the
    /// last (the first epoch starts at the beginning of time); earlier days are searched.
    let epochByDay: UnsafeMutableBufferPointer<Int32>
    let epochTableStart: Int32
    static let maxTableDays = 1 << 16

    init(_ policy: CompiledPolicy) {
        parameterCount = policy.parameters.count
        let values = policy.epochs.flatMap(\.parameters.integers)
        booleans = .copy(policy.epochs.flatMap(\.parameters.booleans))
        code = policy.code
        table = policy.ruleTable
        resolvedBounds = .copy(Self.resolve(policy.code, epochs: policy.epochs.count, parameterCount: parameterCount, integers: values))
        var starts: [Int32] = [0], flat: [Int32] = []
        for root in policy.ruleTable.condition {
            if case .all(let first, let count) = policy.code.instructions[Int(root)] {
                for i in first..<(first + count) { flat.append(policy.code.children[Int(i)]) }
            } else {
                flat.append(root)
            }
            starts.append(Int32(flat.count))
        }
        conjunctStart = starts
        conjuncts = flat
        epochStarts = policy.epochs.map(\.start)
        epochRules = policy.epochs.map(\.rules)
        epochRulesByPurpose = policy.epochs.map(\.rulesByPurpose)
        epochLists = policy.epochs.map(\.lists)
        epochReclassifications = policy.epochs.map(\.reclassifications)
        epochWindows = policy.epochs.map(\.window)
        counterRoots = policy.counters.map(\.counts)
        counterClassMasks = policy.counters.map { counter in
            guard case .itemCode(.dataClass, let first, let count) = policy.code.instructions[Int(counter.counts)], count == 1 else { return nil }
            return policy.code.words[Int(first)]
        }
        reclassifications = policy.reclassifications.map { ($0.condition, $0.toClass) }
        reclassificationGuards = policy.reclassifications.map { Self.itemGuard(policy.code, root: $0.condition) }
        lists = policy.lists.map {
            ListEntry(kind: $0.kind, outcome: $0.outcome, exemption: $0.exemption, eligible: $0.eligible, appliesTo: $0.appliesTo,
                      unless: $0.unless, obligations: $0.obligations, scenarioObligations: $0.scenarioObligations, governedCategories: $0.governedCategories,
                      categoriesByScenario: $0.categoriesByScenario)
        }
        finalOutcomes = policy.finalOutcomes
        fallbackOutcome = policy.fallbackOutcome
        exemptedCountParameter = policy.exemptedCountParameter
        rows = DecisionRows(table: table, conjunctStart: conjunctStart, conjuncts: conjuncts, epochRules: epochRules,
                            rulesByPurpose: epochRulesByPurpose, epochLists: epochLists, epochReclassifications: epochReclassifications)
        let days = Self.dayTable(epochStarts)
        epochByDay = .copy(days.table)
        epochTableStart = days.start
    }

    /// Entry `d` of `table` is the epoch in force `d` days after `start`, up to the last
    /// epoch's start (every later day is in the last epoch).
    static func dayTable(_ starts: [Day]) -> (start: Int32, table: [Int32]) {
        guard let last = starts.last,
              let first = starts.firstIndex(where: { Int(last.ordinal) - Int($0.ordinal) < maxTableDays }) else { return (0, []) }
        var table: [Int32] = []
        table.reserveCapacity(Int(last.ordinal) - Int(starts[first].ordinal) + 1)
        var epoch = first
        for ordinal in starts[first].ordinal...last.ordinal {
            while epoch + 1 < starts.count, starts[epoch + 1].ordinal <= ordinal { epoch += 1 }
            table.append(Int32(epoch))
        }
        return (starts[first].ordinal, table)
    }

    init() {
        parameterCount = 0
        booleans = .copy([])
        resolvedBounds = .copy([])
        code = .empty
        table = RuleTable()
        conjunctStart = [0]
        conjuncts = []
        epochStarts = []
        epochRules = []
        epochRulesByPurpose = []
        epochLists = []
        epochReclassifications = []
        epochWindows = []
        counterRoots = []
        counterClassMasks = []
        reclassifications = []
        reclassificationGuards = []
        lists = []
        finalOutcomes = []
        fallbackOutcome = -1
        exemptedCountParameter = nil
        rows = DecisionRows(table: table, conjunctStart: conjunctStart, conjuncts: conjuncts, epochRules: [], rulesByPurpose: [],
                            epochLists: [], epochReclassifications: [])
        epochByDay = .copy([])
        epochTableStart = 0
    }

    deinit {
        booleans.deallocate()
        resolvedBounds.deallocate()
        epochByDay.deallocate()
        rows.free()
    }

    /// The code's bounds as they stand in an epoch (nil: a day before every epoch).
    func bounds(epoch: Int?) -> UnsafeBufferPointer<ResolvedBound> {
        let count = code.bounds.count, block = epoch ?? (resolvedBounds.count / Swift.max(1, count) - 1)
        return UnsafeBufferPointer(rebasing: resolvedBounds[(block * count)..<((block + 1) * count)])
    }

    static func resolve(_ code: ConditionCode, epochs: Int, parameterCount: Int, integers: [Int]) -> [ResolvedBound] {
        var resolved: [ResolvedBound] = []
        resolved.reserveCapacity((epochs + 1) * code.bounds.count)
        integers.withUnsafeBufferPointer { integers in
            for epoch in 0...epochs {
                let values = epoch < epochs ? UnsafeBufferPointer(rebasing: integers[(epoch * parameterCount)..<((epoch + 1) * parameterCount)])
                    : UnsafeBufferPointer(start: nil, count: 0)
                for bound in code.bounds { resolved.append(ResolvedBound(bound, values)) }
            }
        }
        return resolved
    }

    func booleans(epoch: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: booleans[(epoch * parameterCount)..<((epoch + 1) * parameterCount)])
    }

    static func itemGuard(_ code: ConditionCode, root: Int32) -> (classes: UInt64, features: UInt64) {
        var classes = UInt64.max, features: UInt64 = 0
        var parts: [Int32] = [root]
        if case .all(let first, let count) = code.instructions[Int(root)] {
            parts = (first..<(first + count)).map { code.children[Int($0)] }
        }
        for part in parts {
            switch code.instructions[Int(part)] {
            case .itemCode(.dataClass, let first, let count) where count == 1: classes &= code.words[Int(first)]
            case .featuresAny(let mask) where features == 0: features = mask
            default: break
            }
        }
        return (classes, features)
    }

    /// The number of the epoch in force on a day.
    package func epochNumber(on day: Day) -> Int? {
        let offset = Int(day.ordinal) - Int(epochTableStart)
        guard !epochByDay.isEmpty, offset >= 0 else { return searchEpoch(on: day) }
        return offset < epochByDay.count ? Int(epochByDay[offset]) : epochStarts.count - 1
    }

    /// The same by binary search over the epochs' first days, for days before the table (and
    /// to check the table against).
    func searchEpoch(on day: Day) -> Int? {
        var low = 0, high = epochStarts.count - 1, found: Int?
        while low <= high {
            let mid = (low + high) / 2
            if epochStarts[mid] <= day {
                found = mid
                low = mid + 1
            } else {
                high = mid - 1
            }
        }
        return found
    }
}

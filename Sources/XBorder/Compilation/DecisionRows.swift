/// What the decision loop reads of each rule and each epoch, in flat storage that the index owns:
/// one row of plain numbers per rule, and every per-rule list (conjuncts, exceptions, obligations)
/// as a range of one shared pool. Reading a nested array out of the index retains and
/// releases it; at a few dozen rules per flow those reference counts were a fifth of deciding.
struct RuleRow {
    /// See `RuleTable.classRequirement`.
    var classRequirement: UInt64
    var outcome: Int32
    var conjunctStart: Int32
    var conjunctEnd: Int32
    /// The rules this one sets aside (its `overrides`).
    var overridesStart: Int32
    var overridesEnd: Int32
    var obligationsStart: Int32
    var obligationsEnd: Int32
    var includesReleased: Bool
    var exemption: Bool
    var overridesFinal: Bool

    var isException: Bool { overridesStart != overridesEnd }
}

/// Where an epoch's candidate rules lie in the pool: `bucketCount` ranges from `firstBucket`,
/// one per purpose and a last one for a flow without a known purpose, each refined by the key
/// slots (see `DecisionRows.keys`); every rule in force, `rulesStart..<rulesEnd`, for the check
/// that the buckets change no decision; and the numbers of its lists and reclassifications.
struct EpochRow {
    var firstBucket: Int32
    var bucketCount: Int32
    var rulesStart: Int32
    var rulesEnd: Int32
    var listsStart: Int32
    var listsEnd: Int32
    var reclassificationsStart: Int32
    var reclassificationsEnd: Int32
}

/// The flat storage behind the rows. Built once with the index and freed with it.
struct DecisionRows {
    let rules: UnsafeMutableBufferPointer<RuleRow>
    /// Conjunct roots, rule numbers and obligation numbers, addressed by the rows' ranges.
    let pool: UnsafeMutableBufferPointer<Int32>
    let epochs: UnsafeMutableBufferPointer<EpochRow>
    /// `(start, end)` of each bucket's rule numbers in `pool`.
    let buckets: UnsafeMutableBufferPointer<(start: Int32, end: Int32)>
    /// The flow slots besides the purpose that pick a flow's bucket, each with the number of its
    /// codes that some rule tests (a flow's code at or past it, or none, takes the bucket of the
    /// rules that test nothing of the slot). Of a typical flow's two dozen candidate rules, a
    /// fifth began by testing the CIIO flag or the recipient's kind and failed there.
    let keys: InlineArray<2, Key>
    /// Buckets per purpose: the product of each key's codes plus one.
    let keyCombinations: Int

    struct Key {
        var slot: FlowSlot
        var codes: Int
        /// How far apart in a purpose's buckets two neighbouring codes of this slot lie.
        var stride: Int
    }

    /// The slots that refine the purpose buckets: flags and kinds every flow has (the resolver
    /// gives a default), with few codes, which the bundled rules test first.
    static let keySlots: InlineArray<2, FlowSlot> = [.ciio, .recipientKind]
    /// A slot with more codes than this does not refine the buckets (their number would grow
    /// with the product of the codes).
    static let maxKeyCodes = 16

    /// `epochRules[e]` lists every rule in force in epoch `e`; `rulesByPurpose[e]`, its buckets;
    /// `epochLists[e]` and `epochReclassifications[e]`, its lists and reclassifications.
    init(table: RuleTable, conjunctStart: [Int32], conjuncts: [Int32], epochRules: [[Int32]], rulesByPurpose: [[[Int32]]],
         epochLists: [[Int32]], epochReclassifications: [[Int32]]) {
        precondition(epochRules.count == rulesByPurpose.count && epochRules.count == epochLists.count && epochRules.count == epochReclassifications.count,
                     "every epoch has its rules, buckets, lists and reclassifications")
        var pool: [Int32] = []
        var rows: [RuleRow] = []
        rows.reserveCapacity(table.outcome.count)
        func append(_ numbers: some Collection<Int32>) -> (Int32, Int32) {
            let start = Int32(pool.count)
            pool.append(contentsOf: numbers)
            return (start, Int32(pool.count))
        }
        for rule in table.outcome.indices {
            let conjunctRange = append(conjuncts[Int(conjunctStart[rule])..<Int(conjunctStart[rule + 1])])
            let overrideRange = append(table.overrides[rule])
            let obligationRange = append(table.obligations[rule])
            rows.append(RuleRow(classRequirement: table.classRequirement[rule], outcome: table.outcome[rule],
                                conjunctStart: conjunctRange.0, conjunctEnd: conjunctRange.1,
                                overridesStart: overrideRange.0, overridesEnd: overrideRange.1,
                                obligationsStart: obligationRange.0, obligationsEnd: obligationRange.1,
                                includesReleased: table.classRequirementIncludesReleased[rule], exemption: table.exemption[rule],
                                overridesFinal: table.overridesFinal[rule]))
        }
        let keys = Self.findKeys(table)
        var refiner = BucketRefiner(table, keys: keys)
        var epochRows: [EpochRow] = [], bucketRanges: [(start: Int32, end: Int32)] = []
        for epoch in epochRules.indices {
            let all = append(epochRules[epoch])
            let lists = append(epochLists[epoch])
            let reclassifications = append(epochReclassifications[epoch])
            epochRows.append(EpochRow(firstBucket: Int32(bucketRanges.count), bucketCount: Int32(rulesByPurpose[epoch].count), rulesStart: all.0, rulesEnd: all.1,
                                      listsStart: lists.0, listsEnd: lists.1, reclassificationsStart: reclassifications.0, reclassificationsEnd: reclassifications.1))
            for (purpose, bucket) in rulesByPurpose[epoch].enumerated() {
                // Most purposes share their bucket with the one before: so do their refinements.
                if purpose > 0, bucket == rulesByPurpose[epoch][purpose - 1] {
                    let previous = bucketRanges.count - refiner.combinations
                    for combination in 0..<refiner.combinations { bucketRanges.append(bucketRanges[previous + combination]) }
                } else {
                    refiner.refine(bucket, pool: &pool, ranges: &bucketRanges)
                }
            }
        }
        var keyRow: InlineArray<2, Key> = InlineArray(repeating: Key(slot: .ciio, codes: 0, stride: 0))
        for (position, key) in keys.enumerated() { keyRow[position] = key }
        self.keys = keyRow
        self.keyCombinations = refiner.combinations
        self.rules = .copy(rows)
        self.pool = .copy(pool)
        self.epochs = .copy(epochRows)
        self.buckets = .copy(bucketRanges)
    }

    /// The key slots of a policy's rules: those of `keySlots` that some rule tests, with their
    /// number of codes. Unused places of `keys` have no codes and a stride of 0.
    private static func findKeys(_ table: RuleTable) -> [Key] {
        var keys: [Key] = []
        var stride = 1
        for position in keySlots.indices {
            let slot = keySlots[position]
            let codes = table.admittedCodes.reduce(0) { Swift.max($0, $1[slot.rawValue]?.count ?? 0) }
            guard codes > 0, codes <= maxKeyCodes else { continue }
            keys.append(Key(slot: slot, codes: codes, stride: stride))
            stride *= codes + 1
        }
        return keys
    }

    /// The candidate rules of an epoch for a flow: its purpose's bucket (a purpose out of range
    /// takes the last), refined by the codes of its key slots.
    @inline(__always)
    func candidates(epoch: Int, facts: FlowFacts) -> UnsafeBufferPointer<Int32> {
        let row = epochs[epoch]
        let count = Int(row.bucketCount)
        guard count > 0 else { return UnsafeBufferPointer(start: nil, count: 0) }
        let purpose = Int(facts.purpose)
        var bucket = (purpose >= 0 && purpose < count - 1 ? purpose : count - 1) * keyCombinations
        for position in keys.indices where keys[position].stride > 0 {
            let key = keys[position]
            let code = Int(facts.slot(key.slot))
            bucket += (code >= 0 && code < key.codes ? code : key.codes) * key.stride
        }
        let range = buckets[Int(row.firstBucket) + bucket]
        return slice(range.start, range.end)
    }

    /// Every rule in force in an epoch, unbucketed.
    func allRules(epoch: Int) -> UnsafeBufferPointer<Int32> {
        slice(epochs[epoch].rulesStart, epochs[epoch].rulesEnd)
    }

    /// The lists in force in an epoch.
    func lists(epoch: Int) -> UnsafeBufferPointer<Int32> {
        slice(epochs[epoch].listsStart, epochs[epoch].listsEnd)
    }

    /// The reclassifications in force in an epoch.
    func reclassifications(epoch: Int) -> UnsafeBufferPointer<Int32> {
        slice(epochs[epoch].reclassificationsStart, epochs[epoch].reclassificationsEnd)
    }

    func slice(_ start: Int32, _ end: Int32) -> UnsafeBufferPointer<Int32> {
        UnsafeBufferPointer(rebasing: pool[Int(start)..<Int(end)])
    }

    func free() {
        rules.deallocate()
        pool.deallocate()
        epochs.deallocate()
        buckets.deallocate()
    }
}

/// Splits a purpose's bucket of rules into one list per combination of key codes (see
/// `DecisionRows.keys`), in the bucket's order, storing each distinct list once.
///
/// Built at every start, so kept to word operations on bit sets over rule numbers: filtering and
/// hashing the lists cost 15 million instructions, a third of a one-flow `check`. Plain loops
/// throughout: a closure over these buffers has each reading of them checked for exclusive access.
private struct BucketRefiner {
    /// Buckets per purpose: the product of each key's codes plus one.
    let combinations: Int
    /// Words of a bit set over rule numbers.
    let words: Int
    /// Per combination, `words` words: the rules that can apply under it.
    let admitted: [UInt64]
    /// Per combination, the first combination that admits the same rules: it refines every
    /// bucket alike, so only the first of each kind is worked out.
    let representative: [Int]
    private var members: [UInt64]
    private var signature: [UInt64]
    /// The distinct refinements of the bucket at hand (`words` words each) and where they lie.
    private var seen: [UInt64] = []
    private var seenRanges: [(start: Int32, end: Int32)] = []

    init(_ table: RuleTable, keys: [DecisionRows.Key]) {
        combinations = keys.last.map { $0.stride * ($0.codes + 1) } ?? 1
        let words = (table.outcome.count + 63) / 64
        var admitted = [UInt64](repeating: 0, count: combinations * words)
        for combination in 0..<combinations {
            for (rule, codes) in table.admittedCodes.enumerated() {
                let admits = keys.allSatisfy { key in
                    guard let allowed = codes[key.slot.rawValue] else { return true }
                    let code = combination / key.stride % (key.codes + 1)
                    return code < key.codes && code < allowed.count && allowed[code]
                }
                if admits { admitted[combination * words + rule / 64] |= 1 << UInt64(rule % 64) }
            }
        }
        var representative: [Int] = []
        for combination in 0..<combinations {
            let row = admitted[(combination * words)..<((combination + 1) * words)]
            let same = (0...combination).first { other in admitted[(other * words)..<((other + 1) * words)].elementsEqual(row) }
            representative.append(same ?? combination)
        }
        self.words = words
        self.admitted = admitted
        self.representative = representative
        members = [UInt64](repeating: 0, count: words)
        signature = [UInt64](repeating: 0, count: words)
    }

    /// Appends the bucket's `combinations` ranges to `ranges`, its new lists to `pool`.
    mutating func refine(_ bucket: [Int32], pool: inout [Int32], ranges: inout [(start: Int32, end: Int32)]) {
        let first = ranges.count
        for word in 0..<words { members[word] = 0 }
        for rule in bucket { members[Int(rule) / 64] |= 1 << UInt64(rule % 64) }
        seen.removeAll(keepingCapacity: true)
        seenRanges.removeAll(keepingCapacity: true)
        for combination in 0..<combinations {
            if representative[combination] != combination {
                ranges.append(ranges[first + representative[combination]])
                continue
            }
            for word in 0..<words { signature[word] = members[word] & admitted[combination * words + word] }
            if let known = storedRange() {
                ranges.append(known)
                continue
            }
            let start = Int32(pool.count)
            for rule in bucket where signature[Int(rule) / 64] & (1 << UInt64(rule % 64)) != 0 { pool.append(rule) }
            let range = (start: start, end: Int32(pool.count))
            seen.append(contentsOf: signature)
            seenRanges.append(range)
            ranges.append(range)
        }
    }

    /// Where the current signature's list already lies, when an earlier combination made it.
    private func storedRange() -> (start: Int32, end: Int32)? {
        for candidate in seenRanges.indices {
            var same = true
            for word in 0..<words where seen[candidate * words + word] != signature[word] {
                same = false
                break
            }
            if same { return seenRanges[candidate] }
        }
        return nil
    }
}

extension UnsafeMutableBufferPointer {
    /// A buffer holding a copy of the array's elements (at least one element's room, so that it
    /// always has an address to free); its count is the array's.
    static func copy(_ array: [Element]) -> UnsafeMutableBufferPointer<Element> {
        let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: Swift.max(1, array.count))
        _ = buffer.initialize(from: array)
        return UnsafeMutableBufferPointer(rebasing: buffer[0..<array.count])
    }
}

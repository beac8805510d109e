/// Conditions lowered to a flat array of plain instructions, addressed by index: what the
/// evaluator runs. Lowering removes the tree's boxes and arrays from the hot path, so deciding a
/// flow touches no reference counts and allocates nothing for its conditions.
package enum Instruction: Sendable {
    case always
    case all(first: Int32, count: Int32)
    case any(first: Int32, count: Int32)
    case not(Int32)
    case items(Quantifier, root: Int32, includingReleased: Bool)
    case parameter(Int32)
    /// The flow's code in the slot is in the bit set `words[first..<first+count]`.
    case code(FlowSlot, first: Int32, count: Int32)
    case number(NumberField, first: Int32, count: Int32)
    case country(first: Int32, negated: Bool)
    case present(FlowSlot, Bool)
    case processesPresent(Bool)
    case itemCode(ItemSlot, first: Int32, count: Int32)
    case individuals(first: Int32, count: Int32)
    case featuresAny(UInt64)
    case featuresNone(UInt64)
    case itemPresent(ItemSlot, Bool)
    /// Fused `items: {any|all|none: {class: …}}`: answered from the classes present in the flow,
    /// without visiting the items.
    case itemClasses(Quantifier, mask: UInt64, includingReleased: Bool)
}

/// The lowered conditions of a whole policy. Immutable once built; the storage is freed with it.
package final class ConditionCode: @unchecked Sendable {
    // Safe to share: written only in `init`, read-only afterwards.
    package let instructions: UnsafeMutableBufferPointer<Instruction>
    package let children: UnsafeMutableBufferPointer<Int32>
    package let words: UnsafeMutableBufferPointer<UInt64>
    package let bounds: UnsafeMutableBufferPointer<Bound>

    init(_ builder: ConditionCodeBuilder) {
        instructions = .copy(builder.instructions)
        children = .copy(builder.children)
        words = .copy(builder.words)
        bounds = .copy(builder.bounds)
    }

    static let empty = ConditionCode(ConditionCodeBuilder())

    deinit {
        instructions.deinitialize()
        instructions.deallocate()
        children.deinitialize()
        children.deallocate()
        words.deallocate()
        bounds.deinitialize()
        bounds.deallocate()
    }
}

/// Collects lowered conditions during compilation.
package struct ConditionCodeBuilder {
    var instructions: [Instruction] = []
    var children: [Int32] = []
    var words: [UInt64] = []
    var bounds: [Bound] = []

    /// Letters A–Z squared: the bit of a two-letter country code.
    package static let countrySlots = 26 * 26

    package static func countryIndex(_ code: String) -> Int? {
        let letters = Array(code.utf8)
        guard letters.count == 2, (65...90).contains(letters[0]), (65...90).contains(letters[1]) else { return nil }
        return Int(letters[0] - 65) * 26 + Int(letters[1] - 65)
    }

    mutating func emit(_ instruction: Instruction) -> Int32 {
        instructions.append(instruction)
        return Int32(instructions.count - 1)
    }

    /// An `all` or `any` over already lowered children, cheapest first: conditions have no side
    /// effects, so the order only decides how soon a false (or true) answer stops the run.
    mutating func junction(_ roots: [Int32], all: Bool) -> Int32 {
        var ordered = roots.enumerated().sorted { (cost($0.element), $0.offset) < (cost($1.element), $1.offset) }.map(\.element)
        if all { ordered = mergingNumbers(ordered) }
        if ordered.count == 1 { return ordered[0] }
        let first = Int32(children.count)
        children.append(contentsOf: ordered)
        return emit(all ? .all(first: first, count: Int32(ordered.count)) : .any(first: first, count: Int32(ordered.count)))
    }

    /// Neighbouring tests of the same number in an `all` become one test with every bound: a
    /// band (`at-least: a, below: b`, often written as two conditions) is then one step. Only
    /// neighbours merge, so the bounds are tried in the same order and a missing parameter is met
    /// (and fails closed) exactly when it was before.
    private mutating func mergingNumbers(_ ordered: [Int32]) -> [Int32] {
        var merged: [Int32] = []
        var index = 0
        while index < ordered.count {
            guard case .number(let field, _, _) = instructions[Int(ordered[index])] else {
                merged.append(ordered[index])
                index += 1
                continue
            }
            var end = index + 1
            while end < ordered.count, case .number(let next, _, _) = instructions[Int(ordered[end])], next == field { end += 1 }
            if end == index + 1 {
                merged.append(ordered[index])
            } else {
                var list: [Bound] = []
                for root in ordered[index..<end] {
                    if case .number(_, let first, let count) = instructions[Int(root)] { list.append(contentsOf: bounds[Int(first)..<Int(first + count)]) }
                }
                let (first, count) = boundRange(list)
                merged.append(emit(.number(field, first: first, count: count)))
            }
            index = end
        }
        return merged
    }

    /// A rough price of running an instruction: one look-up, a few, or a walk over the items.
    func cost(_ root: Int32) -> Int {
        switch instructions[Int(root)] {
        case .always, .code, .present, .processesPresent, .itemClasses, .parameter, .country, .itemCode, .itemPresent,
             .featuresAny, .featuresNone:
            return 0
        case .number, .individuals: return 1
        case .not(let child): return cost(child)
        case .all(let first, let count), .any(let first, let count):
            return 1 + (first..<(first + count)).reduce(0) { $0 + cost(children[Int($1)]) }
        case .items: return 8
        }
    }

    mutating func bitSet(_ allowed: [Bool]) -> (first: Int32, count: Int32) {
        let first = Int32(words.count)
        let count = (allowed.count + 63) / 64
        var chunk = [UInt64](repeating: 0, count: count)
        for (index, isAllowed) in allowed.enumerated() where isAllowed { chunk[index / 64] |= 1 << UInt64(index % 64) }
        words.append(contentsOf: chunk)
        return (first, Int32(count))
    }

    mutating func boundRange(_ list: [Bound]) -> (first: Int32, count: Int32) {
        let first = Int32(bounds.count)
        bounds.append(contentsOf: list)
        return (first, Int32(list.count))
    }

    mutating func lower(_ condition: FlowCondition) -> Int32 {
        switch condition {
        case .always: return emit(.always)
        case .all(let parts):
            // Nested `all`s (groups such as `exporter: {…}`) flatten into one: fewer steps to run.
            let flat = parts.flatMap { part -> [FlowCondition] in if case .all(let inner) = part { inner } else { [part] } }
            return flat.count == 1 ? lower(flat[0]) : junction(flat.map { lower($0) }, all: true)
        case .any(let parts):
            let flat = parts.flatMap { part -> [FlowCondition] in if case .any(let inner) = part { inner } else { [part] } }
            return flat.count == 1 ? lower(flat[0]) : junction(flat.map { lower($0) }, all: false)
        case .not(let part): return emit(.not(lower(part)))
        case .items(let quantifier, let part, let includingReleased):
            if let mask = Self.classMask(part) { return emit(.itemClasses(quantifier, mask: mask, includingReleased: includingReleased)) }
            return emit(.items(quantifier, root: lower(part), includingReleased: includingReleased))
        case .parameter(let index): return emit(.parameter(Int32(index)))
        case .code(let slot, let allowed):
            let (first, count) = bitSet(allowed)
            return emit(.code(slot, first: first, count: count))
        case .number(let field, let list):
            let (first, count) = boundRange(list)
            return emit(.number(field, first: first, count: count))
        case .country(let codes, let negated):
            var allowed = [Bool](repeating: false, count: Self.countrySlots)
            for code in codes { if let index = Self.countryIndex(code) { allowed[index] = true } }
            return emit(.country(first: bitSet(allowed).first, negated: negated))
        case .present(let slot, let wanted): return emit(.present(slot, wanted))
        case .processesPresent(let wanted): return emit(.processesPresent(wanted))
        }
    }

    /// The classes an item condition accepts, when it tests nothing but the class.
    static func classMask(_ condition: ItemCondition) -> UInt64? {
        guard case .code(.dataClass, let allowed) = condition, allowed.count <= 64 else { return nil }
        var mask: UInt64 = 0
        for (index, isAllowed) in allowed.enumerated() where isAllowed { mask |= 1 << UInt64(index) }
        return mask
    }

    mutating func lower(_ condition: ItemCondition) -> Int32 {
        switch condition {
        case .always: return emit(.always)
        case .all(let parts):
            let flat = parts.flatMap { part -> [ItemCondition] in if case .all(let inner) = part { inner } else { [part] } }
            return flat.count == 1 ? lower(flat[0]) : junction(flat.map { lower($0) }, all: true)
        case .any(let parts):
            let flat = parts.flatMap { part -> [ItemCondition] in if case .any(let inner) = part { inner } else { [part] } }
            return flat.count == 1 ? lower(flat[0]) : junction(flat.map { lower($0) }, all: false)
        case .not(let part): return emit(.not(lower(part)))
        case .parameter(let index): return emit(.parameter(Int32(index)))
        case .code(let slot, let allowed):
            let (first, count) = bitSet(allowed)
            return emit(.itemCode(slot, first: first, count: count))
        case .individuals(let list):
            let (first, count) = boundRange(list)
            return emit(.individuals(first: first, count: count))
        case .featuresAny(let mask): return emit(.featuresAny(mask))
        case .featuresNone(let mask): return emit(.featuresNone(mask))
        case .present(let slot, let wanted): return emit(.itemPresent(slot, wanted))
        }
    }
}

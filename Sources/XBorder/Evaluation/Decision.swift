/// The engine's answer for one flow, in numbers of the compiled policy. `DecisionReport` turns it
/// into words; keeping the two apart keeps evaluation free of string building.
///
/// Every list of the decision lives in one buffer of numbers, in sections, so that deciding a
/// flow allocates once; the properties below read their section back.
public struct Decision: Sendable {
    /// A rule or a list that determined the outcome.
    public enum Determinant: Sendable, Hashable {
        case rule(Int32)
        case list(Int32)
    }

    /// The sections of `numbers`, in order.
    enum Section: Int, CaseIterable {
        case applied, deciding, obligations, overridden, released, reclassified, failedClosed, counters, unstated, ineligible

        /// `allCases.count` without building `allCases`, which every decision and every reading
        /// of a section did (a static array's initialisation and a call, each time).
        static var count: Int { ineligible.rawValue + 1 }
    }

    public var date: Day
    public var outcome: Int32
    /// No rule decided the flow; the vocabulary's fallback outcome was used.
    public var fellBack: Bool
    /// Whether this transfer adds to the exporter's yearly totals (the pack's parameter on exemptions).
    public var counted: Bool
    public var window: VolumeWindow?
    /// `numbers[0...Section.count]` say where each section starts (the last, where the final one ends); the
    /// sections follow. Empty when the flow predates every rule.
    // The numbers are written once, before the decision exists, and only read afterwards.
    nonisolated(unsafe) let numbers: DecisionNumbers

    init(date: Day, outcome: Int32, fellBack: Bool, counted: Bool, window: VolumeWindow?, numbers: DecisionNumbers) {
        self.date = date
        self.outcome = outcome
        self.fellBack = fellBack
        self.counted = counted
        self.window = window
        self.numbers = numbers
    }

    /// A section's numbers where they lie: the report writer reads every section of every
    /// decision of an inventory, and the array properties below allocate on each reading.
    func section(_ section: Section) -> DecisionSection {
        guard numbers.count > Section.count else { return DecisionSection(storage: numbers, startIndex: 0, endIndex: 0) }
        return DecisionSection(storage: numbers, startIndex: numbers[section.rawValue], endIndex: numbers[section.rawValue + 1])
    }

    /// The counters' uses where they lie, for reading without an array of them.
    var counterUses: CounterUses { CounterUses(numbers: section(.counters)) }

    private func pairs(_ section: Section) -> [(Int, Int)] {
        let slice = Array(self.section(section))
        return stride(from: 0, to: slice.count - 1, by: 2).map { (slice[$0], slice[$0 + 1]) }
    }

    /// The rules and lists that determined the outcome.
    public var deciding: [Determinant] {
        section(.deciding).map { $0 >= 0 ? .rule(Int32($0)) : .list(Int32(-$0 - 1)) }
    }

    /// Every rule that applied and was not set aside, deciding or not.
    public var applied: [Int32] { section(.applied).map { Int32($0) } }

    public var obligations: [Int32] { section(.obligations).map { Int32($0) } }

    public var overridden: [(rule: Int32, by: Int32)] { pairs(.overridden).map { (Int32($0.0), Int32($0.1)) } }

    public var released: [(item: Int, list: Int32)] { pairs(.released).map { ($0.0, Int32($0.1)) } }

    public var reclassified: [(item: Int, reclassification: Int32)] { pairs(.reclassified).map { ($0.0, Int32($0.1)) } }

    /// Rules that could not be evaluated (a parameter without a value that day), decided fail-closed.
    public var failedClosed: [Int32] { section(.failedClosed).map { Int32($0) } }

    /// Items of a negative-list scenario that do not say whether they are on the list: kept under the rules.
    public var unstated: [(item: Int, list: Int32)] { pairs(.unstated).map { ($0.0, Int32($0.1)) } }

    /// Lists in force for the flow's scenario whose eligibility the flow does not meet.
    public var ineligible: [Int32] { section(.ineligible).map { Int32($0) } }

    public var counters: [CounterUse] {
        let slice = Array(section(.counters))
        return stride(from: 0, to: slice.count - 2, by: 3).map { CounterUse(prior: slice[$0], flow: slice[$0 + 1], total: slice[$0 + 2]) }
    }
}

/// Persons of one counter as the decision used them.
public struct CounterUse: Sendable, Hashable, Codable {
    public var prior: Int
    public var flow: Int
    public var total: Int
}

/// The counters' uses of a decision read in place: three numbers per counter.
struct CounterUses {
    let numbers: DecisionSection

    var count: Int { numbers.count / 3 }

    subscript(k: Int) -> CounterUse {
        let at = numbers.startIndex + 3 * k
        return CounterUse(prior: numbers[at], flow: numbers[at + 1], total: numbers[at + 2])
    }
}

/// The numbers of one decision, in one object of a class of its own. An array would do, but its
/// storage class is generic and the runtime looked its metadata up on every allocation: that
/// lookup cost more than the rest of allocating, about 500 instructions of each decision.
final class DecisionNumbers: ManagedBuffer<Int, Int> {

    /// Fills room for `capacity` numbers; `fill` returns how many it wrote (at most `capacity`).
    static func make(capacity: Int, _ fill: (UnsafeMutableBufferPointer<Int>) -> Int) -> DecisionNumbers {
        let storage = unsafeDowncast(create(minimumCapacity: capacity) { _ in 0 }, to: DecisionNumbers.self)
        storage.withUnsafeMutablePointers { count, numbers in
            let written = fill(UnsafeMutableBufferPointer(start: numbers, count: capacity))
            precondition(written >= 0 && written <= capacity, "a decision wrote past its numbers")
            count.pointee = written
        }
        return storage
    }

    // Safe to share: written in `make`, before anyone can read it, and never again.
    nonisolated(unsafe) static let empty = make(capacity: 0) { _ in 0 }

    // Read through the pointers rather than `header`: a class's stored property is checked for
    // exclusive access at run time on every reading.
    var count: Int { withUnsafeMutablePointerToHeader { $0.pointee } }

    subscript(position: Int) -> Int {
        withUnsafeMutablePointers { count, numbers in
            precondition(position >= 0 && position < count.pointee, "a decision's number out of range")
            return numbers[position]
        }
    }
}

/// A run of a decision's numbers, read in place (indices are positions in the whole decision,
/// as in an array slice).
struct DecisionSection: RandomAccessCollection {
    // See `Decision.numbers`.
    nonisolated(unsafe) let storage: DecisionNumbers
    let startIndex: Int
    let endIndex: Int

    subscript(position: Int) -> Int {
        precondition(position >= startIndex && position < endIndex, "a decision's number out of its section")
        return storage[position]
    }
}

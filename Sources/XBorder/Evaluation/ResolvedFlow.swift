/// A flow with every code replaced by its number in a compiled policy: what the evaluator reads.
///
/// Resolution happens once per flow, outside the evaluation loop, and is where unknown codes are
/// reported with their place in the flow's text.
public struct ResolvedFlow: Sendable {
    public var flow: Flow
    var date: Day
    var facts: FlowFacts
    var items: [ResolvedItem]
    /// Persons already exported, per counter; `priorSource` says whence they came.
    var prior: [Int]
    public internal(set) var priorSource: PriorSource
    /// Things the reader should know about how the flow was read (e.g. a class taken from the catalog).
    public internal(set) var notes: [Bilingual]

    /// Replaces the prior volumes with the ledger's, for a flow that does not state its own.
    public mutating func usePrior(fromLedger volumes: [String: Int], policy: CompiledPolicy) {
        prior = policy.counters.map { volumes[$0.name] ?? 0 }
        priorSource = .ledger
    }

    public var statesPrior: Bool { priorSource == .flow }

}

/// Where the prior volumes of a decision came from.
public enum PriorSource: String, Sendable, Codable {
    case flow
    case ledger
    case none
}

struct ResolvedItem: Sendable {
    /// A category the flow names but no list declares.
    static let unknownCategory: Int32 = -2

    /// Indexed by `ItemSlot.rawValue` up to `features`, which is read from the bit set: a slot
    /// read is then an index, not a switch.
    private var codes: InlineArray<6, Int32>
    var features: UInt64
    var individuals: Int
    /// `listed:` as stated: -1 not stated, 0 false, 1 true.
    var listed: Int32 = -1

    init(dataClass: Int32, minors: Int32, origin: Int32, category: Int32, catalog: Int32, subjects: Int32, features: UInt64, individuals: Int) {
        codes = [dataClass, minors, origin, category, catalog, subjects]
        self.features = features
        self.individuals = individuals
    }

    var dataClass: Int32 {
        get { codes[ItemSlot.dataClass.rawValue] }
        set { codes[ItemSlot.dataClass.rawValue] = newValue }
    }
    var minors: Int32 { codes[ItemSlot.minors.rawValue] }
    var origin: Int32 { codes[ItemSlot.origin.rawValue] }
    var category: Int32 { codes[ItemSlot.category.rawValue] }
    var catalog: Int32 { codes[ItemSlot.catalog.rawValue] }
    var subjects: Int32 { codes[ItemSlot.subjects.rawValue] }

    @inline(__always)
    func slot(_ slot: ItemSlot) -> Int32 {
        slot == .features ? (features == 0 ? -1 : 0) : codes[slot.rawValue]
    }
}

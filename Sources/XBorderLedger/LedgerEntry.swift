/// One decided transfer as the ledger keeps it: who exported, when, and how many persons per
/// counter.
///
/// The ledger only stores and sums these figures; which counters exist and what totals matter
/// are the policy's business.
public struct LedgerEntry: Sendable, Codable, Equatable {
    /// Idempotency key: recording the same flow id again replaces, never adds.
    public var flowID: String
    /// Ledger key (unified social credit code, or the exporter's name when it has none).
    public var exporter: String
    /// Transfer date, `yyyy-MM-dd`; decides which counting windows the flow falls in.
    public var date: String
    /// Counter name (e.g. `personal`, `sensitive`) → persons in this flow.
    public var persons: [String: Int]
    /// False when the policy says this (exempted) transfer does not count towards totals.
    public var counted: Bool
    /// The outcome code decided for the flow (kept for reports; never used for sums).
    public var outcome: String

    public init(
        flowID: String,
        exporter: String,
        date: String,
        persons: [String: Int],
        counted: Bool = true,
        outcome: String
    ) {
        self.flowID = flowID
        self.exporter = exporter
        self.date = date
        self.persons = persons
        self.counted = counted
        self.outcome = outcome
    }

    enum CodingKeys: String, CodingKey {
        case flowID, exporter, date, persons, counted, outcome
    }

    /// Most persons one imported transfer may state per counter (10^10, more than the world's
    /// population): a larger figure is a typo or an attack on the sums, and is refused.
    public static let maximumImportedPersons = 10_000_000_000

    /// Outcome written for imported history that carries none, so reports can tell it apart.
    public static let importedOutcome = "imported"

    /// Decodes leniently so that hand-written JSON Lines imports may leave out `counted`
    /// (defaults to true, the cautious choice) and `outcome`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        flowID = try container.decode(String.self, forKey: .flowID)
        exporter = try container.decode(String.self, forKey: .exporter)
        date = try container.decode(String.self, forKey: .date)
        persons = try container.decode([String: Int].self, forKey: .persons)
        counted = try container.decodeIfPresent(Bool.self, forKey: .counted) ?? true
        outcome = try container.decodeIfPresent(String.self, forKey: .outcome) ?? Self.importedOutcome
    }

    /// Throws when a figure could corrupt sums or windows; checked before anything is written.
    public func validate() throws(LedgerError) {
        guard !flowID.isEmpty else { throw .invalidEntry("flow id is empty") }
        guard !exporter.isEmpty else { throw .invalidEntry("exporter of flow \(flowID) is empty") }
        guard ISODay.isValid(date) else { throw .invalidDate(date, field: "date of flow \(flowID)") }
        for (counter, count) in persons {
            guard !counter.isEmpty else { throw .invalidEntry("flow \(flowID) has a counter with no name") }
            guard count >= 0 else {
                throw .invalidEntry("flow \(flowID) has a negative count for \(counter): \(count)")
            }
            guard Int64(count) <= CanonicalJSON.maximumInteger else {
                throw .overflow("flow \(flowID) counts \(count) persons for \(counter)")
            }
        }
    }
}

/// One line of the volume report: what one exporter exported in one calendar year under one
/// counter.
///
/// Calendar years are only a reporting grouping; counting windows for decisions are whatever
/// the policy says and are summed with ``Ledger/prior(exporter:window:excludingFlow:)``.
public struct VolumeRow: Sendable, Codable, Equatable, Hashable {
    public var exporter: String
    public var year: Int
    /// Counter name, e.g. `personal` or `sensitive`.
    public var counter: String
    /// Persons in transfers that count towards totals.
    public var countedPersons: Int
    /// Persons in transfers the policy said do not count (shown so nothing is hidden).
    public var uncountedPersons: Int
    /// Transfers with a figure for this counter, counted or not.
    public var transfers: Int
    /// How many of those transfers do not count.
    public var uncountedTransfers: Int

    public init(
        exporter: String, year: Int, counter: String, countedPersons: Int,
        uncountedPersons: Int, transfers: Int, uncountedTransfers: Int
    ) {
        self.exporter = exporter
        self.year = year
        self.counter = counter
        self.countedPersons = countedPersons
        self.uncountedPersons = uncountedPersons
        self.transfers = transfers
        self.uncountedTransfers = uncountedTransfers
    }
}

/// A closed range of days in ISO `yyyy-MM-dd`, both ends inclusive (e.g. `2025-01-01...2025-06-10`).
///
/// The ledger never decides how long a counting period is: the policy does, through the engine,
/// and hands the ledger a window. Keeping the window as two plain ISO days (rather than `Date`)
/// means the comparison the database makes is the same one a person makes reading the dates,
/// with no time zone to get wrong.
public struct CountingWindow: Sendable, Hashable, Codable {
    /// First day counted, `yyyy-MM-dd`.
    public var start: String
    /// Last day counted (inclusive), `yyyy-MM-dd`.
    public var end: String

    public init(start: String, end: String) {
        self.start = start
        self.end = end
    }

    /// Whether `date` (`yyyy-MM-dd`) falls inside the window.
    ///
    /// ISO days order lexically in the same order as in time, which is also how the database
    /// compares them, so this and ``Ledger/prior(exporter:window:excludingFlow:)`` agree.
    public func contains(_ date: String) -> Bool {
        start <= date && date <= end
    }

    /// Throws when either end is not a real calendar day or the window runs backwards, because
    /// a malformed window would silently count nothing.
    public func validate() throws(LedgerError) {
        guard ISODay.isValid(start) else { throw .invalidDate(start, field: "window start") }
        guard ISODay.isValid(end) else { throw .invalidDate(end, field: "window end") }
        guard start <= end else { throw .invalidWindow(start: start, end: end) }
    }
}

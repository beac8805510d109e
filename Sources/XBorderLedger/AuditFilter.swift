/// Which audit records to list. Every field left nil matches everything.
public struct AuditFilter: Sendable, Equatable, Hashable {
    /// Only this exporter.
    public var exporter: String?
    /// Only this flow id.
    public var flowID: String?
    /// Only records made on or after this day (`yyyy-MM-dd`, UTC recording date).
    public var from: String?
    /// Only records made on or before this day (`yyyy-MM-dd`, UTC recording date).
    public var to: String?
    /// Only this outcome code.
    public var outcome: String?
    /// At most this many records, the most recent ones (still listed oldest first).
    public var limit: Int?

    public init(
        exporter: String? = nil, flowID: String? = nil, from: String? = nil, to: String? = nil,
        outcome: String? = nil, limit: Int? = nil
    ) {
        self.exporter = exporter
        self.flowID = flowID
        self.from = from
        self.to = to
        self.outcome = outcome
        self.limit = limit
    }

    /// Rejects malformed days and limits up front, since a typo in a filter would otherwise
    /// quietly list nothing.
    public func validate() throws(LedgerError) {
        if let from, !ISODay.isValid(from) { throw .invalidDate(from, field: "from") }
        if let to, !ISODay.isValid(to) { throw .invalidDate(to, field: "to") }
        if let from, let to, from > to { throw .invalidWindow(start: from, end: to) }
        if let limit, limit < 0 { throw .invalidEntry("limit must not be negative") }
    }
}

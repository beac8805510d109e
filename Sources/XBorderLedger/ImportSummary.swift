/// What an import did, so the person importing can see that re-importing the same file
/// changes nothing.
public struct ImportSummary: Sendable, Codable, Equatable {
    /// The file imported.
    public var path: String
    /// Transfers read from the file.
    public var entries: Int
    /// Transfers that were new.
    public var recorded: Int
    /// Transfers already in the ledger whose figures were replaced.
    public var updated: Int
    /// Transfers already in the ledger with the same figures.
    public var unchanged: Int

    public init(path: String, entries: Int = 0, recorded: Int = 0, updated: Int = 0, unchanged: Int = 0) {
        self.path = path
        self.entries = entries
        self.recorded = recorded
        self.updated = updated
        self.unchanged = unchanged
    }

    /// Counts what importing one line did, and gives the audit record that change needs, if
    /// any: every store records an import alike (a line that changed nothing is not a record).
    public mutating func add(
        _ change: LedgerChange, entry: LedgerEntry, transfer: AuditRecord.Transfer, line: Int, toolVersion: String
    ) -> AuditRecord? {
        switch change {
        case .recorded: recorded += 1
        case .updated: updated += 1
        case .unchanged, .notRecorded:
            unchanged += 1
            return nil
        }
        return AuditRecord(
            kind: .import, flowID: entry.flowID, flowDigest: "", exporter: entry.exporter,
            policyDigest: "", rulesDate: entry.date, outcome: entry.outcome, ledger: change,
            transfer: transfer, source: "\(path):\(line)", toolVersion: toolVersion)
    }
}

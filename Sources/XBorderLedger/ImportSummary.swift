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
}

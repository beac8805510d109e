import Foundation
import GRDB

extension Ledger {
    /// Imports past transfers from a CSV or JSON Lines file (see `docs/ledger-and-audit.md`).
    ///
    /// The whole file is checked first and written in one transaction: a malformed line throws
    /// ``LedgerError/malformedImport(path:line:reason:)`` naming it, and nothing is imported.
    /// Every transfer the import adds or changes gets an audit record of kind `import`, so the
    /// chain covers imported volumes as it covers decided ones; importing the same file again
    /// changes nothing and writes nothing. An import never changes the figures of a transfer a
    /// decision recorded: such a line is refused with its location (a correction is made by
    /// deciding the flow again with `check --record`, which is audited as a decision).
    public func importTransfers(path file: String, toolVersion: String = "") throws -> ImportSummary {
        let lines = try TransferFile.read(path: file)
        let now = ISODay.nowTimestamp()
        return try access {
            try pool.write { db in
                var summary = ImportSummary(path: file, entries: lines.count)
                for line in lines {
                    let entry = line.entry
                    let stored = try Self.existing(entry.flowID, in: db)
                    try entry.checkImport(over: stored?.entry, origin: stored?.origin, path: file, line: line.number)
                    let change = try Self.upsert(entry, origin: .import, at: now, in: db)
                    if let audit = summary.add(change, entry: entry, transfer: transfer(of: entry), line: line.number, toolVersion: toolVersion) {
                        _ = try Self.append(audit, at: now, in: db)
                    }
                }
                return summary
            }
        }
    }
}

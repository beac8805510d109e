import Foundation
import PostgresNIO
import XBorderLedger

extension PostgresLedger {
    /// Imports past transfers with the SQLite ledger's rules: the whole file is checked first
    /// and written in one transaction (all or nothing), every transfer added or changed gets an
    /// audit record of kind `import`, re-importing changes nothing, and a transfer a decision
    /// recorded is never changed by an import.
    public func importTransfers(path file: String, toolVersion: String) async throws -> ImportSummary {
        let lines = try TransferFile.read(path: file)
        let now = ISODay.nowTimestamp()
        let store = self
        return try await write { connection in
            var summary = ImportSummary(path: file, entries: lines.count)
            for line in lines {
                let entry = line.entry
                let before = try await store.existing(entry.flowID, on: connection)
                try entry.checkImport(over: before?.entry, origin: before?.origin, path: file, line: line.number)
                let change = try await store.upsert(entry, over: before?.entry, origin: .import, at: now, on: connection)
                if let audit = summary.add(change, entry: entry, transfer: store.transfer(of: entry), line: line.number, toolVersion: toolVersion) {
                    _ = try await store.append(audit, at: now, on: connection)
                }
            }
            return summary
        }
    }
}

import Foundation
import GRDB
@testable import XBorderLedger

/// A fresh folder per test, removed when the test ends, so tests can run in parallel.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("xborder-ledger-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    /// Writes `text` to `name` and returns its path.
    func write(_ name: String, _ text: String) throws -> String {
        let path = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}

enum Sample {
    static func entry(
        _ flowID: String, exporter: String = "91310000MA1FL0000X", date: String = "2025-03-01",
        personal: Int = 1_000, sensitive: Int? = nil, counted: Bool = true, outcome: String = "exempt"
    ) -> LedgerEntry {
        var persons = ["personal": personal]
        if let sensitive { persons["sensitive"] = sensitive }
        return LedgerEntry(
            flowID: flowID, exporter: exporter, date: date, persons: persons, counted: counted, outcome: outcome)
    }

    static func audit(for entry: LedgerEntry, prior: [String: Int] = [:]) -> AuditRecord {
        var counters: [String: AuditRecord.CounterUse] = [:]
        for (counter, persons) in entry.persons {
            let before = prior[counter] ?? 0
            counters[counter] = .init(prior: before, flow: persons, total: before + persons, source: .ledger)
        }
        return AuditRecord(
            flowID: entry.flowID,
            flowDigest: "sha256:" + String(repeating: "a", count: 64),
            flow: #"{"id":"\#(entry.flowID)","note":"a/b \"quoted\" 数据"}"#,
            exporter: entry.exporter,
            policyDigest: "sha256:" + String(repeating: "b", count: 64),
            packs: [.init(id: "cn.provisions", version: "2024-03-22"), .init(id: "cn.pipl")],
            rulesDate: entry.date,
            outcome: entry.outcome,
            rules: [.init(id: "provisions.5.4", cite: "Provisions Art. 5(4)", outcome: entry.outcome)],
            obligations: [.init(id: "pia", cite: "PIPL Art. 55")],
            counters: counters,
            toolVersion: "0.1.0-test")
    }
}

extension Ledger {
    /// Runs raw SQL the way someone with the sqlite3 shell could, to simulate tampering.
    func tamper(_ sql: String) throws {
        try pool.writeWithoutTransaction { db in try db.execute(sql: sql) }
    }

    /// Records `count` sample flows `f1…fN` and returns the stored records.
    @discardableResult
    func recordSamples(_ count: Int, exporter: String = "91310000MA1FL0000X") throws -> [AuditRecord] {
        try (1...count).map { index in
            let entry = Sample.entry("f\(index)", exporter: exporter)
            return try record(entry, audit: Sample.audit(for: entry))
        }
    }
}

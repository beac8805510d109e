import Foundation
import Testing
@testable import XBorderLedger

@Suite("recording decisions")
struct RecordTests {
    let year = CountingWindow(start: "2025-01-01", end: "2025-12-31")
    let exporter = "91310000MA1FL0000X"

    @Test("re-recording the same flow never double counts")
    func idempotentReRecord() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        let entry = Sample.entry("flow-1", personal: 60_000)
        let first = try ledger.record(entry, audit: Sample.audit(for: entry))
        let second = try ledger.record(entry, audit: Sample.audit(for: entry))
        #expect(first.ledger == .recorded)
        #expect(second.ledger == .unchanged)
        #expect(try ledger.prior(exporter: exporter, window: year, excludingFlow: nil) == ["personal": 60_000])
        #expect(try ledger.volumes().map(\.transfers) == [1])
        // Each run is still a decision in the audit trail.
        #expect(try ledger.auditRecords().map(\.sequence) == [1, 2])
    }

    @Test("changed figures replace the old ones")
    func changedFiguresReplace() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        let entry = Sample.entry("flow-1", personal: 60_000, sensitive: 100)
        try ledger.record(entry, audit: Sample.audit(for: entry))
        let corrected = Sample.entry("flow-1", date: "2025-04-01", personal: 59_000)
        let stored = try ledger.record(corrected, audit: Sample.audit(for: corrected))
        #expect(stored.ledger == .updated)
        #expect(try ledger.prior(exporter: exporter, window: year, excludingFlow: nil) == ["personal": 59_000])
        let uncounted = Sample.entry("flow-1", date: "2025-04-01", personal: 59_000, counted: false)
        #expect(try ledger.record(uncounted, audit: Sample.audit(for: uncounted)).ledger == .updated)
        #expect(try ledger.prior(exporter: exporter, window: year, excludingFlow: nil) == [:])
    }

    @Test("the stored record has its chain fields filled in and round-trips")
    func storedRecordFields() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        let records = try ledger.recordSamples(2)
        #expect(records[0].sequence == 1)
        #expect(records[0].previousHash == AuditRecord.genesisHash)
        #expect(records[1].previousHash == records[0].hash)
        #expect(records[0].hash.hasPrefix("sha256:"))
        #expect(records[0].hash.count == 7 + 64)
        #expect(try records[0].computedHash() == records[0].hash)
        #expect(UUID(uuidString: records[0].decisionID) != nil)
        #expect(records[0].recordedAt.hasSuffix("Z"))
        #expect(try ledger.auditRecords() == records)
    }

    @Test("the canonical json has sorted keys and no whitespace")
    func canonicalJSON() throws {
        let entry = Sample.entry("flow-1", sensitive: 5)
        var record = Sample.audit(for: entry)
        record.recordedAt = "2025-06-10T08:00:00Z"
        let json = try record.canonicalJSON()
        #expect(json.hasPrefix(#"{"counters":{"personal":{"flow":1000,"prior":0,"source":"ledger","total":1000},"sensitive":"#))
        #expect(!json.contains("\n"))
        #expect(!json.contains(": "))
        #expect(json.hasSuffix(#","toolVersion":"0.1.0-test","version":2}"#))
        #expect(json.contains(#""previousHash":"","recordedAt":"2025-06-10T08:00:00Z","rules":[{"cite":"#))
    }

    @Test("an audit record for another flow or exporter is refused")
    func mismatchedAuditIsRefused() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        let entry = Sample.entry("flow-1")
        var audit = Sample.audit(for: entry)
        audit.flowID = "flow-2"
        #expect(throws: LedgerError.self) { try ledger.record(entry, audit: audit) }
        audit = Sample.audit(for: entry)
        audit.exporter = "other"
        #expect(throws: LedgerError.self) { try ledger.record(entry, audit: audit) }
        #expect(throws: LedgerError.self) {
            let bad = Sample.entry("flow-3", personal: -1)
            try ledger.record(bad, audit: Sample.audit(for: bad))
        }
        #expect(try ledger.auditRecords().isEmpty)
        #expect(try ledger.volumes().isEmpty)
    }

    @Test("a transaction interrupted mid-way leaves nothing behind")
    func interruptedTransactionLeavesNothing() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        try ledger.recordSamples(2)
        // Make the audit insert, which runs after the ledger upsert, fail.
        try ledger.tamper("""
            CREATE TRIGGER fail_audit BEFORE INSERT ON audit
            BEGIN SELECT RAISE(ABORT, 'simulated crash'); END;
            """)
        let entry = Sample.entry("f3", personal: 5_000)
        #expect(throws: LedgerError.self) { try ledger.record(entry, audit: Sample.audit(for: entry)) }
        let changed = Sample.entry("f1", personal: 7)
        #expect(throws: LedgerError.self) { try ledger.record(changed, audit: Sample.audit(for: changed)) }
        #expect(try ledger.prior(exporter: exporter, window: year, excludingFlow: nil) == ["personal": 2_000])
        try ledger.tamper("DROP TRIGGER fail_audit")
        #expect(try ledger.auditRecords().count == 2)
        let next = try ledger.record(entry, audit: Sample.audit(for: entry))
        #expect(next.sequence == 3)
        #expect(try ledger.verifyAudit().isIntact)
    }

    @Test("appendAudit keeps the ledger untouched")
    func appendAuditOnly() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        let entry = Sample.entry("flow-1")
        let stored = try ledger.appendAudit(Sample.audit(for: entry))
        #expect(stored.ledger == .notRecorded)
        #expect(stored.sequence == 1)
        #expect(try ledger.volumes().isEmpty)
        #expect(try ledger.verifyAudit().checked == 1)
    }

    @Test("deciding inside the write transaction reads the prior there")
    func decideInsideTransaction() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        try ledger.recordSamples(2)
        let stored = try ledger.record(exporter: exporter, window: year, excludingFlow: "f9") { prior in
            let entry = Sample.entry("f9", personal: 10)
            return (entry, Sample.audit(for: entry, prior: prior))
        }
        #expect(stored.counters["personal"]?.prior == 2_000)
        #expect(stored.counters["personal"]?.total == 2_010)
        #expect(stored.ledger == .recorded)
    }

    @Test("audit records filter by exporter, outcome, day and limit")
    func filters() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        for (index, outcome) in ["exempt", "contract-or-certification", "exempt"].enumerated() {
            let entry = Sample.entry("a\(index)", exporter: "A", outcome: outcome)
            try ledger.record(entry, audit: Sample.audit(for: entry))
        }
        let other = Sample.entry("b0", exporter: "B")
        try ledger.record(other, audit: Sample.audit(for: other))
        #expect(try ledger.auditRecords(filter: .init(exporter: "A")).map(\.flowID) == ["a0", "a1", "a2"])
        #expect(try ledger.auditRecords(filter: .init(outcome: "exempt")).map(\.flowID) == ["a0", "a2", "b0"])
        #expect(try ledger.auditRecords(filter: .init(limit: 2)).map(\.flowID) == ["a2", "b0"])
        #expect(try ledger.auditRecords(filter: .init(flowID: "a1")).count == 1)
        let today = String(ISODay.nowTimestamp().prefix(10))
        #expect(try ledger.auditRecords(filter: .init(from: today, to: today)).count == 4)
        #expect(try ledger.auditRecords(filter: .init(to: "2000-01-01")).isEmpty)
        #expect(throws: LedgerError.self) { try ledger.auditRecords(filter: .init(from: "yesterday")) }
    }

    @Test("volumes per exporter, year and counter")
    func volumes() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        for entry in [
            Sample.entry("1", exporter: "A", date: "2024-05-01", personal: 10),
            Sample.entry("2", exporter: "A", date: "2025-05-01", personal: 20, sensitive: 2),
            Sample.entry("3", exporter: "A", date: "2025-06-01", personal: 30, counted: false),
            Sample.entry("4", exporter: "B", date: "2025-06-01", personal: 40),
        ] {
            try ledger.record(entry, audit: Sample.audit(for: entry))
        }
        let all = try ledger.volumes()
        #expect(all.count == 4)
        #expect(try ledger.volumes(exporter: "A", year: 2025) == [
            VolumeRow(exporter: "A", year: 2025, counter: "personal", countedPersons: 20, uncountedPersons: 30,
                      transfers: 2, uncountedTransfers: 1),
            VolumeRow(exporter: "A", year: 2025, counter: "sensitive", countedPersons: 2, uncountedPersons: 0,
                      transfers: 1, uncountedTransfers: 0),
        ])
        #expect(try ledger.volumes(year: 2024).map(\.countedPersons) == [10])
        #expect(try ledger.volumes(exporter: "B").map(\.year) == [2025])
    }
}

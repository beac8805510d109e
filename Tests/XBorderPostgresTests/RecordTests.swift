import Foundation
import Testing
@testable import XBorderLedger
@testable import XBorderPostgres

extension OnServer {
    /// The SQLite ledger's recording cases, on PostgreSQL.
    @Suite("recording into the PostgreSQL store")
    struct RecordTests {
        let year = Sample.year
        let exporter = Sample.exporter

        @Test("re-recording the same flow never double counts")
        func idempotentReRecord() async throws {
            try await withLedger { ledger, _ async throws in
                let entry = Sample.entry("flow-1", personal: 60_000)
                let first = try await ledger.record(entry, audit: Sample.audit(for: entry))
                let second = try await ledger.record(entry, audit: Sample.audit(for: entry))
                #expect(first.ledger == .recorded)
                #expect(second.ledger == .unchanged)
                #expect(try await ledger.yearPrior() == ["personal": 60_000])
                #expect(try await ledger.volumes().map(\.transfers) == [1])
                #expect(try await ledger.auditRecords().map(\.sequence) == [1, 2])
            }
        }

        @Test("changed figures replace the old ones")
        func changedFiguresReplace() async throws {
            try await withLedger { ledger, _ async throws in
                let entry = Sample.entry("flow-1", personal: 60_000, sensitive: 100)
                _ = try await ledger.record(entry, audit: Sample.audit(for: entry))
                let corrected = Sample.entry("flow-1", date: "2025-04-01", personal: 59_000)
                let stored = try await ledger.record(corrected, audit: Sample.audit(for: corrected))
                #expect(stored.ledger == .updated)
                #expect(try await ledger.yearPrior() == ["personal": 59_000])
                let uncounted = Sample.entry("flow-1", date: "2025-04-01", personal: 59_000, counted: false)
                #expect(try await ledger.record(uncounted, audit: Sample.audit(for: uncounted)).ledger == .updated)
                #expect(try await ledger.yearPrior() == [:])
                #expect(try await ledger.verifyAudit().isIntact)
            }
        }

        @Test("the stored record has its chain fields filled in and round-trips")
        func storedRecordFields() async throws {
            try await withLedger { ledger, _ async throws in
                let records = try await ledger.recordSamples(2)
                #expect(records[0].sequence == 1)
                #expect(records[0].previousHash == AuditRecord.genesisHash)
                #expect(records[1].previousHash == records[0].hash)
                #expect(records[0].hash.hasPrefix("sha256:"))
                #expect(try records[0].computedHash() == records[0].hash)
                #expect(UUID(uuidString: records[0].decisionID) != nil)
                #expect(records[0].recordedAt.hasSuffix("Z"))
                #expect(try await ledger.auditRecords() == records)
                let head = try await ledger.head()
                #expect(head.sequence == 2)
                #expect(head.hash == records[1].hash)
            }
        }

        @Test("an audit record for another flow or exporter is refused, and nothing is written")
        func mismatchedAuditIsRefused() async throws {
            try await withLedger { ledger, _ async throws in
                let entry = Sample.entry("flow-1")
                var audit = Sample.audit(for: entry)
                audit.flowID = "flow-2"
                await #expect(throws: LedgerError.self) { _ = try await ledger.record(entry, audit: audit) }
                audit = Sample.audit(for: entry)
                audit.exporter = "other"
                await #expect(throws: LedgerError.self) { _ = try await ledger.record(entry, audit: audit) }
                let bad = Sample.entry("flow-3", personal: -1)
                await #expect(throws: LedgerError.self) { _ = try await ledger.record(bad, audit: Sample.audit(for: bad)) }
                #expect(try await ledger.auditRecords().isEmpty)
                #expect(try await ledger.volumes().isEmpty)
            }
        }

        @Test("a transaction failing mid-way leaves nothing behind")
        func interruptedTransactionLeavesNothing() async throws {
            try await withLedger { ledger, database async throws in
                try await ledger.recordSamples(2)
                // Make the audit insert, which runs after the ledger upsert, fail.
                try await database.tamper(
                    """
                    CREATE FUNCTION fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN RAISE EXCEPTION 'simulated crash'; END $$
                    """,
                    "CREATE TRIGGER fail_audit BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION fail_audit()")
                let entry = Sample.entry("f3", personal: 5_000)
                await #expect(throws: LedgerError.self) { _ = try await ledger.record(entry, audit: Sample.audit(for: entry)) }
                let changed = Sample.entry("f1", personal: 7)
                await #expect(throws: LedgerError.self) { _ = try await ledger.record(changed, audit: Sample.audit(for: changed)) }
                #expect(try await ledger.yearPrior() == ["personal": 2_000])
                try await database.tamper("DROP TRIGGER fail_audit ON audit")
                #expect(try await ledger.auditRecords().count == 2)
                let next = try await ledger.record(entry, audit: Sample.audit(for: entry))
                #expect(next.sequence == 3)
                #expect(try await ledger.verifyAudit().isIntact)
            }
        }

        @Test("appendAudit keeps the ledger untouched")
        func appendAuditOnly() async throws {
            try await withLedger { ledger, _ async throws in
                let entry = Sample.entry("flow-1")
                let stored = try await ledger.appendAudit(Sample.audit(for: entry))
                #expect(stored.ledger == .notRecorded)
                #expect(stored.sequence == 1)
                #expect(stored.transfer == nil)
                #expect(try await ledger.volumes().isEmpty)
                let verification = try await ledger.verifyAudit()
                #expect(verification.checked == 1)
                #expect(verification.isIntact)
            }
        }

        @Test("a NUL byte in a text field the server cannot store is a clear error about the record")
        func nulInText() async throws {
            try await withLedger { ledger, _ async throws in
                var audit = Sample.audit(for: Sample.entry("f1"))
                audit.rulesDate = "2025-03-01\u{0}"
                await #expect(throws: LedgerError.self) { _ = try await ledger.appendAudit(audit) }
                do {
                    _ = try await ledger.appendAudit(audit)
                } catch let error as LedgerError {
                    #expect(!error.isEnvironmental, "\(error)")
                }
                #expect(try await ledger.auditRecords().isEmpty)
            }
        }

        @Test("deciding inside the write transaction reads the prior there, leaving the flow itself out")
        func decideInsideTransaction() async throws {
            try await withLedger { ledger, _ async throws in
                try await ledger.recordSamples(2)
                let (stored, extra) = try await ledger.record(exporter: exporter, window: year, excludingFlow: "f9") { prior in
                    let entry = Sample.entry("f9", personal: 10)
                    return (entry, Sample.audit(for: entry, prior: prior), prior)
                }
                #expect(extra == ["personal": 2_000])
                #expect(stored.counters["personal"]?.prior == 2_000)
                #expect(stored.counters["personal"]?.total == 2_010)
                #expect(stored.ledger == .recorded)
                // Deciding f9 again: its own 10 are not in its prior.
                let (again, _) = try await ledger.record(exporter: exporter, window: year, excludingFlow: "f9") { prior in
                    let entry = Sample.entry("f9", personal: 10)
                    return (entry, Sample.audit(for: entry, prior: prior), 0)
                }
                #expect(again.counters["personal"]?.prior == 2_000)
                #expect(again.ledger == .unchanged)
                // An entry for another exporter than the one whose prior was read is refused.
                await #expect(throws: LedgerError.self) {
                    _ = try await ledger.record(exporter: exporter, window: year, excludingFlow: nil) { prior in
                        let entry = Sample.entry("g1", exporter: "someone else")
                        return (entry, Sample.audit(for: entry, prior: prior), 0)
                    }
                }
                #expect(try await ledger.auditRecords().count == 4)
            }
        }

        @Test("prior sums counted persons inside the window, both ends inclusive")
        func priorInsideWindow() async throws {
            try await withLedger { ledger, _ async throws in
                for entry in [
                    Sample.entry("before", date: "2024-12-31", personal: 1),
                    Sample.entry("first-day", date: "2025-01-01", personal: 10, sensitive: 2),
                    Sample.entry("middle", date: "2025-03-15", personal: 100),
                    Sample.entry("last-day", date: "2025-06-10", personal: 1_000, sensitive: 3),
                    Sample.entry("after", date: "2025-06-11", personal: 10_000),
                    Sample.entry("other-exporter", exporter: "someone else", date: "2025-03-15", personal: 7),
                    Sample.entry("exempted", date: "2025-03-15", personal: 90_000, counted: false),
                ] {
                    _ = try await ledger.record(entry, audit: Sample.audit(for: entry))
                }
                let window = CountingWindow(start: "2025-01-01", end: "2025-06-10")
                #expect(try await ledger.yearPrior(window: window) == ["personal": 1_110, "sensitive": 5])
                #expect(try await ledger.yearPrior(exporter: "nobody", window: window) == [:])
                #expect(try await ledger.prior(exporter: exporter, window: window, excludingFlow: "middle")
                    == ["personal": 1_010, "sensitive": 5])
                await #expect(throws: LedgerError.invalidWindow(start: "2025-06-01", end: "2025-01-01")) {
                    _ = try await ledger.yearPrior(window: .init(start: "2025-06-01", end: "2025-01-01"))
                }
                await #expect(throws: LedgerError.invalidDate("2025-02-29", field: "window end")) {
                    _ = try await ledger.yearPrior(window: .init(start: "2025-01-01", end: "2025-02-29"))
                }
            }
        }

        @Test("audit records filter by exporter, flow, outcome, day and limit")
        func filters() async throws {
            try await withLedger { ledger, _ async throws in
                for (index, outcome) in ["exempt", "contract-or-certification", "exempt"].enumerated() {
                    let entry = Sample.entry("a\(index)", exporter: "A", outcome: outcome)
                    _ = try await ledger.record(entry, audit: Sample.audit(for: entry))
                }
                let other = Sample.entry("b0", exporter: "B")
                _ = try await ledger.record(other, audit: Sample.audit(for: other))
                #expect(try await ledger.auditRecords(filter: .init(exporter: "A")).map(\.flowID) == ["a0", "a1", "a2"])
                #expect(try await ledger.auditRecords(filter: .init(outcome: "exempt")).map(\.flowID) == ["a0", "a2", "b0"])
                #expect(try await ledger.auditRecords(filter: .init(limit: 2)).map(\.flowID) == ["a2", "b0"])
                #expect(try await ledger.auditRecords(filter: .init(flowID: "a1")).count == 1)
                #expect(try await ledger.auditRecords(filter: .init(exporter: "A", outcome: "exempt", limit: 1)).map(\.flowID) == ["a2"])
                let today = String(ISODay.nowTimestamp().prefix(10))
                #expect(try await ledger.auditRecords(filter: .init(from: today, to: today)).count == 4)
                #expect(try await ledger.auditRecords(filter: .init(to: "2000-01-01")).isEmpty)
                await #expect(throws: LedgerError.self) { _ = try await ledger.auditRecords(filter: .init(from: "yesterday")) }
            }
        }

        @Test("volumes per exporter, year and counter")
        func volumes() async throws {
            try await withLedger { ledger, _ async throws in
                for entry in [
                    Sample.entry("1", exporter: "A", date: "2024-05-01", personal: 10),
                    Sample.entry("2", exporter: "A", date: "2025-05-01", personal: 20, sensitive: 2),
                    Sample.entry("3", exporter: "A", date: "2025-06-01", personal: 30, counted: false),
                    Sample.entry("4", exporter: "B", date: "2025-06-01", personal: 40),
                ] {
                    _ = try await ledger.record(entry, audit: Sample.audit(for: entry))
                }
                #expect(try await ledger.volumes().count == 4)
                #expect(try await ledger.volumes(exporter: "A", year: 2025) == [
                    VolumeRow(exporter: "A", year: 2025, counter: "personal", countedPersons: 20, uncountedPersons: 30,
                              transfers: 2, uncountedTransfers: 1),
                    VolumeRow(exporter: "A", year: 2025, counter: "sensitive", countedPersons: 2, uncountedPersons: 0,
                              transfers: 1, uncountedTransfers: 0),
                ])
                #expect(try await ledger.volumes(exporter: nil, year: 2024).map(\.countedPersons) == [10])
                #expect(try await ledger.volumes(exporter: "B", year: nil).map(\.year) == [2025])
                await #expect(throws: LedgerError.self) { _ = try await ledger.volumes(exporter: nil, year: 0) }
            }
        }

        @Test("ids, exporters and counters that differ after a NUL byte stay distinct")
        func nulBytes() async throws {
            try await withLedger { ledger, _ async throws in
                for id in ["T-1\u{0}a", "T-1\u{0}b"] {
                    let entry = Sample.entry(id, personal: 60_000)
                    #expect(try await ledger.record(entry, audit: Sample.audit(for: entry)).ledger == .recorded)
                }
                let other = Sample.entry("T-2", exporter: exporter + "\u{0}shadow", personal: 5)
                _ = try await ledger.record(other, audit: Sample.audit(for: other))
                #expect(try await ledger.yearPrior() == ["personal": 120_000])
                #expect(try await ledger.yearPrior(exporter: exporter + "\u{0}shadow") == ["personal": 5])
                #expect(try await ledger.prior(exporter: exporter, window: year, excludingFlow: "T-1") == ["personal": 120_000])
                #expect(try await ledger.prior(exporter: exporter, window: year, excludingFlow: "T-1\u{0}a") == ["personal": 60_000])
                #expect(try await ledger.volumes(exporter: exporter, year: nil).map(\.transfers) == [2])
                #expect(try await ledger.auditRecords(filter: .init(flowID: "T-1\u{0}b")).count == 1)
                #expect(try await ledger.auditRecords().map(\.flowID) == ["T-1\u{0}a", "T-1\u{0}b", "T-2"])
                let verification = try await ledger.verifyAudit()
                #expect(verification.isIntact, "\(verification.problems)")
            }
        }

        @Test("sums are checked: an overflow is an error, never a small number")
        func checkedSums() async throws {
            try await withLedger { ledger, _ async throws in
                let most = Int(CanonicalJSON.maximumInteger)
                for id in ["a", "b"] {
                    let entry = Sample.entry(id, personal: most)
                    var audit = Sample.audit(for: entry)
                    audit.counters = [:]
                    _ = try await ledger.record(entry, audit: audit)
                }
                await #expect(throws: LedgerError.self) { _ = try await ledger.yearPrior() }
                await #expect(throws: LedgerError.self) { _ = try await ledger.volumes() }
                #expect(try await ledger.prior(exporter: exporter, window: year, excludingFlow: "a") == ["personal": most])
                let huge = Sample.entry("c", personal: Int.max)
                var audit = Sample.audit(for: huge)
                audit.counters = [:]
                await #expect(throws: LedgerError.self) { _ = try await ledger.record(huge, audit: audit) }
            }
        }

        @Test("a masked record is bound to the ledger through its pseudonyms")
        func maskedRecords() async throws {
            try await withLedger { ledger, _ async throws in
                let entry = Sample.entry("T-1", exporter: "Acme Co.", personal: 70)
                var audit = Sample.audit(for: entry)
                audit.masked = true
                audit.flowID = ledger.pseudonym("T-1")
                audit.exporter = ledger.pseudonym("Acme Co.")
                audit.flow = nil
                let stored = try await ledger.record(entry, audit: audit)
                #expect(stored.transfer?.key == ledger.pseudonym("T-1"))
                #expect(try !stored.canonicalJSON().contains("Acme"))
                #expect(try await ledger.verifyAudit().isIntact)
                // A filter on the name finds the masked record.
                #expect(try await ledger.auditRecords(filter: .init(exporter: "Acme Co.")).count == 1)
                #expect(try await ledger.auditRecords(filter: .init(flowID: "T-1")).count == 1)
                audit.exporter = "Acme Co. (forged)"
                await #expect(throws: LedgerError.self) { _ = try await ledger.record(entry, audit: audit) }
            }
        }

        @Test("pseudonyms and flow digests are keyed per database")
        func keyedDigests() async throws {
            try await withLedger { one, _ async throws in
                try await withLedger { two, _ async throws in
                    #expect(one.pseudonym("T-1") == one.pseudonym("T-1"))
                    #expect(one.pseudonym("T-1") != two.pseudonym("T-1"))
                    #expect(one.pseudonym("T-1").hasPrefix("hmac-sha256:"))
                    #expect(one.flowDigest(ofCanonicalFlow: "{}") != two.flowDigest(ofCanonicalFlow: "{}"))
                    #expect(one.flowDigest(ofCanonicalFlow: "T-1") != one.pseudonym("T-1"))
                }
            }
        }

        @Test("the audit table refuses update, delete and truncate; the secret never changes")
        func appendOnly() async throws {
            try await withLedger { ledger, database async throws in
                try await ledger.recordSamples(2)
                await #expect(throws: (any Error).self) { try await database.tamper("UPDATE audit SET kind = 'import' WHERE sequence = 1") }
                await #expect(throws: (any Error).self) { try await database.tamper("DELETE FROM audit WHERE sequence = 2") }
                await #expect(throws: (any Error).self) { try await database.tamper("TRUNCATE audit CASCADE") }
                await #expect(throws: (any Error).self) { try await database.tamper("UPDATE audit_issued SET sequence = 0") }
                await #expect(throws: (any Error).self) { try await database.tamper("UPDATE meta SET value = 'x'") }
                #expect(try await ledger.verifyAudit().isIntact)
            }
        }
    }

    /// What the server rolls back because of another transaction is tried again; what persists
    /// is an error, never a half-written record.
    @Suite("retrying writes the server rolled back")
    struct RetryTests {
        /// Makes the first `failures` inserts into `transfer` fail with `state`, as a serialization
        /// failure or a deadlock would. The attempts are counted by a sequence, which a rollback
        /// does not take back.
        func failFirstInserts(_ database: TestDatabase, failures: Int, state: String) async throws {
            try await database.tamper(
                "CREATE SEQUENCE attempts",
                """
                CREATE FUNCTION fail_insert() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF nextval('attempts') <= \(failures) THEN
                        RAISE EXCEPTION 'simulated conflict' USING ERRCODE = '\(state)';
                    END IF;
                    RETURN NEW;
                END $$
                """,
                "CREATE TRIGGER fail_insert BEFORE INSERT ON transfer FOR EACH ROW EXECUTE FUNCTION fail_insert()")
        }

        @Test("a serialization failure or a deadlock is retried, and the record is written once", arguments: ["40001", "40P01"])
        func retried(state: String) async throws {
            try await withLedger { ledger, database async throws in
                try await failFirstInserts(database, failures: 2, state: state)
                let entry = Sample.entry("f1")
                let stored = try await ledger.record(entry, audit: Sample.audit(for: entry))
                #expect(stored.sequence == 1)
                #expect(try await ledger.auditRecords().count == 1)
                #expect(try await ledger.yearPrior() == ["personal": 1_000])
                #expect(try await database.scalar("SELECT last_value FROM attempts", as: Int64.self) == 3)
            }
        }

        @Test("a conflict that persists is an error, and nothing is written")
        func persistent() async throws {
            try await withLedger { ledger, database async throws in
                try await failFirstInserts(database, failures: 1_000, state: "40001")
                let entry = Sample.entry("f1")
                await #expect(throws: LedgerError.locked(path: ledger.location)) {
                    _ = try await ledger.record(entry, audit: Sample.audit(for: entry))
                }
                #expect(try await ledger.auditRecords().isEmpty)
                #expect(try await ledger.volumes().isEmpty)
                #expect(try await database.scalar("SELECT last_value FROM attempts", as: Int64.self)
                    == Int64(PostgresLedger.writeAttempts))
            }
        }
    }
}

import Foundation
import Testing
@testable import XBorderLedger

/// The ledger is inside the chain: every change of a volume is an audit record, and
/// verification recomputes the ledger from the chain and names every break.
@Suite("the ledger bound to the audit chain")
struct BindingTests {
    let year = CountingWindow(start: "2025-01-01", end: "2025-12-31")
    let exporter = "91310000MA1FL0000X"

    /// Probe reproducer: a ledger row edited in SQLite passed verify and flipped the next
    /// decision from contract to exempt.
    @Test("a ledger row edited, removed or put in by hand is named by verify")
    func editedLedgerRows() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        for (id, persons) in [("big", 150_000), ("small", 10), ("gone", 20)] {
            let entry = Sample.entry(id, personal: persons)
            try ledger.record(entry, audit: Sample.audit(for: entry))
        }
        #expect(try ledger.verifyAudit().isIntact)
        try ledger.tamper("""
            UPDATE transfer_count SET persons = 1 WHERE flow_id = CAST('big' AS BLOB);
            DELETE FROM transfer WHERE flow_id = CAST('gone' AS BLOB);
            INSERT INTO transfer VALUES (CAST('forged' AS BLOB), CAST('\(exporter)' AS BLOB), '2025-02-01', 1,
                                         CAST('exempt' AS BLOB), 'decision', 'now', 'now');
            INSERT INTO transfer_count VALUES (CAST('forged' AS BLOB), CAST('personal' AS BLOB), 7);
            """)
        let problems = try ledger.verifyAudit().problems
        #expect(problems.allSatisfy { $0.kind == .ledger })
        let reasons = problems.map(\.reason)
        #expect(reasons.contains { $0.contains("'big' disagrees") && $0.contains("personal 1, the chain says 150000") })
        #expect(problems.contains { $0.sequence == 1 && $0.reason.contains("'big'") })
        #expect(reasons.contains { $0.contains("'gone'") && $0.contains("missing from the ledger") })
        #expect(reasons.contains { $0.contains("'forged'") && $0.contains("in no audit record") })
        #expect(reasons.contains { $0.contains("the ledger counts 18 persons, the audit chain 150030") })
    }

    @Test("every break is reported, not only the first")
    func everyBreak() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        try ledger.recordSamples(8)
        try ledger.tamper("""
            DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;
            UPDATE audit SET record = replace(record, '"toolVersion":"0.1.0-test"', '"toolVersion":"0.1.1-test"')
            WHERE sequence = 2;
            DELETE FROM audit WHERE sequence = 4;
            UPDATE audit SET sequence = -6 WHERE sequence = 6;
            UPDATE audit SET sequence = 6 WHERE sequence = 7;
            UPDATE audit SET sequence = 7 WHERE sequence = -6;
            """)
        let problems = try ledger.verifyAudit().problems
        let chain = problems.filter { $0.kind != .ledger }.map { "\($0.sequence) \($0.kind.rawValue)" }
        #expect(chain == ["2 altered", "4 removed", "6 reordered", "7 reordered"])
        // Record 4's transfer is gone from the chain but still in the ledger.
        #expect(problems.contains { $0.kind == .ledger && $0.reason.contains("'f4'") })
    }

    /// Probe reproducer: an import overwrote a recorded flow's 150,000 with 1, unaudited.
    @Test("an import never changes a decided transfer, and audits what it adds")
    func importCannotOverwriteDecisions() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        let decided = Sample.entry("T-1", personal: 150_000)
        try ledger.record(decided, audit: Sample.audit(for: decided))
        let file = try folder.write("history.csv", """
            flow_id,exporter,date,personal,counted
            H-1,\(exporter),2025-01-05,10,true
            T-1,\(exporter),2025-03-01,1,true

            """)
        #expect(throws: LedgerError.malformedImport(path: file, line: 3, reason: "flow T-1 was recorded by a decision with other figures; an import never changes a decided transfer (decide the flow again with 'xborder check --record' to correct it)")) {
            try ledger.importTransfers(path: file)
        }
        #expect(try ledger.prior(exporter: exporter, window: year) == ["personal": 150_000])
        #expect(try ledger.auditRecords().count == 1)
        // The same figures are no change, so history that repeats a decision imports fine.
        let same = try folder.write("same.csv", "flow_id,exporter,date,personal,counted,outcome\nT-1,\(exporter),2025-03-01,150000,true,exempt\nH-1,\(exporter),2025-01-05,10,true,\n")
        #expect(try ledger.importTransfers(path: same) == ImportSummary(path: same, entries: 2, recorded: 1, unchanged: 1))
        let records = try ledger.auditRecords()
        #expect(records.map(\.kind) == [.decision, .import])
        #expect(records[1].transfer?.persons == ["personal": 10])
        #expect(try ledger.verifyAudit().isIntact)
    }

    /// Probe reproducer: ids that differed only after a NUL were one transfer, and verify
    /// failed from that record on.
    @Test("ids, exporters and counters that differ after a NUL byte stay distinct")
    func nulBytes() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        for id in ["T-1\u{0}a", "T-1\u{0}b"] {
            let entry = Sample.entry(id, personal: 60_000)
            #expect(try ledger.record(entry, audit: Sample.audit(for: entry)).ledger == .recorded)
        }
        let other = Sample.entry("T-2", exporter: exporter + "\u{0}shadow", personal: 5)
        try ledger.record(other, audit: Sample.audit(for: other))
        #expect(try ledger.prior(exporter: exporter, window: year) == ["personal": 120_000])
        #expect(try ledger.prior(exporter: exporter + "\u{0}shadow", window: year) == ["personal": 5])
        #expect(try ledger.prior(exporter: exporter, window: year, excludingFlow: "T-1") == ["personal": 120_000])
        #expect(try ledger.prior(exporter: exporter, window: year, excludingFlow: "T-1\u{0}a") == ["personal": 60_000])
        #expect(try ledger.volumes(exporter: exporter).map(\.transfers) == [2])
        #expect(try ledger.auditRecords(filter: .init(flowID: "T-1\u{0}b")).count == 1)
        #expect(try ledger.auditRecords().map(\.flowID) == ["T-1\u{0}a", "T-1\u{0}b", "T-2"])
        let verification = try ledger.verifyAudit()
        #expect(verification.isIntact, "\(verification.problems)")

        let file = try folder.write("nul.jsonl", """
            {"flowID":"H\\u0000x","exporter":"E","date":"2025-01-10","persons":{"personal":10}}
            {"flowID":"H\\u0000y","exporter":"E","date":"2025-01-10","persons":{"personal":10}}
            {"flowID":"H","exporter":"E","date":"2025-01-10","persons":{"per\\u0000sonal":3}}
            """)
        #expect(try ledger.importTransfers(path: file).recorded == 3)
        #expect(try ledger.prior(exporter: "E", window: year) == ["personal": 20, "per\u{0}sonal": 3])
        #expect(try ledger.verifyAudit().isIntact)
    }

    @Test("sums are checked: an overflow is an error, never a small number")
    func checkedSums() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        let most = Int(CanonicalJSON.maximumInteger)
        for id in ["a", "b"] {
            let entry = Sample.entry(id, personal: most)
            var audit = Sample.audit(for: entry)
            audit.counters = [:]
            try ledger.record(entry, audit: audit)
        }
        #expect(throws: LedgerError.self) { try ledger.prior(exporter: exporter, window: year) }
        #expect(throws: LedgerError.self) { try ledger.volumes() }
        #expect(try ledger.prior(exporter: exporter, window: year, excludingFlow: "a") == ["personal": most])
        let huge = Sample.entry("c", personal: Int.max)
        var audit = Sample.audit(for: huge)
        audit.counters = [:]
        #expect(throws: LedgerError.self) { try ledger.record(huge, audit: audit) }
        #expect(throws: LedgerError.self) { try Volume.add(Int.max, 1, what: "x") }
    }

    @Test("import refuses a number of persons above 10^10 or negative, with its line", arguments: [
        ("big.csv", "flow_id,exporter,date,personal,counted\na,E,2025-01-01,1,true\nb,E,2025-01-02,10000000001,true\n", 3),
        ("huge.csv", "flow_id,exporter,date,personal,counted\na,E,2025-01-01,99999999999999999999999,true\n", 2),
        ("negative.csv", "flow_id,exporter,date,personal,counted\na,E,2025-01-01,-5,true\n", 2),
        ("big.jsonl", "{\"flowID\":\"a\",\"exporter\":\"E\",\"date\":\"2025-01-01\",\"persons\":{\"personal\":10000000001}}\n", 1),
        ("huge.jsonl", "\n{\"flowID\":\"a\",\"exporter\":\"E\",\"date\":\"2025-01-01\",\"persons\":{\"personal\":1e30}}\n", 2),
        ("negative.jsonl", "{\"flowID\":\"a\",\"exporter\":\"E\",\"date\":\"2025-01-01\",\"persons\":{\"personal\":-1}}\n", 1),
    ])
    func importBounds(name: String, text: String, line: Int) throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        let file = try folder.write(name, text)
        do {
            _ = try ledger.importTransfers(path: file)
            Issue.record("import of \(name) should have failed")
        } catch let error as LedgerError {
            #expect(error.description.hasPrefix("\(file):\(line): "), "\(error)")
        }
        #expect(try ledger.volumes().isEmpty)
        #expect(try ledger.auditRecords().isEmpty)
        // Exactly the bound is accepted.
        let edge = try folder.write("edge.csv", "flow_id,exporter,date,personal,counted\na,E,2025-01-01,10000000000,true\n")
        #expect(try ledger.importTransfers(path: edge).recorded == 1)
    }

    @Test("an import record that changes a decided transfer is named even when its hashes are right")
    func forgedImportRecord() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        let decided = Sample.entry("T-1", personal: 150_000)
        let first = try ledger.record(decided, audit: Sample.audit(for: decided))
        // Someone with this tool's code appends a well-formed import record and edits the row.
        var forged = AuditRecord(
            kind: .import, sequence: 2, decisionID: "forged", recordedAt: first.recordedAt, flowID: "T-1",
            flowDigest: "", exporter: decided.exporter, policyDigest: "", rulesDate: decided.date, outcome: "exempt",
            ledger: .updated, transfer: ledger.transfer(of: Sample.entry("T-1", personal: 1)), source: "h.csv:2",
            toolVersion: "0.1.0-test", previousHash: first.hash)
        forged.hash = try forged.computedHash()
        let text = try forged.canonicalJSON().replacingOccurrences(of: "'", with: "''")
        try ledger.tamper("""
            INSERT INTO audit (sequence, decision_id, recorded_at, kind, flow_id, exporter, rules_date, outcome,
                               previous_hash, hash, record)
            VALUES (2, 'forged', '\(forged.recordedAt)', 'import', CAST('T-1' AS BLOB), CAST('\(exporter)' AS BLOB),
                    '\(forged.rulesDate)', CAST('exempt' AS BLOB), '\(first.hash)', '\(forged.hash)', '\(text)');
            UPDATE transfer_count SET persons = 1 WHERE flow_id = CAST('T-1' AS BLOB);
            """)
        let problems = try ledger.verifyAudit().problems
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.sequence == 2)
        #expect(problems.first?.reason.contains("which record 1 decided") == true)
    }

    @Test("pseudonyms and flow digests are keyed per database")
    func keyedDigests() throws {
        let folder = try TemporaryFolder()
        let one = try Ledger(path: folder.path("one.db"))
        let two = try Ledger(path: folder.path("two.db"))
        #expect(one.pseudonym("T-1") == one.pseudonym("T-1"))
        #expect(one.pseudonym("T-1") != two.pseudonym("T-1"))
        #expect(one.pseudonym("T-1").hasPrefix("hmac-sha256:"))
        #expect(one.pseudonym("T-1").count == 12 + 64)
        #expect(one.flowDigest(ofCanonicalFlow: "{}") != two.flowDigest(ofCanonicalFlow: "{}"))
        #expect(one.flowDigest(ofCanonicalFlow: "T-1") != one.pseudonym("T-1"))
        #expect(try Ledger(path: folder.path("one.db")).pseudonym("T-1") == one.pseudonym("T-1"))
    }

    @Test("a masked record is bound to the ledger through its pseudonyms")
    func maskedRecords() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        let entry = Sample.entry("T-1", exporter: "Acme Co.", personal: 70)
        var audit = Sample.audit(for: entry)
        audit.masked = true
        audit.flowID = ledger.pseudonym("T-1")
        audit.exporter = ledger.pseudonym("Acme Co.")
        let stored = try ledger.record(entry, audit: audit)
        #expect(stored.transfer?.key == ledger.pseudonym("T-1"))
        #expect(try !stored.canonicalJSON().contains("Acme"))
        #expect(try ledger.verifyAudit().isIntact)
        audit.exporter = "Acme Co. (forged)"
        #expect(throws: LedgerError.self) { try ledger.record(entry, audit: audit) }
    }

    @Test("a database of the first layout holding records is refused, an empty one upgraded")
    func olderLayout() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("old.db")
        let empty = folder.path("empty.db")
        // Build v1 databases by hand, as xborder 0.1.0 left them.
        for (file, rows) in [(path, true), (empty, false)] {
            let scratch = try Ledger(path: folder.path("scratch-\(rows).db"))
            try scratch.tamper("""
                ATTACH DATABASE '\(file)' AS old;
                CREATE TABLE old.grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                INSERT INTO old.grdb_migrations VALUES ('v1-ledger-and-audit');
                CREATE TABLE old.transfer (flow_id TEXT PRIMARY KEY, exporter TEXT, date TEXT, counted INTEGER,
                                           outcome TEXT, first_recorded_at TEXT, last_recorded_at TEXT);
                CREATE TABLE old.transfer_count (flow_id TEXT, counter TEXT, persons INTEGER, PRIMARY KEY (flow_id, counter));
                CREATE TABLE old.audit (sequence INTEGER PRIMARY KEY AUTOINCREMENT, decision_id TEXT, recorded_at TEXT,
                                        flow_id TEXT, exporter TEXT, rules_date TEXT, outcome TEXT, previous_hash TEXT,
                                        hash TEXT UNIQUE, record TEXT);
                \(rows ? "INSERT INTO old.transfer VALUES ('a', 'E', '2025-01-01', 1, 'exempt', 'now', 'now');" : "")
                DETACH DATABASE old;
                """)
        }
        #expect(throws: LedgerError.olderSchema(path: path)) { try Ledger(path: path) }
        #expect(throws: LedgerError.olderSchema(path: path)) { try Ledger.reading(path: path) }
        #expect(LedgerError.olderSchema(path: path).description.contains("older xborder"))
        // An empty first layout is what a writer killed between the two migrations leaves:
        // readers say nothing was recorded yet, and the next writer upgrades it.
        do {
            _ = try Ledger.reading(path: empty)
            Issue.record("an empty first layout was opened for reading")
        } catch {
            #expect("\(error)".contains("holds no ledger yet"), "\(error)")
        }
        let upgraded = try Ledger(path: empty)
        try upgraded.recordSamples(1)
        #expect(try upgraded.verifyAudit().isIntact)
    }

    @Test("a read-only ledger reads and never writes")
    func readOnly() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("x.db")
        try Ledger(path: path).recordSamples(2)
        let reader = try Ledger.reading(path: path)
        #expect(reader.isReadOnly)
        #expect(try reader.verifyAudit().checked == 2)
        #expect(try reader.volumes().count == 1)
        let entry = Sample.entry("f3")
        #expect(throws: LedgerError.self) { try reader.record(entry, audit: Sample.audit(for: entry)) }
        #expect(throws: LedgerError.self) { try Ledger.reading(path: folder.path("missing.db")) }
        #expect(!FileManager.default.fileExists(atPath: folder.path("missing.db")))
        // A file left empty by a writer killed while creating it is named as such.
        let empty = try folder.write("empty.db", "")
        do {
            _ = try Ledger.reading(path: empty)
            Issue.record("an empty file was read as a ledger")
        } catch {
            #expect("\(error)".contains("holds no ledger yet"))
        }
        #expect(try Ledger(path: empty).verifyAudit().isIntact)
    }

    @Test("a new database is 0600 in a 0700 folder")
    func fileModes() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("new/.xborder/x.db")
        try Ledger(path: path).recordSamples(1)
        func mode(_ path: String) throws -> Int {
            try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        }
        #expect(try mode(path) == 0o600)
        #expect(try mode(folder.path("new/.xborder")) == 0o700)
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            #expect(try mode(path + suffix) == 0o600)
        }
    }
}

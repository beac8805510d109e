import Foundation
import Testing
@testable import XBorderLedger

@Suite("audit chain verification")
struct AuditChainTests {
    @Test("an empty trail and an untouched trail verify")
    func intactChain() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        let empty = try ledger.verifyAudit()
        #expect(empty.isIntact)
        #expect(empty.checked == 0)
        let records = try ledger.recordSamples(5)
        let result = try ledger.verifyAudit()
        #expect(result.isIntact)
        #expect(result.checked == 5)
        #expect(result.lastSequence == 5)
        #expect(result.lastHash == records[4].hash)
    }

    @Test("audit records refuse update and delete")
    func appendOnly() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        try ledger.recordSamples(2)
        #expect(throws: (any Error).self) { try ledger.tamper("UPDATE audit SET outcome = 'exempt' WHERE sequence = 1") }
        #expect(throws: (any Error).self) { try ledger.tamper("DELETE FROM audit WHERE sequence = 2") }
        #expect(try ledger.verifyAudit().isIntact)
    }

    @Test("editing one byte of one record names that record")
    func oneByteTampered() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        try ledger.recordSamples(4)
        try ledger.tamper("""
            DROP TRIGGER audit_no_update;
            UPDATE audit SET record = replace(record, '"toolVersion":"0.1.0-test"', '"toolVersion":"0.1.1-test"')
            WHERE sequence = 3;
            """)
        let result = try ledger.verifyAudit()
        #expect(result.problem?.sequence == 3)
        #expect(result.problem?.kind == .altered)
        // Verification reads on past a break, so every record is read and only record 3 is blamed.
        #expect(result.checked == 4)
        #expect(result.problems.count == 1)
        #expect(result.description.contains("record 3 altered"))
    }

    @Test("editing one figure, breaking the json, or adding whitespace is named", arguments: [
        (#""total":1000"#, #""total":1001"#, AuditVerification.ProblemKind.altered),
        (#""counters":{"#, #""counters":["#, AuditVerification.ProblemKind.unreadable),
        (#""counters":{"#, #""counters": {"#, AuditVerification.ProblemKind.altered),
    ])
    func otherEdits(from: String, to: String, kind: AuditVerification.ProblemKind) throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        try ledger.recordSamples(3)
        try ledger.tamper("""
            DROP TRIGGER audit_no_update;
            UPDATE audit SET record = replace(record, '\(from)', '\(to)') WHERE sequence = 2;
            """)
        let problem = try ledger.verifyAudit().problem
        #expect(problem?.sequence == 2)
        #expect(problem?.kind == kind)
        if kind == .unreadable {
            #expect(throws: LedgerError.self) { try ledger.auditRecords() }
        }
    }

    @Test("a searchable column edited apart from its record is named")
    func columnTampered() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        try ledger.recordSamples(3)
        try ledger.tamper("DROP TRIGGER audit_no_update; UPDATE audit SET exporter = 'someone else' WHERE sequence = 2;")
        let problem = try ledger.verifyAudit().problem
        #expect(problem?.sequence == 2)
        #expect(problem?.kind == .altered)
        #expect(problem?.reason.contains("exporter") == true)
    }

    @Test("deleting a row names the missing record")
    func rowDeleted() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        try ledger.recordSamples(4)
        try ledger.tamper("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE sequence = 2;")
        let problem = try ledger.verifyAudit().problem
        #expect(problem?.sequence == 2)
        #expect(problem?.kind == .removed)
    }

    @Test("deleting the last row is noticed too")
    func lastRowDeleted() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        try ledger.recordSamples(3)
        try ledger.tamper("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE sequence = 3;")
        let result = try ledger.verifyAudit()
        #expect(result.problem?.sequence == 3)
        #expect(result.problem?.kind == .removed)
        // A later record does not paper over the gap.
        try ledger.recordSamples(1)
        #expect(try ledger.verifyAudit().problem?.sequence == 3)
    }

    @Test("swapping two records names the first position out of order")
    func reordered() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        try ledger.recordSamples(4)
        try ledger.tamper("""
            DROP TRIGGER audit_no_update;
            UPDATE audit SET sequence = -2 WHERE sequence = 2;
            UPDATE audit SET sequence = 2 WHERE sequence = 3;
            UPDATE audit SET sequence = 3 WHERE sequence = -2;
            """)
        let problem = try ledger.verifyAudit().problem
        #expect(problem?.sequence == 2)
        #expect(problem?.kind == .reordered)
    }

    @Test("a forged record put in the middle is named")
    func inserted() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        let records = try ledger.recordSamples(4)
        // Someone with this tool's code forges a record 3 that links to record 2 and shifts the
        // rest up by one to make room.
        var forged = records[2]
        forged.outcome = "exempt-forged"
        forged.hash = try forged.computedHash()
        try ledger.tamper("""
            DROP TRIGGER audit_no_update;
            UPDATE audit SET sequence = sequence + 10 WHERE sequence >= 3;
            UPDATE audit SET sequence = sequence - 9 WHERE sequence >= 13;
            INSERT INTO audit (sequence, decision_id, recorded_at, kind, flow_id, exporter, rules_date, outcome,
                               previous_hash, hash, record)
            VALUES (3, '\(forged.decisionID)', '\(forged.recordedAt)', 'decision', CAST('\(forged.flowID)' AS BLOB),
                    CAST('\(forged.exporter)' AS BLOB), '\(forged.rulesDate)', CAST('\(forged.outcome)' AS BLOB),
                    '\(forged.previousHash)', '\(forged.hash)',
                    '\(try forged.canonicalJSON().replacingOccurrences(of: "'", with: "''"))');
            """)
        let problem = try ledger.verifyAudit().problem
        #expect(problem?.sequence == 3)
        #expect(problem?.kind == .inserted)
    }

    @Test("a record replaced by a self-consistent forgery breaks the next link")
    func replacedWithForgery() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        let records = try ledger.recordSamples(3)
        var forged = records[1]
        forged.counters["personal"]?.total = 1
        forged.hash = try forged.computedHash()
        try ledger.tamper("""
            DROP TRIGGER audit_no_update;
            UPDATE audit SET hash = '\(forged.hash)', record = '\(try forged.canonicalJSON().replacingOccurrences(of: "'", with: "''"))'
            WHERE sequence = 2;
            """)
        let problem = try ledger.verifyAudit().problem
        #expect(problem?.sequence == 3)
        #expect(problem?.kind == .inserted)
        #expect(problem?.reason.contains("record 2") == true)
    }

    @Test("tampering with the sqlite3 shell is caught",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")))
    func sqliteShellTamper() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("x.db")
        try Ledger(path: path).recordSamples(3)
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        shell.arguments = [path, """
            DROP TRIGGER audit_no_update;
            UPDATE audit SET record = replace(record, '"rulesDate":"2025-03-01"', '"rulesDate":"2025-03-02"')
            WHERE sequence = 1;
            """]
        try shell.run()
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0)
        let problem = try Ledger(path: path).verifyAudit().problem
        #expect(problem?.sequence == 1)
        #expect(problem?.kind == .altered)
    }
}

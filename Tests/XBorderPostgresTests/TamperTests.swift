import Foundation
import Testing
@testable import XBorderLedger
@testable import XBorderPostgres

extension OnServer {
    /// Someone with superuser SQL can switch the append-only triggers off; verification still
    /// names every edit, as it does for the SQLite ledger.
    @Suite("tampering with the PostgreSQL store")
    struct TamperTests {
        /// Statements run with the user triggers off, as a superuser can.
        func untriggered(_ database: TestDatabase, _ statements: String...) async throws {
            try await TestServer.execute(["SET session_replication_role = replica"] + statements, in: database.name)
        }

        @Test("an empty trail and an untouched trail verify")
        func intactChain() async throws {
            try await withLedger { ledger, _ async throws in
                let empty = try await ledger.verifyAudit()
                #expect(empty.isIntact)
                #expect(empty.checked == 0)
                let records = try await ledger.recordSamples(5)
                let result = try await ledger.verifyAudit()
                #expect(result.isIntact)
                #expect(result.checked == 5)
                #expect(result.lastSequence == 5)
                #expect(result.lastHash == records[4].hash)
            }
        }

        @Test("editing one byte of one record names that record")
        func oneByteTampered() async throws {
            try await withLedger { ledger, database async throws in
                try await ledger.recordSamples(4)
                try await untriggered(database, """
                    UPDATE audit SET record = replace(record, '"toolVersion":"0.1.0-test"', '"toolVersion":"0.1.1-test"')
                    WHERE sequence = 3
                    """)
                let result = try await ledger.verifyAudit()
                #expect(result.problem?.sequence == 3)
                #expect(result.problem?.kind == .altered)
                #expect(result.checked == 4)
                #expect(result.problems.count == 1)
            }
        }

        @Test("a searchable column edited apart from its record is named")
        func columnTampered() async throws {
            try await withLedger { ledger, database async throws in
                try await ledger.recordSamples(3)
                try await untriggered(database, "UPDATE audit SET exporter = 'someone else'::bytea WHERE sequence = 2")
                let problem = try await ledger.verifyAudit().problem
                #expect(problem?.sequence == 2)
                #expect(problem?.kind == .altered)
                #expect(problem?.reason.contains("exporter") == true)
            }
        }

        @Test("deleting a row in the middle names the missing record")
        func rowDeleted() async throws {
            try await withLedger { ledger, database async throws in
                try await ledger.recordSamples(4)
                try await untriggered(database, "DELETE FROM audit WHERE sequence = 2")
                let problem = try await ledger.verifyAudit().problem
                #expect(problem?.sequence == 2)
                #expect(problem?.kind == .removed)
            }
        }

        @Test("removing the tail is noticed, and a later record does not paper over it")
        func tailRemoved() async throws {
            try await withLedger { ledger, database async throws in
                try await ledger.recordSamples(3)
                try await untriggered(database, "DELETE FROM audit WHERE sequence >= 2")
                let result = try await ledger.verifyAudit()
                #expect(result.problem?.sequence == 2)
                #expect(result.problem?.kind == .removed)
                let next = Sample.entry("f9")
                let stored = try await ledger.record(next, audit: Sample.audit(for: next))
                #expect(stored.sequence == 4)
                #expect(try await ledger.verifyAudit().problem?.sequence == 2)
            }
        }

        @Test("a signed head the chain no longer holds is named")
        func checkpointAfterTailRemoved() async throws {
            try await withLedger { ledger, database async throws in
                let records = try await ledger.recordSamples(3)
                let checkpoint = AuditCheckpoint(
                    format: AuditCheckpoint.format, sequence: 3, hash: records[2].hash, time: "2025-06-10T08:00:00Z",
                    publicKey: "", signature: "")
                #expect(try await ledger.verifyAudit(checkpoint: checkpoint).isIntact)
                // Cut the tail and the issued counter with it: only the checkpoint can tell.
                try await untriggered(
                    database, "DELETE FROM audit WHERE sequence = 3", "UPDATE audit_issued SET sequence = 2")
                let problems = try await ledger.verifyAudit(checkpoint: checkpoint).problems
                #expect(problems.contains { $0.kind == .checkpoint })
            }
        }

        @Test("a ledger row edited, removed or put in by hand is named")
        func editedLedgerRows() async throws {
            try await withLedger { ledger, database async throws in
                for (id, persons) in [("big", 150_000), ("small", 10), ("gone", 20)] {
                    let entry = Sample.entry(id, personal: persons)
                    _ = try await ledger.record(entry, audit: Sample.audit(for: entry))
                }
                #expect(try await ledger.verifyAudit().isIntact)
                let exporter = Sample.exporter
                try await database.tamper(
                    "UPDATE transfer_count SET persons = 1 WHERE flow_id = 'big'::bytea",
                    "DELETE FROM transfer WHERE flow_id = 'gone'::bytea",
                    """
                    INSERT INTO transfer VALUES ('forged'::bytea, '\(exporter)'::bytea, '2025-02-01', TRUE,
                                                 'exempt'::bytea, 'decision', 'now', 'now')
                    """,
                    "INSERT INTO transfer_count VALUES ('forged'::bytea, 'personal'::bytea, 7)")
                let problems = try await ledger.verifyAudit().problems
                #expect(problems.allSatisfy { $0.kind == .ledger })
                let reasons = problems.map(\.reason)
                #expect(reasons.contains { $0.contains("'big' disagrees") && $0.contains("personal 1, the chain says 150000") })
                #expect(reasons.contains { $0.contains("'gone'") && $0.contains("missing from the ledger") })
                #expect(reasons.contains { $0.contains("'forged'") && $0.contains("in no audit record") })
            }
        }

        @Test("swapping two records names them out of order")
        func reordered() async throws {
            try await withLedger { ledger, database async throws in
                try await ledger.recordSamples(8)
                try await untriggered(
                    database,
                    "UPDATE audit SET sequence = -6 WHERE sequence = 6",
                    "UPDATE audit SET sequence = 6 WHERE sequence = 7",
                    "UPDATE audit SET sequence = 7 WHERE sequence = -6")
                let chain = try await ledger.verifyAudit().problems.filter { $0.kind != .ledger }
                    .map { "\($0.sequence) \($0.kind.rawValue)" }
                #expect(chain == ["6 reordered", "7 reordered"])
            }
        }
    }
}

import Dispatch
import Foundation
import GRDB
import Testing
@testable import XBorderLedger

/// Collects failures from worker threads.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []

    func add(_ message: String) {
        lock.lock()
        messages.append(message)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return messages
    }
}

@Suite("concurrent recording and crash safety")
struct ConcurrencyTests {
    let year = CountingWindow(start: "2025-01-01", end: "2025-12-31")

    @Test("several ledgers (separate connections) recording at once lose nothing")
    func concurrentRecorders() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("shared/x.db")
        let workers = 4
        let perWorker = 25
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            do {
                let ledger = try Ledger(path: path)
                for index in 0..<perWorker {
                    let entry = Sample.entry("w\(worker)-\(index)", personal: 1)
                    try ledger.record(entry, audit: Sample.audit(for: entry))
                    // Re-recording concurrently must not double count either.
                    if index % 5 == 0 {
                        try ledger.record(entry, audit: Sample.audit(for: entry))
                    }
                }
            } catch {
                failures.add("worker \(worker): \(error)")
            }
        }
        #expect(failures.all == [])
        let ledger = try Ledger(path: path)
        #expect(try ledger.prior(exporter: Sample.entry("x").exporter, window: year, excludingFlow: nil)
            == ["personal": workers * perWorker])
        let records = try ledger.auditRecords()
        #expect(records.count == workers * (perWorker + perWorker / 5))
        #expect(records.map(\.sequence) == Array(1...Int64(records.count)))
        let verification = try ledger.verifyAudit()
        #expect(verification.isIntact)
        #expect(verification.checked == records.count)
    }

    @Test("many ledgers opening the same new file at once all succeed")
    func concurrentFirstOpen() throws {
        let folder = try TemporaryFolder()
        let failures = Failures()
        for round in 0..<10 {
            let path = folder.path("round-\(round)/x.db")
            DispatchQueue.concurrentPerform(iterations: 6) { worker in
                do {
                    let ledger = try Ledger(path: path)
                    let entry = Sample.entry("r\(round)-w\(worker)")
                    try ledger.record(entry, audit: Sample.audit(for: entry))
                } catch {
                    failures.add("round \(round) worker \(worker): \(error)")
                }
            }
            #expect(try Ledger(path: path).verifyAudit().checked == 6)
        }
        #expect(failures.all == [])
    }

    @Test("another process holding the write lock makes recorders wait, not fail",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")))
    func otherProcessHoldsLock() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("x.db")
        let ledger = try Ledger(path: path)
        try ledger.recordSamples(1)
        // A second process takes the write lock for about a second while we record.
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        shell.arguments = ["-cmd", ".timeout 30000", path, """
            BEGIN IMMEDIATE;
            INSERT INTO transfer VALUES (CAST('other-process' AS BLOB), CAST('E' AS BLOB), '2025-01-01', 1,
                                         CAST('exempt' AS BLOB), 'decision', 'now', 'now');
            INSERT INTO transfer_count VALUES (CAST('other-process' AS BLOB), CAST('personal' AS BLOB), 5);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000)
            SELECT count(*) FROM n;
            COMMIT;
            """]
        shell.standardOutput = FileHandle.nullDevice
        try shell.run()
        Thread.sleep(forTimeInterval: 0.2)
        for index in 2...6 {
            let entry = Sample.entry("f\(index)")
            try ledger.record(entry, audit: Sample.audit(for: entry))
        }
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0)
        #expect(try ledger.prior(exporter: "E", window: year, excludingFlow: nil) == ["personal": 5])
        #expect(try ledger.verifyAudit().checked == 6)
    }

    @Test("a process killed mid-transaction leaves nothing half-written",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")))
    func killedWriter() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("x.db")
        try Ledger(path: path).recordSamples(3)
        // A writer that inserts transfers for a long time in one transaction, killed with -9.
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        shell.arguments = ["-cmd", ".timeout 30000", path, """
            BEGIN IMMEDIATE;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000000)
            INSERT INTO transfer SELECT CAST('killed-' || i AS BLOB), CAST('E' AS BLOB), '2025-01-01', 1,
                                        CAST('exempt' AS BLOB), 'decision', 'now', 'now' FROM n;
            COMMIT;
            """]
        try shell.run()
        Thread.sleep(forTimeInterval: 0.5)
        kill(shell.processIdentifier, SIGKILL)
        shell.waitUntilExit()
        #expect(shell.terminationReason == .uncaughtSignal)
        let ledger = try Ledger(path: path)
        let leftovers = try ledger.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM transfer WHERE exporter = CAST('E' AS BLOB)")
        }
        #expect(leftovers == 0)
        #expect(try ledger.verifyAudit().checked == 3)
        let entry = Sample.entry("after-crash")
        #expect(try ledger.record(entry, audit: Sample.audit(for: entry)).sequence == 4)
        #expect(try ledger.verifyAudit().isIntact)
    }
}

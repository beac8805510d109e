import Foundation
import Testing
@testable import XBorderLedger

@Suite("opening the ledger")
struct LedgerOpeningTests {
    @Test("a missing parent folder is created and the schema is migrated")
    func createsFolderAndMigrates() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("a/b/.xborder/xborder.db")
        let ledger = try Ledger(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        let applied = try ledger.pool.read { db in try LedgerSchema.migrator.appliedMigrations(db) }
        #expect(applied == ["v1-ledger-and-audit", "v2-bound-ledger"])
        let mode = try ledger.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        #expect(try ledger.volumes().isEmpty)
    }

    @Test("reopening keeps what was recorded")
    func reopenKeepsData() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("x.db")
        try Ledger(path: path).recordSamples(2)
        let reopened = try Ledger(path: path)
        #expect(try reopened.auditRecords().count == 2)
        #expect(try reopened.verifyAudit().isIntact)
    }

    @Test("a schema newer than this tool is refused and left untouched")
    func newerSchemaIsRefused() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("x.db")
        let ledger = try Ledger(path: path)
        try ledger.tamper("""
            INSERT INTO grdb_migrations (identifier) VALUES ('v2-from-the-future');
            CREATE TABLE future_table (x);
            """)
        #expect(throws: LedgerError.newerSchema(path: path, unknownMigrations: ["v2-from-the-future"])) {
            try Ledger(path: path)
        }
        let error = LedgerError.newerSchema(path: path, unknownMigrations: ["v2-from-the-future"])
        #expect(error.description.contains("newer xborder"))
        let identifiers = try ledger.pool.read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
        }
        #expect(identifiers == ["v1-ledger-and-audit", "v2-bound-ledger", "v2-from-the-future"])
    }

    @Test("a file that is not a database is refused and left untouched")
    func notADatabase() throws {
        let folder = try TemporaryFolder()
        let text = String(repeating: "flow_id,exporter,date\nthis is not sqlite\n", count: 50)
        let path = try folder.write("notes.db", text)
        #expect(throws: LedgerError.notADatabase(path: path)) {
            try Ledger(path: path)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
        #expect(LedgerError.notADatabase(path: path).description == "\(path) is not an xborder database (not an sqlite file, or its header is damaged)")
    }

    @Test("an sqlite database that belongs to something else is refused")
    func foreignDatabase() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("other.db")
        do {
            let other = try Ledger(path: folder.path("scratch.db"))
            try other.tamper("ATTACH DATABASE '\(path)' AS other; CREATE TABLE other.customers (id); DETACH DATABASE other;")
        }
        #expect(throws: LedgerError.notALedger(path: path)) {
            try Ledger(path: path)
        }
    }

    @Test("a folder in place of the file is a clear error")
    func folderInsteadOfFile() throws {
        let folder = try TemporaryFolder()
        #expect(throws: LedgerError.self) {
            try Ledger(path: folder.url.path)
        }
    }

    @Test("error messages are one lowercase line")
    func errorMessages() {
        let errors: [LedgerError] = [
            .notADatabase(path: "x.db"), .corrupt(path: "x.db", detail: "bad page"), .locked(path: "x.db"),
            .newerSchema(path: "x.db", unknownMigrations: ["v2"]), .notALedger(path: "x.db"),
            .cannotOpen(path: "x.db", reason: "denied"), .invalidDate("2025-02-30", field: "date"),
            .invalidWindow(start: "2025-02-01", end: "2025-01-01"), .invalidEntry("bad"),
            .invalidAudit("bad"), .malformedImport(path: "t.csv", line: 3, reason: "bad"),
            .cannotRead(path: "t.csv", reason: "missing"), .unreadableAuditRecord(sequence: 3, reason: "bad"),
            .database(path: "x.db", message: "boom"), .diskFull(path: "x.db"), .olderSchema(path: "x.db"),
            .overflow("too big"), .keyFile(path: "k", reason: "bad"), .checkpoint(path: "c", reason: "bad"),
        ]
        for error in errors {
            let text = error.description
            #expect(!text.contains("\n"))
            #expect(text.first.map { !$0.isUppercase } ?? false)
            #expect(!text.contains("LedgerError"))
        }
        #expect(LedgerError.malformedImport(path: "t.csv", line: 3, reason: "bad").description.hasPrefix("t.csv:3: "))
    }
}

import Foundation
import Testing
@testable import XBorderLedger

@Suite("opening a store by its location")
struct LedgerStoreTests {
    let year = CountingWindow(start: "2025-01-01", end: "2025-12-31")

    @Test("a path opens the SQLite ledger, read-only when asked; a read-only store refuses writes")
    func paths() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("x.db")
        let store = try await LedgerStores.open(path)
        #expect(store is Ledger)
        #expect(store.location == path)
        let entry = Sample.entry("f1")
        try await store.record(entry, audit: Sample.audit(for: entry))
        let reader = try await LedgerStores.open(path, readOnly: true)
        #expect(reader.isReadOnly)
        #expect(try await reader.volumes(exporter: nil, year: nil).first?.countedPersons == 1_000)
        let other = Sample.entry("f2")
        await #expect(throws: (any Error).self) { try await reader.record(other, audit: Sample.audit(for: other)) }
        #expect(try await reader.verifyAudit(checkpoint: nil).isIntact)
    }

    @Test("a server URL with no client in this program is refused, its password not shown")
    func unregistered() async throws {
        let url = "postgresql://desk:s3cret@db.example:5432/xborder"
        #expect(LedgerStores.isURL(url))
        #expect(LedgerStores.isURL("POSTGRES://h/db"))
        #expect(!LedgerStores.isURL("ledgers/postgres.db"))
        #expect(!LedgerStores.isURL("sqlite://x.db"))
        #expect(LedgerStores.redacted(url) == "postgresql://desk:***@db.example:5432/xborder")
        #expect(LedgerStores.redacted("postgres://h/db") == "postgres://h/db")
        do {
            _ = try await LedgerStores.open(url)
            Issue.record("opened a URL with no registered client")
        } catch let error as LedgerError {
            #expect(!"\(error)".contains("s3cret"))
            #expect("\(error)".contains("xborder-serve"))
        }
    }

    @Test("through the protocol, deciding inside the write transaction sees the prior and returns its extra")
    func decideThroughProtocol() async throws {
        let folder = try TemporaryFolder()
        let store: any LedgerStore = try Ledger(path: folder.path("x.db"))
        for index in 1...2 {
            let entry = Sample.entry("f\(index)")
            try await store.record(entry, audit: Sample.audit(for: entry))
        }
        let (stored, seen) = try await store.record(exporter: "91310000MA1FL0000X", window: year, excludingFlow: "f9") { prior in
            let entry = Sample.entry("f9", personal: 10)
            return (entry, Sample.audit(for: entry, prior: prior), prior)
        }
        #expect(seen == ["personal": 2_000])
        #expect(stored.counters["personal"]?.total == 2_010)
        #expect(stored.sequence == 3)
    }

    @Test("sealing chains after the highest sequence issued and refuses a record without its keys")
    func sealing() throws {
        let entry = Sample.entry("f1")
        let sealed = try Sample.audit(for: entry).sealed(afterSequence: 7, previousHash: AuditRecord.genesisHash, now: "2025-06-10T08:00:00Z")
        #expect(sealed.sequence == 8)
        #expect(sealed.recordedAt == "2025-06-10T08:00:00Z")
        #expect(!sealed.decisionID.isEmpty)
        #expect(sealed.hash == (try sealed.computedHash()))
        var nameless = Sample.audit(for: entry)
        nameless.exporter = ""
        #expect(throws: LedgerError.self) { try nameless.sealed(afterSequence: 0, previousHash: AuditRecord.genesisHash, now: "t") }
        #expect(throws: LedgerError.self) { try Sample.audit(for: entry).sealed(afterSequence: .max, previousHash: "", now: "t") }
        #expect(entry.change(from: nil) == .recorded)
        #expect(entry.change(from: entry) == .unchanged)
        #expect(Sample.entry("f1", personal: 5).change(from: entry) == .updated)
        #expect(throws: LedgerError.self) {
            try Sample.entry("f1", personal: 5).checkImport(over: entry, origin: "decision", path: "x.csv", line: 2)
        }
        try Sample.entry("f1", personal: 5).checkImport(over: entry, origin: "import", path: "x.csv", line: 2)
    }
}

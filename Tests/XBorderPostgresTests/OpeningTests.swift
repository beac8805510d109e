import Foundation
import Testing
@testable import XBorderLedger
@testable import XBorderPostgres

extension OnServer {
    @Suite("opening the PostgreSQL store")
    struct OpeningTests {
        /// Opening must fail with `reason` in a `cannotOpen` naming the URL without its password.
        func expectCannotOpen(_ url: String, reason: String) async throws {
            do {
                let ledger = try await PostgresLedger.open(url)
                await ledger.close()
                Issue.record("opening \(PostgresURL.redacted(url)) should have failed")
            } catch let error as LedgerError {
                guard case let .cannotOpen(path, message) = error else {
                    Issue.record("unexpected error \(error)")
                    return
                }
                #expect(message.contains(reason), "\(message)")
                #expect(path == PostgresURL.redacted(url))
                let password = try PostgresURL(url).password ?? "\u{0}"
                #expect(!error.description.contains(":\(password)@"))
            }
        }

        @Test("a new database gets its tables; reopening keeps its secret")
        func createsAndReopens() async throws {
            try await withDatabase { database async throws in
                let first = try await database.open()
                let pseudonym = first.pseudonym("T-1")
                try await first.recordSamples(2)
                await first.close()
                let again = try await database.open()
                #expect(again.pseudonym("T-1") == pseudonym)
                #expect(try await again.auditRecords().count == 2)
                #expect(again.location.contains(":***@"))
                if let password = try TestServer.base().password { #expect(!again.location.contains(":\(password)@")) }
                await again.close()
                let migrations = try await database.scalar("SELECT string_agg(name, ',') FROM xborder_migrations", as: String.self)
                #expect(migrations == PostgresSchema.migrations.map(\.name).joined(separator: ","))
            }
        }

        @Test("a server that refuses the connection is a clear error")
        func connectionRefused() async throws {
            let base = try TestServer.base()
            // Nothing listens on port 1.
            var url = try base.with(database: base.database).text
            url = url.replacingOccurrences(of: ":\(base.port)/", with: ":1/")
            try await expectCannotOpen(url, reason: "refused the connection")
        }

        @Test("a wrong password is a clear error")
        func wrongPassword() async throws {
            let base = try TestServer.base()
            let url = base.text.replacingOccurrences(of: ":\(base.password ?? "")@", with: ":wrong-password@")
            try await expectCannotOpen(url, reason: "user '\(base.username)'")
        }

        @Test("a missing database is a clear error")
        func missingDatabase() async throws {
            let url = try TestServer.base().with(database: "xborder_no_such_database").text
            try await expectCannotOpen(url, reason: "database 'xborder_no_such_database' does not exist")
        }

        @Test("a database migrated by a newer tool is refused, and left as it is")
        func newerSchema() async throws {
            try await withDatabase { database async throws in
                let ledger = try await database.open()
                await ledger.close()
                try await database.tamper("INSERT INTO xborder_migrations (name) VALUES ('pg-v9-from-the-future')")
                for readOnly in [false, true] {
                    await #expect(throws: LedgerError.newerSchema(
                        path: PostgresURL.redacted(database.url), unknownMigrations: ["pg-v9-from-the-future"])
                    ) {
                        let store = try await database.open(readOnly: readOnly)
                        await store.close()
                    }
                }
            }
        }

        @Test("tables of another program under the ledger's names are refused, and left as they are")
        func foreignTables() async throws {
            try await withDatabase { database async throws in
                try await database.tamper("CREATE TABLE audit (id INTEGER)")
                try await expectCannotOpen(database.url, reason: "no xborder created")
                #expect(try await database.scalar("SELECT to_regclass('xborder_migrations') IS NULL", as: Bool.self) == true)
            }
        }

        @Test("a read-only store reads and never writes; an empty database is no ledger to read")
        func readOnly() async throws {
            try await withDatabase { database async throws in
                await #expect(throws: LedgerError.self) { _ = try await database.open(readOnly: true) }
                #expect(try await database.scalar("SELECT to_regclass('xborder_migrations') IS NULL", as: Bool.self) == true)
                let writer = try await database.open()
                try await writer.recordSamples(2)
                await writer.close()
                let reader = try await database.open(readOnly: true)
                #expect(reader.isReadOnly)
                #expect(try await reader.auditRecords().count == 2)
                #expect(try await reader.verifyAudit().isIntact)
                #expect(try await reader.yearPrior() == ["personal": 2_000])
                let entry = Sample.entry("f3")
                await #expect(throws: LedgerError.cannotOpen(path: reader.location, reason: "it was opened for reading only")) {
                    _ = try await reader.record(entry, audit: Sample.audit(for: entry))
                }
                await reader.close()
            }
        }

        @Test("servers opening the same new database at once create it once")
        func concurrentOpening() async throws {
            try await withDatabase { database async throws in
                let secrets = try await withThrowingTaskGroup(of: String.self) { group in
                    for _ in 0..<6 {
                        group.addTask {
                            let ledger = try await database.open()
                            let pseudonym = ledger.pseudonym("x")
                            await ledger.close()
                            return pseudonym
                        }
                    }
                    var all: Set<String> = []
                    for try await secret in group { all.insert(secret) }
                    return all
                }
                #expect(secrets.count == 1)
            }
        }

        /// `register()` itself is exercised by the process tests through xborder-serve: registering
        /// here would change what `LedgerStores.open` does for every other suite in this process.
        @Test("the opener LedgerStores would call opens the store by its URL")
        func opener() async throws {
            try await withDatabase { database async throws in
                let opener: LedgerStores.Opener = { location, readOnly in
                    try await PostgresLedger.open(location, readOnly: readOnly)
                }
                let store = try await opener(database.url, false)
                #expect(store is PostgresLedger)
                #expect(store.location == LedgerStores.redacted(database.url))
                #expect(!store.isReadOnly)
                await store.close()
            }
        }
    }

    /// A server that stops taking connections after the store was opened: postgres-nio's pool
    /// would wait for one without end; the store gives up with a clear error.
    @Suite("a server gone after opening")
    struct ServerGoneTests {
        @Test("an operation with no connection to be had fails after the wait, naming the server", .timeLimit(.minutes(2)))
        func noConnection() async throws {
            try await withDatabase { database async throws in
                let ledger = try await database.open()
                try await ledger.recordSamples(1)
                // Refuse every new connection (superusers too), then end the pool's.
                try await TestServer.execute(
                    [
                        "ALTER DATABASE \(database.name) ALLOW_CONNECTIONS false",
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(database.name)'",
                    ],
                    in: try TestServer.base().database)
                do {
                    _ = try await ledger.head()
                    Issue.record("head() should have failed")
                } catch let error as LedgerError {
                    #expect(error.isEnvironmental)
                    #expect(error.description.contains(ledger.location), "\(error)")
                }
                await ledger.close()
            }
        }
    }
}

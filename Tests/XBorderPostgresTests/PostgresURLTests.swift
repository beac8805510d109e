import Foundation
import Testing
@testable import XBorderLedger
@testable import XBorderPostgres

/// Reading `--db postgres://…` needs no server.
@Suite("postgres:// locations")
struct PostgresURLTests {
    @Test("a full URL is read, and its location hides the password")
    func fullURL() throws {
        let url = try PostgresURL("postgres://desk:s3cret@db.example:6543/ledger?sslmode=require")
        #expect(url.host == "db.example")
        #expect(url.port == 6543)
        #expect(url.username == "desk")
        #expect(url.password == "s3cret")
        #expect(url.database == "ledger")
        #expect(url.sslMode == .require)
        #expect(url.location == "postgres://desk:***@db.example:6543/ledger?sslmode=require")
        #expect(!url.location.contains("s3cret"))
    }

    @Test("defaults: port 5432, sslmode prefer; postgresql:// is the same")
    func defaults() throws {
        let url = try PostgresURL("postgresql://desk@localhost/ledger")
        #expect(url.port == 5432)
        #expect(url.sslMode == .prefer)
        #expect(url.password == nil)
        #expect(url.location == "postgresql://desk@localhost/ledger")
    }

    @Test("a password given as a parameter, or percent-encoded, is hidden too")
    func passwordParameter() throws {
        let url = try PostgresURL("postgres://desk@h/db?password=p%40ss")
        #expect(url.password == "p@ss")
        #expect(!url.location.contains("p%40ss"))
        #expect(!url.location.contains("p@ss"))
        let encoded = try PostgresURL("postgres://desk:p%2Fw%40rd@h/db")
        #expect(encoded.password == "p/w@rd")
        #expect(encoded.location == "postgres://desk:***@h/db")
    }

    @Test("a socket folder as host= connects through the Unix socket")
    func socketFolder() throws {
        let url = try PostgresURL("postgres://desk:pw@/ledger?host=/run/postgresql&port=5433")
        #expect(url.socketFolder == "/run/postgresql")
        #expect(url.port == 5433)
        let configuration = try url.clientConfiguration(readOnly: false)
        #expect(configuration.unixSocketPath == "/run/postgresql/.s.PGSQL.5433")
    }

    @Test("malformed URLs are clear errors that never show the password", arguments: [
        ("postgres://:pw@h/db", "names no user"),
        ("postgres://u:pw@h/", "names no database"),
        ("postgres://u:pw@h:0/db", "port 0"),
        ("postgres://u:pw@h/db?sslmode=maybe", "sslmode 'maybe'"),
        ("postgres://u:pw@h/db?search_path=x", "unknown parameter 'search_path'"),
        ("postgres://u:pw@h/db?sslmode=require&sslmode=disable", "given twice"),
        ("mysql://u:pw@h/db", "not a postgres://"),
        ("postgres://u:pw@h/db?connect_timeout=soon", "connect_timeout 'soon'"),
    ])
    func malformed(text: String, reason: String) {
        do {
            _ = try PostgresURL(text)
            Issue.record("\(text) should be refused")
        } catch {
            guard case let .cannotOpen(path, message) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(message.contains(reason), "\(message)")
            #expect(!path.contains("pw"))
            #expect(!error.description.contains(":pw@"))
        }
    }

    @Test("another database on the same server keeps the settings")
    func otherDatabase() throws {
        let url = try PostgresURL("postgres://u:pw@h:7000/one?sslmode=disable")
        let other = try url.with(database: "two")
        #expect(other.database == "two")
        #expect(other.port == 7000)
        #expect(other.password == "pw")
        #expect(other.sslMode == .disable)
    }

    @Test("connect_timeout and application_name are used")
    func options() throws {
        let url = try PostgresURL("postgres://u@h/db?connect_timeout=3&application_name=desk-7")
        let configuration = try url.clientConfiguration(readOnly: true)
        #expect(configuration.options.connectTimeout == .seconds(3))
        let parameters = configuration.options.additionalStartupParameters
        #expect(parameters.contains { $0 == ("application_name", "desk-7") })
        #expect(parameters.contains { $0 == ("default_transaction_read_only", "on") })
    }
}

/// Closing a store waits for its pool to end, but not for ever (the pool can keep trying to
/// connect to a server that went away).
@Suite("the bounded wait for a pool to end")
struct PoolEndTests {
    @Test("a task that ends is waited for")
    func ends() async {
        let task = Task<Void, Never> { try? await Task.sleep(for: .milliseconds(50)) }
        #expect(await PoolEnd.wait(for: task, seconds: 30))
    }

    @Test("a task that does not end is given up after the limit, and the wait returns")
    func givesUp() async {
        // Ignores cancellation, as a pool that is still connecting does.
        let gate = Gate()
        let task = Task<Void, Never> { await gate.wait() }
        // The answer, not its time: under a full run the timer's wake-up can wait its turn.
        #expect(await PoolEnd.wait(for: task, seconds: 1) == false)
        gate.open()
        await task.value
    }

    /// A wait that only `open()` ends.
    final class Gate: @unchecked Sendable {
        private let lock = NSLock()
        private var opened = false
        private var waiting: [CheckedContinuation<Void, Never>] = []

        func wait() async {
            await withCheckedContinuation { continuation in
                lock.lock()
                if opened {
                    lock.unlock()
                    continuation.resume()
                } else {
                    waiting.append(continuation)
                    lock.unlock()
                }
            }
        }

        func open() {
            lock.lock()
            opened = true
            let all = waiting
            waiting = []
            lock.unlock()
            for continuation in all { continuation.resume() }
        }
    }
}

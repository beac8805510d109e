import Foundation
import Logging
import PostgresNIO
import Testing
@testable import XBorderLedger
@testable import XBorderPostgres

/// The server the tests use: `XBORDER_TEST_POSTGRES`, else the URL `.ci/postgres.sh` wrote to
/// `.ci/postgres.url`. Without one the suites are skipped, unless `XBORDER_POSTGRES_TESTS=1`
/// (CI) says they must run: then every test fails, naming the script.
enum TestServer {
    static let url: String? = {
        let environment = ProcessInfo.processInfo.environment
        if let url = environment["XBORDER_TEST_POSTGRES"], !url.isEmpty { return url }
        let file = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".ci/postgres.url")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
        let url = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return url.isEmpty ? nil : url
    }()

    static let required = ProcessInfo.processInfo.environment["XBORDER_POSTGRES_TESTS"] == "1"

    /// Whether the suites run: with a server, or without one when they must (and then fail).
    static let enabled = url != nil || required

    /// A test that waits on the server for longer than this has hung: it fails and names itself,
    /// as far as it still answers cancellation. Not a speed check: the slowest test takes seconds.
    static let hangGuard = TimeLimitTrait.timeLimit(.minutes(5))

    static let missing = "no PostgreSQL server for the tests: run eval \"$(bash .ci/postgres.sh)\" "
        + "(or set XBORDER_TEST_POSTGRES to a postgres:// URL of a role that may create databases)"

    struct Missing: Error, CustomStringConvertible {
        var description: String { "XBORDER_POSTGRES_TESTS=1 but " + TestServer.missing }
    }

    static func base() throws -> PostgresURL {
        guard let url else { throw Missing() }
        return try PostgresURL(url)
    }

    static let logger = Logger(label: "xborder.postgres.tests")

    /// Runs SQL as the test role (a superuser) on `database`, as someone with `psql` could.
    static func execute(_ statements: [String], in database: String) async throws {
        let target = try base().with(database: database)
        let connection = try await PostgresConnection.connect(
            configuration: try target.connectionConfiguration(readOnly: false), id: 1, logger: logger)
        do {
            for statement in statements {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    /// A value of one row and column, read as the test role.
    static func scalar<T: PostgresDecodable & Sendable>(_ sql: String, as type: T.Type, in database: String) async throws -> T? {
        let target = try base().with(database: database)
        let connection = try await PostgresConnection.connect(
            configuration: try target.connectionConfiguration(readOnly: false), id: 1, logger: logger)
        var value: T?
        do {
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(T.self) {
                value = row
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
        return value
    }
}

/// Every suite that needs the server, run one test at a time.
///
/// Each store keeps a pool of up to 8 connections, and some tests start two servers or two
/// processes of their own. Run side by side, the suites had some fifteen pools and four
/// processes on one server at once, on a 2-core machine. One run of the whole suite then stopped
/// with about ten of them waiting and no connection open. One at a time, the number of
/// connections is bounded, a failure or a hang names a single test, and the tests that are about
/// concurrency make their own. The time limit fails a test that waits longer than five minutes,
/// and `.ci/watchdog.sh` stops a run that prints nothing for ten, with the thread backtraces.
@Suite("on a PostgreSQL server", .serialized, .enabled(if: TestServer.enabled, Comment(rawValue: TestServer.missing)), TestServer.hangGuard)
enum OnServer {}

/// A database of its own for one test, created empty and dropped afterwards, so that no test
/// sees another's rows and none leaves anything behind.
struct TestDatabase: Sendable {
    let name: String
    let url: String

    static func create() async throws -> TestDatabase {
        let base = try TestServer.base()
        let name = "xborder_t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await TestServer.execute(["CREATE DATABASE \(name)"], in: base.database)
        let url = try base.with(database: name)
        return TestDatabase(name: name, url: url.text)
    }

    func drop() async throws {
        try await TestServer.execute(["DROP DATABASE IF EXISTS \(name) WITH (FORCE)"], in: try TestServer.base().database)
    }

    /// Runs raw SQL on this database as a superuser, to simulate tampering.
    func tamper(_ statements: String...) async throws {
        try await TestServer.execute(statements, in: name)
    }

    func scalar<T: PostgresDecodable & Sendable>(_ sql: String, as type: T.Type) async throws -> T? {
        try await TestServer.scalar(sql, as: type, in: name)
    }

    func open(readOnly: Bool = false) async throws -> PostgresLedger {
        try await PostgresLedger.open(url, readOnly: readOnly)
    }
}

/// Runs `body` with a fresh database, dropped afterwards whatever happens.
func withDatabase<T>(_ body: (TestDatabase) async throws -> T) async throws -> T {
    let database = try await TestDatabase.create()
    do {
        let value = try await body(database)
        try await database.drop()
        return value
    } catch {
        try? await database.drop()
        throw error
    }
}

/// Runs `body` with a store opened on a fresh database, closed and dropped afterwards.
func withLedger<T>(_ body: (PostgresLedger, TestDatabase) async throws -> T) async throws -> T {
    try await withDatabase { database in
        let ledger = try await database.open()
        do {
            let value = try await body(ledger, database)
            await ledger.close()
            return value
        } catch {
            await ledger.close()
            throw error
        }
    }
}

/// A fresh folder per test, removed when the test ends.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("xborder-postgres-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}

enum Sample {
    static let exporter = "91310000MA1FL0000X"
    static let year = CountingWindow(start: "2025-01-01", end: "2025-12-31")

    static func entry(
        _ flowID: String, exporter: String = Sample.exporter, date: String = "2025-03-01",
        personal: Int = 1_000, sensitive: Int? = nil, counted: Bool = true, outcome: String = "exempt"
    ) -> LedgerEntry {
        var persons = ["personal": personal]
        if let sensitive { persons["sensitive"] = sensitive }
        return LedgerEntry(
            flowID: flowID, exporter: exporter, date: date, persons: persons, counted: counted, outcome: outcome)
    }

    static func audit(for entry: LedgerEntry, prior: [String: Int] = [:]) -> AuditRecord {
        var counters: [String: AuditRecord.CounterUse] = [:]
        for (counter, persons) in entry.persons {
            let before = prior[counter] ?? 0
            counters[counter] = .init(prior: before, flow: persons, total: before + persons, source: .ledger)
        }
        return AuditRecord(
            flowID: entry.flowID,
            flowDigest: "sha256:" + String(repeating: "a", count: 64),
            flow: #"{"id":"\#(entry.flowID)","note":"a/b \"quoted\" 数据"}"#,
            exporter: entry.exporter,
            policyDigest: "sha256:" + String(repeating: "b", count: 64),
            packs: [.init(id: "cn.provisions", version: "2024-03-22"), .init(id: "cn.pipl")],
            rulesDate: entry.date,
            outcome: entry.outcome,
            rules: [.init(id: "provisions.5.4", cite: "Provisions Art. 5(4)", outcome: entry.outcome)],
            obligations: [.init(id: "pia", cite: "PIPL Art. 55")],
            counters: counters,
            toolVersion: "0.1.0-test")
    }
}

extension PostgresLedger {
    /// Records `count` sample flows `f1…fN` and returns the stored records.
    @discardableResult
    func recordSamples(_ count: Int, exporter: String = Sample.exporter) async throws -> [AuditRecord] {
        var records: [AuditRecord] = []
        for index in 1...count {
            let entry = Sample.entry("f\(index)", exporter: exporter)
            records.append(try await record(entry, audit: Sample.audit(for: entry)))
        }
        return records
    }

    /// The prior of the sample exporter in 2025, unless told otherwise.
    func yearPrior(exporter: String = Sample.exporter, window: CountingWindow = Sample.year) async throws -> [String: Int] {
        try await prior(exporter: exporter, window: window, excludingFlow: nil)
    }
}

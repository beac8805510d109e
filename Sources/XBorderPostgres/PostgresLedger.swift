import Foundation
import Logging
import PostgresNIO
import XBorderLedger

/// The ledger of yearly volumes and the audit trail on a PostgreSQL server, so that several
/// desks or servers record into one ledger and one audit chain.
///
/// Every write is one transaction that first takes one fixed advisory lock: writers are
/// serialised on the chain head, so whatever the number of servers, each record is sealed
/// after the one before it and every prior volume read for a decision includes every
/// transfer recorded before. The transaction runs at READ COMMITTED on purpose: each
/// statement then sees everything committed before the lock was granted, whereas a
/// REPEATABLE READ snapshot would be taken with the lock statement, before the wait.
public struct PostgresLedger: LedgerStore {
    /// The URL without its password.
    public let location: String
    public let isReadOnly: Bool
    let url: PostgresURL
    let client: PostgresClient
    /// Runs the pool for the store's lifetime; ``close()`` cancels it.
    private let runner: Task<Void, Never>
    let secret: LedgerSecret
    let logger: Logger

    /// Times a write transaction is run again after the server rolled it back for a
    /// serialization failure or a deadlock.
    static let writeAttempts = 5
    /// Seconds to wait for the write lock or for a connection (a server that went away): as
    /// long as the SQLite ledger waits for another process.
    static let waitSeconds = 30

    /// Opens the store at a `postgres://` or `postgresql://` URL, creating or migrating its
    /// tables unless `readOnly`.
    ///
    /// One connection is made first, on its own: it reports at once a server that refuses
    /// the connection, a wrong password or a missing database, which the pool would retry
    /// without end, and it migrates and reads the secret. Only then is the pool started.
    public static func open(_ location: String, readOnly: Bool = false) async throws -> PostgresLedger {
        let url = try PostgresURL(location)
        let logger = Logger(label: "xborder.postgres")
        let secret: LedgerSecret
        do {
            let connection = try await PostgresConnection.connect(
                configuration: try url.connectionConfiguration(readOnly: readOnly), id: 0, logger: logger)
            do {
                if readOnly {
                    try await PostgresMigrator(url: url, logger: logger).check(connection)
                } else {
                    try await PostgresMigrator(url: url, logger: logger).migrate(connection)
                }
                secret = try await loadSecret(connection, url: url, logger: logger)
            } catch {
                try? await connection.close()
                throw error
            }
            try? await connection.close()
        } catch {
            throw PostgresFailure.ledgerError(error, location: url.location, database: url.database, user: url.username)
        }
        let client = PostgresClient(configuration: try url.clientConfiguration(readOnly: readOnly))
        let runner = Task { await client.run() }
        return PostgresLedger(
            location: url.location, isReadOnly: readOnly, url: url, client: client, runner: runner, secret: secret,
            logger: logger)
    }

    private init(
        location: String, isReadOnly: Bool, url: PostgresURL, client: PostgresClient, runner: Task<Void, Never>,
        secret: LedgerSecret, logger: Logger
    ) {
        self.location = location
        self.isReadOnly = isReadOnly
        self.url = url
        self.client = client
        self.runner = runner
        self.secret = secret
        self.logger = logger
    }

    /// Makes `LedgerStores.open` hand `postgres://` and `postgresql://` locations to this store.
    public static func register() {
        for scheme in PostgresURL.schemes.sorted() {
            LedgerStores.register(scheme: scheme) { location, readOnly in
                try await PostgresLedger.open(location, readOnly: readOnly)
            }
        }
    }

    /// Seconds ``close()`` waits for the pool to end.
    static let closeSeconds = 10

    /// Ends the pool; its connections are closed.
    ///
    /// The wait is bounded: postgres-nio's pool ends only once a connection it is making has
    /// connected or failed, and it keeps making them while the server refuses (vapor/postgres-nio
    /// issue 599), so a store whose server went away could otherwise hold `check` or `serve` at
    /// exit for as long as the server stays away. After ``closeSeconds`` the pool is left to end
    /// on its own and a warning says so; every transaction has ended by then, so nothing
    /// recorded is lost.
    public func close() async {
        runner.cancel()
        let ended = await PoolEnd.wait(for: runner, seconds: Self.closeSeconds)
        if !ended {
            logger.warning(
                "the connection pool did not end within \(Self.closeSeconds) seconds of closing; left to end on its own",
                metadata: ["location": .string(location)])
        }
    }

    private static func loadSecret(_ connection: PostgresConnection, url: PostgresURL, logger: Logger) async throws -> LedgerSecret {
        let rows = try await connection.query("SELECT value FROM meta WHERE name = 'secret'", logger: logger)
        var value: Data?
        for try await data in rows.decode(Data.self) { value = data }
        guard let value, value.count == 32 else {
            throw LedgerError.corrupt(path: url.location, detail: "its secret key is missing")
        }
        return LedgerSecret(data: value)
    }

    // MARK: - Keyed digests

    public func pseudonym(_ value: String) -> String {
        pseudonym(bytes: Data(value.utf8))
    }

    /// The pseudonym of stored bytes as they are, so that a row put in by hand with bytes that
    /// are not UTF-8 is still compared exactly.
    func pseudonym(bytes: Data) -> String {
        secret.keyed(bytes, purpose: .id)
    }

    public func flowDigest(ofCanonicalFlow json: String) -> String {
        secret.keyed(Data(json.utf8), purpose: .flow)
    }

    // MARK: - Transactions

    /// Runs `body` in one write transaction holding the write lock, again after a
    /// serialization failure or a deadlock (at most ``writeAttempts`` times in all).
    func write<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        guard !isReadOnly else {
            throw LedgerError.cannotOpen(path: location, reason: "it was opened for reading only")
        }
        var attempt = 1
        while true {
            do {
                return try await transaction("BEGIN ISOLATION LEVEL READ COMMITTED") { connection in
                    // The connection's lock_timeout (set on connecting) bounds the wait (55P03 → locked).
                    try await connection.query(
                        "SELECT pg_advisory_xact_lock(\(PostgresSchema.writeLock))", logger: logger)
                    return try await body(connection)
                }
            } catch {
                let state = PostgresFailure.sqlState(error) ?? ""
                guard PostgresFailure.retryable.contains(state), attempt < Self.writeAttempts else {
                    throw mapped(error)
                }
                attempt += 1
                try await Task.sleep(for: .milliseconds(5 * attempt))
            }
        }
    }

    /// Runs `body` in one read-only transaction whose statements all see one snapshot, so
    /// that a walk of the chain and the ledger compares states of the same moment.
    func read<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
        } catch {
            throw mapped(error)
        }
    }

    /// BEGIN, `body`, COMMIT on a pooled connection; ROLLBACK when `body` throws. A connection
    /// that cannot be had within ``waitSeconds`` (the server went away: the pool would wait
    /// for it without end) is an error.
    private func transaction<T: Sendable>(
        _ begin: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let leased = LeaseFlag()
        let logger = logger
        let client = client
        return try await withThrowingTaskGroup(of: Outcome<T>.self) { group in
            group.addTask {
                let value = try await client.withConnection { connection in
                    leased.set()
                    try await connection.query(PostgresQuery(unsafeSQL: begin), logger: logger)
                    do {
                        let value = try await body(connection)
                        try await connection.query("COMMIT", logger: logger)
                        return value
                    } catch {
                        // When ROLLBACK fails too the connection is gone, and the server rolls
                        // the transaction back on its own.
                        _ = try? await connection.query("ROLLBACK", logger: logger)
                        throw error
                    }
                }
                return .value(value)
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(Self.waitSeconds))
                return leased.isSet ? .waited : .timedOut
            }
            while let outcome = try await group.next() {
                switch outcome {
                case .value(let value):
                    group.cancelAll()
                    return value
                case .waited:
                    continue
                case .timedOut:
                    group.cancelAll()
                    throw LedgerError.cannotOpen(
                        path: location, reason: "no connection to the server within \(Self.waitSeconds) seconds")
                }
            }
            throw LedgerError.database(path: location, message: "the transaction ended without a result")
        }
    }

    private enum Outcome<T: Sendable>: Sendable {
        case value(T)
        case waited
        case timedOut
    }

    func mapped(_ error: any Error) -> any Error {
        PostgresFailure.ledgerError(error, location: location, database: url.database, user: url.username)
    }
}

/// Set once a transaction has its connection, so that the wait for one can be bounded without
/// bounding the transaction itself (a large import may take long).
private final class LeaseFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}

/// Waits for a pool's task to end, or for a time limit, whichever comes first, without waiting
/// for the other (a task group would wait for both).
enum PoolEnd {
    private final class Once: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<Bool, Never>?

        init(_ continuation: CheckedContinuation<Bool, Never>) {
            self.continuation = continuation
        }

        func resume(_ value: Bool) {
            lock.lock()
            let waiting = continuation
            continuation = nil
            lock.unlock()
            waiting?.resume(returning: value)
        }
    }

    /// True when `task` ended within `seconds`.
    static func wait(for task: Task<Void, Never>, seconds: Int) async -> Bool {
        await withCheckedContinuation { continuation in
            let once = Once(continuation)
            let timer = Task {
                try? await Task.sleep(for: .seconds(seconds))
                once.resume(false)
            }
            Task {
                await task.value
                timer.cancel()
                once.resume(true)
            }
        }
    }
}

import Foundation
import GRDB

/// The ledger of decided transfers and the audit trail of decisions, in one SQLite file.
///
/// The file is opened in WAL mode with a busy timeout, so several `xborder` processes can record
/// at once: each decision is one immediate transaction, later writers wait for earlier ones, and
/// nothing is lost. Because a decision's ledger row and its audit record are written in the same
/// transaction, a process killed mid-way leaves either both or neither.
///
/// The ledger only stores and sums figures. Which counters exist, how long a counting window
/// is and what total matters are decided by the policy, through the engine.
public struct Ledger: Sendable {
    /// The database file.
    public let path: String
    let pool: any DatabaseWriter
    /// Keys flow digests and pseudonyms (see ``LedgerSecret``).
    let secret: LedgerSecret
    /// True when opened with ``reading(path:busyTimeout:)``: every write fails.
    public let isReadOnly: Bool

    /// Seconds a writer waits for another process before giving up with ``LedgerError/locked(path:)``.
    public static let defaultBusyTimeout: TimeInterval = 30

    /// Opens (creating when missing, along with its folder) and migrates the ledger at `path`.
    ///
    /// A new database file is created readable and writable by its owner only (0600, and its
    /// WAL and shared-memory files, which SQLite creates with the database file's mode) and a
    /// folder created for it is 0700: the ledger names exporters and flows in clear.
    ///
    /// Refuses, without changing anything, a file that is not a database, an SQLite database
    /// that belongs to something else, a ledger migrated by a newer tool and one written by an
    /// older tool that holds records (``LedgerError/olderSchema(path:)``).
    public init(path: String, busyTimeout: TimeInterval = Ledger.defaultBusyTimeout) throws {
        self.path = path
        isReadOnly = false
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        var isFolder: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) {
            do {
                try FileManager.default.createDirectory(
                    at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw LedgerError.cannotOpen(path: path, reason: "cannot create folder \(folder.path)")
            }
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw LedgerError.cannotOpen(path: path, reason: "it is a folder")
        }
        try Self.createPrivately(path)

        // Opening a brand-new file from several processes at once can meet SQLite's immediate
        // "locked" answers (switching to WAL, the first migration) that no busy handler covers:
        // those are retried; every other error is final.
        var attempt = 0
        var opened: DatabasePool?
        while opened == nil {
            do {
                opened = try Self.openAndMigrate(path: path, busyTimeout: busyTimeout)
            } catch LedgerError.locked(let lockedPath) {
                attempt += 1
                if attempt >= 40 { throw LedgerError.locked(path: lockedPath) }
                Thread.sleep(forTimeInterval: 0.01 * Double(min(attempt, 10)))
            }
        }
        guard let opened else { throw LedgerError.locked(path: path) }
        pool = opened
        secret = try Self.access(path: path) { try Self.loadSecret(opened, path: path) }
    }

    /// ``access(_:)`` before a ledger exists.
    private static func access<T>(path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw ledgerError(error, path: path)
        }
    }

    /// Opens an existing ledger for reading only, never creating, migrating or writing
    /// anything, so that `audit verify`, `ledger show` and `audit export` work on a copy handed
    /// over read-only (a read-only file, folder or file system).
    ///
    /// SQLite needs the WAL's shared-memory file to read a WAL database; when the folder is
    /// read-only and no writer left one (no `-wal` file either), no writer can be at work
    /// there, and the file is opened as immutable.
    public static func reading(path: String, busyTimeout: TimeInterval = Ledger.defaultBusyTimeout) throws -> Ledger {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw LedgerError.cannotOpen(path: path, reason: "no such file")
        }
        if isFolder.boolValue { throw LedgerError.cannotOpen(path: path, reason: "it is a folder") }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "xborder-ledger-reader"
        func open(_ location: String) throws -> DatabaseQueue {
            let queue = try DatabaseQueue(path: location, configuration: configuration)
            try queue.read { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            return queue
        }
        let queue: DatabaseQueue
        do {
            do {
                queue = try open(path)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CANTOPEN || error.resultCode == .SQLITE_READONLY {
                guard !FileManager.default.fileExists(atPath: path + "-wal") else { throw error }
                queue = try open(immutableURI(path))
            }
            try queue.read { db in
                let migrator = LedgerSchema.migrator
                let applied = try migrator.appliedIdentifiers(db)
                let unknown = applied.subtracting(Set(migrator.migrations))
                if !unknown.isEmpty { throw LedgerError.newerSchema(path: path, unknownMigrations: unknown.sorted()) }
                if applied.isEmpty {
                    // A writer killed while creating the file leaves it with no tables, or only
                    // GRDB's bookkeeping one: nothing was recorded, which is not a foreign file.
                    let tables = try String.fetchAll(
                        db,
                        sql: """
                            SELECT name FROM sqlite_master
                            WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'
                            """)
                    if tables.isEmpty { throw LedgerError.cannotOpen(path: path, reason: "it holds no ledger yet: nothing was recorded in it") }
                    throw LedgerError.notALedger(path: path)
                }
                if !(try migrator.hasCompletedMigrations(db)) {
                    // A writer killed between two migrations (each runs in its own transaction)
                    // leaves an empty older layout, which the next writer upgrades: nothing was
                    // recorded in it. Only an older layout that holds records is refused.
                    if applied == [LedgerSchema.firstLayout],
                       try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM audit) + (SELECT count(*) FROM transfer)") == 0 {
                        throw LedgerError.cannotOpen(path: path, reason: "it holds no ledger yet: nothing was recorded in it")
                    }
                    throw LedgerError.olderSchema(path: path)
                }
            }
        } catch {
            throw ledgerError(error, path: path)
        }
        let secret = try access(path: path) { try loadSecret(queue, path: path) }
        return Ledger(path: path, pool: queue, secret: secret, isReadOnly: true)
    }

    private init(path: String, pool: any DatabaseWriter, secret: LedgerSecret, isReadOnly: Bool) {
        self.path = path
        self.pool = pool
        self.secret = secret
        self.isReadOnly = isReadOnly
    }

    /// `file:` URI of `path` with `immutable=1`, its reserved characters percent-encoded.
    private static func immutableURI(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let absolute = URL(fileURLWithPath: path).path
        return "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?immutable=1"
    }

    /// Creates the database file empty with mode 0600 when it does not exist yet. `O_EXCL`
    /// leaves a file another process has just created alone.
    private static func createPrivately(_ path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else { return }
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            // `Ledger.close()` is the store's; this is the file descriptor's.
            _ = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        } else if errno != EEXIST {
            let reason = errno == ENOSPC ? "the disk is full" : String(cString: strerror(errno))
            throw LedgerError.cannotOpen(path: path, reason: reason)
        }
    }

    private static func loadSecret(_ reader: any DatabaseReader, path: String) throws -> LedgerSecret {
        let data = try reader.read { db in
            try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE name = 'secret'")
        }
        guard let data, data.count == 32 else {
            throw LedgerError.corrupt(path: path, detail: "its secret key is missing")
        }
        return LedgerSecret(data: data)
    }

    private static func openAndMigrate(path: String, busyTimeout: TimeInterval) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "xborder-ledger"
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw Self.ledgerError(error, path: path)
        }

        let migrator = LedgerSchema.migrator
        do {
            let appliedBefore = try pool.read { db in
                let applied = try migrator.appliedIdentifiers(db)
                let known = Set(migrator.migrations)
                let unknown = applied.subtracting(known)
                if !unknown.isEmpty {
                    throw LedgerError.newerSchema(path: path, unknownMigrations: unknown.sorted())
                }
                if applied == [LedgerSchema.firstLayout] {
                    let rows = try Int.fetchOne(
                        db, sql: "SELECT (SELECT count(*) FROM audit) + (SELECT count(*) FROM transfer)") ?? 0
                    if rows > 0 { throw LedgerError.olderSchema(path: path) }
                }
                if applied.isEmpty {
                    // GRDB creates its bookkeeping table before the first migration's
                    // transaction, so another process opening the same new file may have left
                    // it empty: that alone does not make the file foreign.
                    let tables = try String.fetchAll(
                        db,
                        sql: """
                            SELECT name FROM sqlite_master
                            WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'
                            """)
                    if !tables.isEmpty {
                        throw LedgerError.notALedger(path: path)
                    }
                }
                return applied
            }
            do {
                try migrator.migrate(pool)
            } catch {
                // Two processes opening a new file at once both see it unmigrated; the loser's
                // CREATE TABLE fails. If the winner finished the job, that is success. If the
                // winner is still between two migrations (each is a transaction of its own), the
                // file is as good as locked: the caller opens it again and migrates what is left.
                let (done, appliedNow) = try pool.read { db in
                    (try migrator.hasCompletedMigrations(db), try migrator.appliedIdentifiers(db))
                }
                if !done {
                    let raced = !appliedNow.isSubset(of: appliedBefore) && (error as? DatabaseError)?.message?.contains("already exists") == true
                    throw raced ? LedgerError.locked(path: path) : error
                }
            }
        } catch {
            throw Self.ledgerError(error, path: path)
        }
        return pool
    }

    // MARK: - Keyed digests

    /// The keyed pseudonym of an identifier (flow id, exporter key, `subjects` label):
    /// `hmac-sha256:` + hex HMAC-SHA256 under the database's secret. The same value always
    /// gets the same pseudonym in one database, so masked records still group correctly.
    public func pseudonym(_ value: String) -> String {
        pseudonym(bytes: Data(value.utf8))
    }

    /// The pseudonym of stored bytes, as they are, so that even a row put in by hand with
    /// bytes that are not UTF-8 is compared exactly.
    func pseudonym(bytes: Data) -> String {
        secret.keyed(bytes, purpose: .id)
    }

    /// The keyed digest of a flow's canonical JSON, written to the audit record's `flowDigest`.
    public func flowDigest(ofCanonicalFlow json: String) -> String {
        secret.keyed(Data(json.utf8), purpose: .flow)
    }

    /// The chain's view of an entry: keyed keys and the figures.
    func transfer(of entry: LedgerEntry) -> AuditRecord.Transfer {
        AuditRecord.Transfer(
            key: pseudonym(entry.flowID), exporterKey: pseudonym(entry.exporter), date: entry.date,
            counted: entry.counted, persons: entry.persons)
    }

    // MARK: - Counting

    /// Persons per counter in the exporter's *counted* transfers dated inside `window`, leaving
    /// out `excludingFlow` so that re-checking a flow does not count it against itself.
    ///
    /// Counters with no counted persons in the window are absent from the result (read them as 0).
    /// Sums are checked: a total beyond ``CanonicalJSON/maximumInteger`` is
    /// ``LedgerError/overflow(_:)``, never a wrapped or rounded number.
    public func prior(exporter: String, window: CountingWindow, excludingFlow: String? = nil) throws -> [String: Int] {
        try window.validate()
        return try access {
            try pool.read { db in
                try Self.prior(exporter: exporter, window: window, excludingFlow: excludingFlow, in: db)
            }
        }
    }

    // MARK: - Recording

    /// Records one decision: upserts the entry by flow id and appends its audit record, in ONE
    /// transaction, so a crash leaves both or neither.
    ///
    /// Recording the same flow again never double counts: identical figures leave the ledger
    /// unchanged and changed figures replace the old ones. Every call still appends an audit
    /// record (each run of a check is a decision), whose `ledger` field says which happened and
    /// whose `transfer` carries the row as it now is. Returns the stored record with
    /// `sequence`, `previousHash`, `hash`, `transfer` (and, when empty, `decisionID` and
    /// `recordedAt`) filled in.
    @discardableResult
    public func record(_ entry: LedgerEntry, audit: AuditRecord) throws -> AuditRecord {
        try entry.validate()
        try check(audit, belongsTo: entry)
        let now = ISODay.nowTimestamp()
        return try access {
            try pool.write { db in try store(entry, audit: audit, origin: .decision, at: now, in: db) }
        }
    }

    /// Records a decision whose figures depend on the prior volume, reading that prior inside
    /// the same write transaction.
    ///
    /// With ``prior(exporter:window:excludingFlow:)`` followed by ``record(_:audit:)``, another
    /// process may record between the two calls, so the decision can rest on a stale prior.
    /// Here `decide` gets the prior while other writers wait, and its entry and audit record are
    /// stored before they may proceed.
    @discardableResult
    public func record(
        exporter: String,
        window: CountingWindow,
        excludingFlow: String?,
        decide: ([String: Int]) throws -> (entry: LedgerEntry, audit: AuditRecord)
    ) throws -> AuditRecord {
        try window.validate()
        let now = ISODay.nowTimestamp()
        return try access {
            try pool.write { db in
                let prior = try Self.prior(exporter: exporter, window: window, excludingFlow: excludingFlow, in: db)
                let (entry, audit) = try decide(prior)
                try entry.validate()
                guard entry.exporter == exporter else {
                    throw LedgerError.invalidAudit("the entry's exporter differs from the one whose prior was read")
                }
                try check(audit, belongsTo: entry)
                return try store(entry, audit: audit, origin: .decision, at: now, in: db)
            }
        }
    }

    /// Refuses an audit record that names another flow or exporter than its entry.
    private func check(_ audit: AuditRecord, belongsTo entry: LedgerEntry) throws(LedgerError) {
        try audit.check(belongsTo: entry, pseudonym: pseudonym)
    }

    /// Upserts the entry and appends its record with the resulting row. Must run inside a write
    /// transaction.
    private func store(
        _ entry: LedgerEntry, audit: AuditRecord, origin: Origin, at now: String, in db: Database
    ) throws -> AuditRecord {
        var stored = audit
        stored.ledger = try Self.upsert(entry, origin: origin, at: now, in: db)
        stored.transfer = transfer(of: entry)
        return try Self.append(stored, at: now, in: db)
    }

    /// Which kind of write last set a ledger row.
    enum Origin: String {
        case decision
        case `import`
    }

    static func prior(exporter: String, window: CountingWindow, excludingFlow: String?, in db: Database) throws -> [String: Int] {
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT c.counter AS counter, c.persons AS persons
                FROM transfer t JOIN transfer_count c ON c.flow_id = t.flow_id
                WHERE t.exporter = :exporter AND t.counted = 1
                  AND t.date >= :start AND t.date <= :end
                  AND (:flow IS NULL OR t.flow_id <> :flow)
                """,
            arguments: [
                "exporter": Data(exporter.utf8), "start": window.start, "end": window.end,
                "flow": excludingFlow.map { Data($0.utf8) },
            ])
        var sums: [String: Int] = [:]
        while let row = try rows.next() {
            let counter = Self.text(row["counter"])
            let persons: Int = row["persons"]
            sums[counter] = try Volume.add(sums[counter] ?? 0, persons, what: "prior of \(exporter) for \(counter)")
        }
        return sums.filter { $0.value > 0 }
    }

    /// Reads back a BLOB column written from a Swift string.
    static func text(_ value: Data?) -> String {
        String(decoding: value ?? Data(), as: UTF8.self)
    }

    /// The stored row of a flow, if any, with which kind of write set it.
    static func existing(_ flowID: String, in db: Database) throws -> (entry: LedgerEntry, origin: String)? {
        let key = Data(flowID.utf8)
        guard let row = try Row.fetchOne(
            db, sql: "SELECT exporter, date, counted, outcome, origin FROM transfer WHERE flow_id = ?", arguments: [key])
        else { return nil }
        let counts = try Row.fetchAll(
            db, sql: "SELECT counter, persons FROM transfer_count WHERE flow_id = ?", arguments: [key])
        var persons: [String: Int] = [:]
        for count in counts { persons[text(count["counter"])] = count["persons"] }
        let entry = LedgerEntry(
            flowID: flowID, exporter: text(row["exporter"]), date: row["date"], persons: persons,
            counted: row["counted"], outcome: text(row["outcome"]))
        return (entry, row["origin"])
    }

    /// Inserts or replaces one transfer; returns what changed. Must run inside a transaction.
    static func upsert(_ entry: LedgerEntry, origin: Origin, at now: String, in db: Database) throws -> LedgerChange {
        let key = Data(entry.flowID.utf8)
        let stored = try existing(entry.flowID, in: db)
        let change = entry.change(from: stored?.entry)
        if change == .unchanged { return .unchanged }
        if change == .updated {
            try db.execute(
                sql: """
                    UPDATE transfer SET exporter = ?, date = ?, counted = ?, outcome = ?, origin = ?, last_recorded_at = ?
                    WHERE flow_id = ?
                    """,
                arguments: [Data(entry.exporter.utf8), entry.date, entry.counted, Data(entry.outcome.utf8),
                            origin.rawValue, now, key])
            try db.execute(sql: "DELETE FROM transfer_count WHERE flow_id = ?", arguments: [key])
            try insertCounts(entry, in: db)
            return .updated
        }
        try db.execute(
            sql: """
                INSERT INTO transfer (flow_id, exporter, date, counted, outcome, origin, first_recorded_at, last_recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [key, Data(entry.exporter.utf8), entry.date, entry.counted, Data(entry.outcome.utf8),
                        origin.rawValue, now, now])
        try insertCounts(entry, in: db)
        return .recorded
    }

    private static func insertCounts(_ entry: LedgerEntry, in db: Database) throws {
        for (counter, persons) in entry.persons.sorted(by: { $0.key < $1.key }) {
            try db.execute(
                sql: "INSERT INTO transfer_count (flow_id, counter, persons) VALUES (?, ?, ?)",
                arguments: [Data(entry.flowID.utf8), Data(counter.utf8), persons])
        }
    }

    // MARK: - Errors

    /// Runs a database access, turning SQLite failures into ``LedgerError`` messages.
    func access<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw Self.ledgerError(error, path: path)
        }
    }

    static func ledgerError(_ error: any Error, path: String) -> any Error {
        if error is LedgerError { return error }
        guard let error = error as? DatabaseError else { return error }
        let message = error.message ?? "sqlite error \(error.extendedResultCode.rawValue)"
        switch error.resultCode {
        case .SQLITE_FULL:
            return LedgerError.diskFull(path: path)
        case .SQLITE_NOTADB:
            return LedgerError.notADatabase(path: path)
        case .SQLITE_CORRUPT:
            return LedgerError.corrupt(path: path, detail: message)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return LedgerError.locked(path: path)
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY:
            return LedgerError.cannotOpen(path: path, reason: message)
        default:
            return LedgerError.database(path: path, message: message)
        }
    }
}

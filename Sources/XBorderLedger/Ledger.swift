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
    let pool: DatabasePool

    /// Seconds a writer waits for another process before giving up with ``LedgerError/locked(path:)``.
    public static let defaultBusyTimeout: TimeInterval = 30

    /// Opens (creating when missing, along with its folder) and migrates the ledger at `path`.
    ///
    /// Refuses, without changing anything, a file that is not a database, an SQLite database
    /// that belongs to something else, and a ledger migrated by a newer tool.
    public init(path: String, busyTimeout: TimeInterval = Ledger.defaultBusyTimeout) throws {
        self.path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw LedgerError.cannotOpen(path: path, reason: "cannot create folder \(folder.path)")
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw LedgerError.cannotOpen(path: path, reason: "it is a folder")
        }

        // Opening a brand-new file from several processes at once can meet SQLite's immediate
        // "locked" answers (switching to WAL, the first migration) that no busy handler covers:
        // those are retried; every other error is final.
        var attempt = 0
        while true {
            do {
                pool = try Self.openAndMigrate(path: path, busyTimeout: busyTimeout)
                return
            } catch LedgerError.locked(let lockedPath) {
                attempt += 1
                if attempt >= 40 { throw LedgerError.locked(path: lockedPath) }
                Thread.sleep(forTimeInterval: 0.01 * Double(min(attempt, 10)))
            }
        }
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
            try pool.read { db in
                let applied = try migrator.appliedIdentifiers(db)
                let known = Set(migrator.migrations)
                let unknown = applied.subtracting(known)
                if !unknown.isEmpty {
                    throw LedgerError.newerSchema(path: path, unknownMigrations: unknown.sorted())
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
            }
            do {
                try migrator.migrate(pool)
            } catch {
                // Two processes opening a new file at once both see it unmigrated; the loser's
                // CREATE TABLE fails. If the winner finished the job, that is success.
                let done = try pool.read { db in try migrator.hasCompletedMigrations(db) }
                if !done { throw error }
            }
        } catch {
            throw Self.ledgerError(error, path: path)
        }
        return pool
    }

    // MARK: - Counting

    /// Persons per counter in the exporter's *counted* transfers dated inside `window`, leaving
    /// out `excludingFlow` so that re-checking a flow does not count it against itself.
    ///
    /// Counters with no counted persons in the window are absent from the result (read them as 0).
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
    /// record (each run of a check is a decision), whose `ledger` field says which happened.
    /// Returns the stored record with `sequence`, `previousHash`, `hash` (and, when empty,
    /// `decisionID` and `recordedAt`) filled in.
    @discardableResult
    public func record(_ entry: LedgerEntry, audit: AuditRecord) throws -> AuditRecord {
        try entry.validate()
        guard audit.flowID == entry.flowID else {
            throw LedgerError.invalidAudit("its flow id \(audit.flowID) differs from the entry's \(entry.flowID)")
        }
        guard audit.exporter == entry.exporter else {
            throw LedgerError.invalidAudit("its exporter \(audit.exporter) differs from the entry's \(entry.exporter)")
        }
        let now = ISODay.nowTimestamp()
        return try access {
            try pool.write { db in
                var stored = audit
                stored.ledger = try Self.upsert(entry, at: now, in: db)
                return try Self.append(stored, at: now, in: db)
            }
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
                guard audit.flowID == entry.flowID, audit.exporter == entry.exporter, entry.exporter == exporter else {
                    throw LedgerError.invalidAudit("flow id and exporter must match the entry and the prior read")
                }
                var stored = audit
                stored.ledger = try Self.upsert(entry, at: now, in: db)
                return try Self.append(stored, at: now, in: db)
            }
        }
    }

    static func prior(exporter: String, window: CountingWindow, excludingFlow: String?, in db: Database) throws -> [String: Int] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT c.counter AS counter, SUM(c.persons) AS persons
                FROM transfer t JOIN transfer_count c ON c.flow_id = t.flow_id
                WHERE t.exporter = :exporter AND t.counted = 1
                  AND t.date >= :start AND t.date <= :end
                  AND (:flow IS NULL OR t.flow_id <> :flow)
                GROUP BY c.counter
                """,
            arguments: ["exporter": exporter, "start": window.start, "end": window.end, "flow": excludingFlow])
        var sums: [String: Int] = [:]
        for row in rows {
            let counter: String = row["counter"]
            let persons: Int = row["persons"]
            if persons > 0 { sums[counter] = persons }
        }
        return sums
    }

    /// Inserts or replaces one transfer; returns what changed. Must run inside a transaction.
    static func upsert(_ entry: LedgerEntry, at now: String, in db: Database) throws -> LedgerChange {
        if let row = try Row.fetchOne(
            db, sql: "SELECT exporter, date, counted, outcome FROM transfer WHERE flow_id = ?",
            arguments: [entry.flowID])
        {
            let counts = try Row.fetchAll(
                db, sql: "SELECT counter, persons FROM transfer_count WHERE flow_id = ?", arguments: [entry.flowID])
            var persons: [String: Int] = [:]
            for count in counts { persons[count["counter"]] = count["persons"] }
            let existing = LedgerEntry(
                flowID: entry.flowID, exporter: row["exporter"], date: row["date"], persons: persons,
                counted: row["counted"], outcome: row["outcome"])
            if existing == entry { return .unchanged }
            try db.execute(
                sql: """
                    UPDATE transfer SET exporter = ?, date = ?, counted = ?, outcome = ?, last_recorded_at = ?
                    WHERE flow_id = ?
                    """,
                arguments: [entry.exporter, entry.date, entry.counted, entry.outcome, now, entry.flowID])
            try db.execute(sql: "DELETE FROM transfer_count WHERE flow_id = ?", arguments: [entry.flowID])
            try insertCounts(entry, in: db)
            return .updated
        }
        try db.execute(
            sql: """
                INSERT INTO transfer (flow_id, exporter, date, counted, outcome, first_recorded_at, last_recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [entry.flowID, entry.exporter, entry.date, entry.counted, entry.outcome, now, now])
        try insertCounts(entry, in: db)
        return .recorded
    }

    private static func insertCounts(_ entry: LedgerEntry, in db: Database) throws {
        for (counter, persons) in entry.persons.sorted(by: { $0.key < $1.key }) {
            try db.execute(
                sql: "INSERT INTO transfer_count (flow_id, counter, persons) VALUES (?, ?, ?)",
                arguments: [entry.flowID, counter, persons])
        }
    }

    // MARK: - Reports

    /// Counted and uncounted persons and transfers per exporter, calendar year and counter,
    /// optionally for one exporter and/or one year; sorted by exporter, year, counter.
    public func volumes(exporter: String? = nil, year: Int? = nil) throws -> [VolumeRow] {
        if let year, !(1...9999).contains(year) {
            throw LedgerError.invalidEntry("year \(year) is not between 1 and 9999")
        }
        let yearText = year.map { String(repeating: "0", count: max(0, 4 - String($0).count)) + String($0) }
        return try access {
            try pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT t.exporter AS exporter, CAST(substr(t.date, 1, 4) AS INTEGER) AS year,
                               c.counter AS counter,
                               SUM(CASE WHEN t.counted = 1 THEN c.persons ELSE 0 END) AS counted_persons,
                               SUM(CASE WHEN t.counted = 1 THEN 0 ELSE c.persons END) AS uncounted_persons,
                               COUNT(*) AS transfers,
                               SUM(CASE WHEN t.counted = 1 THEN 0 ELSE 1 END) AS uncounted_transfers
                        FROM transfer t JOIN transfer_count c ON c.flow_id = t.flow_id
                        WHERE (:exporter IS NULL OR t.exporter = :exporter)
                          AND (:year IS NULL OR substr(t.date, 1, 4) = :year)
                        GROUP BY t.exporter, year, c.counter
                        ORDER BY t.exporter, year, c.counter
                        """,
                    arguments: ["exporter": exporter, "year": yearText]
                ).map { row in
                    VolumeRow(
                        exporter: row["exporter"], year: row["year"], counter: row["counter"],
                        countedPersons: row["counted_persons"], uncountedPersons: row["uncounted_persons"],
                        transfers: row["transfers"], uncountedTransfers: row["uncounted_transfers"])
                }
            }
        }
    }

    // MARK: - Import

    /// Imports past transfers from a CSV or JSON Lines file (see `docs/ledger-and-audit.md`).
    ///
    /// The whole file is checked first and written in one transaction: a malformed line throws
    /// ``LedgerError/malformedImport(path:line:reason:)`` naming it, and nothing is imported.
    /// Importing the same file again changes nothing. Imports write no audit records: they are
    /// history, not decisions made by this tool.
    public func importTransfers(path file: String) throws -> ImportSummary {
        let lines = try TransferFile.read(path: file)
        let now = ISODay.nowTimestamp()
        return try access {
            try pool.write { db in
                var summary = ImportSummary(path: file, entries: lines.count)
                for line in lines {
                    switch try Self.upsert(line.entry, at: now, in: db) {
                    case .recorded: summary.recorded += 1
                    case .updated: summary.updated += 1
                    case .unchanged, .notRecorded: summary.unchanged += 1
                    }
                }
                return summary
            }
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

import Foundation
import Logging
import PostgresNIO
import XBorderLedger

/// Creates and upgrades the tables on opening, or, for a store opened for reading, only checks
/// that the database holds a ledger this tool knows.
///
/// Migrating runs in one transaction under an advisory lock: servers starting together on a
/// new database wait for each other, the first creates the tables, the others find them, and
/// a migration that fails leaves nothing behind.
struct PostgresMigrator {
    var url: PostgresURL
    var logger: Logger

    func migrate(_ connection: PostgresConnection) async throws {
        try await connection.query("BEGIN", logger: logger)
        do {
            try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLock))", logger: logger)
            let applied = try await appliedMigrations(connection)
            if applied == nil {
                try await refuseForeignTables(connection)
                try await connection.query(
                    PostgresQuery(unsafeSQL: """
                        CREATE TABLE \(PostgresSchema.migrationsTable) (
                            name TEXT PRIMARY KEY,
                            applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                        )
                        """),
                    logger: logger)
            }
            let done = applied ?? []
            try refuseNewer(done)
            for migration in PostgresSchema.migrations where !done.contains(migration.name) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO xborder_migrations (name) VALUES (\(migration.name))", logger: logger)
            }
            if done.isEmpty {
                try await connection.query(
                    "INSERT INTO meta (name, value) VALUES ('secret', \(LedgerSecret.generate().data))", logger: logger)
            }
            try await connection.query("COMMIT", logger: logger)
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// What opening for reading requires: a database this tool migrated, to the end.
    func check(_ connection: PostgresConnection) async throws {
        guard let applied = try await appliedMigrations(connection) else {
            try await refuseForeignTables(connection)
            throw LedgerError.cannotOpen(path: url.location, reason: "it holds no ledger yet: nothing was recorded in it")
        }
        try refuseNewer(applied)
        let missing = PostgresSchema.migrations.map(\.name).filter { !applied.contains($0) }
        guard missing.isEmpty else {
            throw LedgerError.cannotOpen(
                path: url.location,
                reason: "its tables are not up to date (\(missing.joined(separator: ", ")) not applied); "
                    + "open it once for writing to upgrade it")
        }
    }

    /// The names in the migrations table, or nil when there is no such table.
    private func appliedMigrations(_ connection: PostgresConnection) async throws -> Set<String>? {
        let exists = try await connection.query(
            "SELECT to_regclass(\(PostgresSchema.migrationsTable)) IS NOT NULL", logger: logger)
        var present = false
        for try await value in exists.decode(Bool.self) { present = value }
        guard present else { return nil }
        let rows = try await connection.query("SELECT name FROM xborder_migrations", logger: logger)
        var names: Set<String> = []
        for try await name in rows.decode(String.self) { names.insert(name) }
        return names
    }

    private func refuseNewer(_ applied: Set<String>) throws {
        let unknown = applied.subtracting(PostgresSchema.migrations.map(\.name))
        if !unknown.isEmpty {
            throw LedgerError.newerSchema(path: url.location, unknownMigrations: unknown.sorted())
        }
    }

    /// Tables with the ledger's names but no migrations table belong to something else: the
    /// tool neither uses nor changes them.
    private func refuseForeignTables(_ connection: PostgresConnection) async throws {
        var taken: [String] = []
        for table in PostgresSchema.tables {
            let rows = try await connection.query("SELECT to_regclass(\(table)) IS NOT NULL", logger: logger)
            for try await present in rows.decode(Bool.self) where present { taken.append(table) }
        }
        if !taken.isEmpty {
            throw LedgerError.cannotOpen(
                path: url.location,
                reason: "it holds tables named \(taken.joined(separator: ", ")) that no xborder created; "
                    + "use another database or schema, nothing was changed")
        }
    }
}

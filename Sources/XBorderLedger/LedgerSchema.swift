import GRDB

/// The database layout, as a list of named migrations applied in order.
///
/// Migrations are never edited once released: a change is a new migration appended here, so a
/// database tells exactly which layout it has, and an older tool can recognise a newer
/// database (one with migrations it does not know) and refuse to touch it.
enum LedgerSchema {
    /// Names of the tables this tool creates; any other table in a database with no migrations
    /// means the file belongs to something else.
    static let tables: Set<String> = ["transfer", "transfer_count", "audit", "meta"]

    /// The first layout, whose records are not bound to the ledger. A database that holds data
    /// in it is refused (``LedgerError/olderSchema(path:)``); an empty one is upgraded.
    static let firstLayout = "v1-ledger-and-audit"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-ledger-and-audit") { db in
            // One row per decided transfer, keyed by flow id so that recording it again
            // replaces rather than adds.
            try db.execute(sql: """
                CREATE TABLE transfer (
                    flow_id TEXT PRIMARY KEY NOT NULL CHECK (flow_id <> ''),
                    exporter TEXT NOT NULL CHECK (exporter <> ''),
                    date TEXT NOT NULL CHECK (length(date) = 10),
                    counted INTEGER NOT NULL CHECK (counted IN (0, 1)),
                    outcome TEXT NOT NULL,
                    first_recorded_at TEXT NOT NULL,
                    last_recorded_at TEXT NOT NULL
                );
                CREATE INDEX transfer_by_exporter_date ON transfer(exporter, date);
                CREATE TABLE transfer_count (
                    flow_id TEXT NOT NULL REFERENCES transfer(flow_id) ON DELETE CASCADE,
                    counter TEXT NOT NULL CHECK (counter <> ''),
                    persons INTEGER NOT NULL CHECK (persons >= 0),
                    PRIMARY KEY (flow_id, counter)
                ) WITHOUT ROWID;
                """)
            // The audit trail. `record` holds the canonical JSON, which is the truth the hash
            // covers; the other columns copy fields out of it only so they can be searched.
            // AUTOINCREMENT makes SQLite remember the highest sequence ever issued, which lets
            // verification notice records removed from the end of the chain.
            try db.execute(sql: """
                CREATE TABLE audit (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    decision_id TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    flow_id TEXT NOT NULL,
                    exporter TEXT NOT NULL,
                    rules_date TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    previous_hash TEXT NOT NULL,
                    hash TEXT NOT NULL UNIQUE,
                    record TEXT NOT NULL
                );
                CREATE INDEX audit_by_exporter ON audit(exporter);
                CREATE INDEX audit_by_flow ON audit(flow_id);
                CREATE INDEX audit_by_recorded_at ON audit(recorded_at);
                CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
                BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
                CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
                BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
                """)
        }
        migrator.registerMigration("v2-bound-ledger") { db in
            // Only ever runs on an empty v1 database (opening refuses one with data), so the
            // tables are replaced rather than converted.
            try db.execute(sql: """
                DROP TABLE audit;
                DROP TABLE transfer_count;
                DROP TABLE transfer;
                """)
            // Every user-supplied text (flow id, exporter key, counter, outcome) is a BLOB of
            // its UTF-8 bytes: SQLite's text binding stops at a NUL byte, so two ids that
            // differ after one would otherwise be stored, compared and summed as one.
            // `origin` says whether a decision or an import last wrote the row: an import may
            // not change what a decision recorded.
            try db.execute(sql: """
                CREATE TABLE transfer (
                    flow_id BLOB PRIMARY KEY NOT NULL CHECK (typeof(flow_id) = 'blob' AND length(flow_id) > 0),
                    exporter BLOB NOT NULL CHECK (typeof(exporter) = 'blob' AND length(exporter) > 0),
                    date TEXT NOT NULL CHECK (length(date) = 10),
                    counted INTEGER NOT NULL CHECK (counted IN (0, 1)),
                    outcome BLOB NOT NULL,
                    origin TEXT NOT NULL CHECK (origin IN ('decision', 'import')),
                    first_recorded_at TEXT NOT NULL,
                    last_recorded_at TEXT NOT NULL
                );
                CREATE INDEX transfer_by_exporter_date ON transfer(exporter, date);
                CREATE TABLE transfer_count (
                    flow_id BLOB NOT NULL REFERENCES transfer(flow_id) ON DELETE CASCADE,
                    counter BLOB NOT NULL CHECK (typeof(counter) = 'blob' AND length(counter) > 0),
                    persons INTEGER NOT NULL CHECK (persons >= 0 AND persons <= 9007199254740991),
                    PRIMARY KEY (flow_id, counter)
                ) WITHOUT ROWID;
                """)
            try db.execute(sql: """
                CREATE TABLE audit (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    decision_id TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    flow_id BLOB NOT NULL,
                    exporter BLOB NOT NULL,
                    rules_date TEXT NOT NULL,
                    outcome BLOB NOT NULL,
                    previous_hash TEXT NOT NULL,
                    hash TEXT NOT NULL UNIQUE,
                    record TEXT NOT NULL
                );
                CREATE INDEX audit_by_exporter ON audit(exporter);
                CREATE INDEX audit_by_flow ON audit(flow_id);
                CREATE INDEX audit_by_recorded_at ON audit(recorded_at);
                CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
                BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
                CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
                BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
                """)
            // The database's own secret, drawn once at creation: it keys the flow digests and
            // the pseudonyms in audit records, so a record shared alone cannot be brute-forced
            // back to the names and ids it masks.
            try db.execute(sql: """
                CREATE TABLE meta (name TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL);
                CREATE TRIGGER meta_no_update BEFORE UPDATE ON meta
                BEGIN SELECT RAISE(ABORT, 'the database secret never changes'); END;
                """)
            try db.execute(
                sql: "INSERT INTO meta (name, value) VALUES ('secret', ?)",
                arguments: [LedgerSecret.generate().data])
        }
        return migrator
    }
}

/// The PostgreSQL layout, as a list of named migrations applied in order, recorded in the
/// table `xborder_migrations`.
///
/// As with the SQLite ledger, a migration is never edited once released: a change is a new one
/// appended here, so that an older tool recognises a database a newer one has migrated (it
/// holds names this list lacks) and refuses to touch it.
enum PostgresSchema {
    struct Migration: Sendable {
        var name: String
        var statements: [String]
    }

    /// The table naming the applied migrations.
    static let migrationsTable = "xborder_migrations"

    /// Tables this tool creates: any of them in a database without ``migrationsTable`` means
    /// the names are taken by something else.
    static let tables = ["transfer", "transfer_count", "audit", "audit_issued", "meta"]

    /// Advisory lock held while migrating, so that servers starting together on a new
    /// database create the tables once.
    static let migrationLock: Int64 = 0x7862_6f72_6465_7201
    /// Advisory lock every write transaction takes first: it serialises the chain head, so
    /// two writers can never seal a record after the same one.
    static let writeLock: Int64 = 0x7862_6f72_6465_7202

    static let migrations: [Migration] = [
        Migration(name: "pg-v1-ledger-and-audit", statements: [
            // Every user-supplied text (flow id, exporter key, counter, outcome) is BYTEA of its
            // UTF-8 bytes, as in SQLite: PostgreSQL's TEXT cannot hold a NUL byte, and an id
            // containing one must be kept and compared exactly. `origin` says whether a
            // decision or an import last wrote the row: an import may not change what a
            // decision recorded.
            """
            CREATE TABLE transfer (
                flow_id BYTEA PRIMARY KEY CHECK (length(flow_id) > 0),
                exporter BYTEA NOT NULL CHECK (length(exporter) > 0),
                date TEXT NOT NULL CHECK (length(date) = 10),
                counted BOOLEAN NOT NULL,
                outcome BYTEA NOT NULL,
                origin TEXT NOT NULL CHECK (origin IN ('decision', 'import')),
                first_recorded_at TEXT NOT NULL,
                last_recorded_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX transfer_by_exporter_date ON transfer (exporter, date)",
            """
            CREATE TABLE transfer_count (
                flow_id BYTEA NOT NULL REFERENCES transfer (flow_id) ON DELETE CASCADE,
                counter BYTEA NOT NULL CHECK (length(counter) > 0),
                persons BIGINT NOT NULL CHECK (persons >= 0 AND persons <= 9007199254740991),
                PRIMARY KEY (flow_id, counter)
            )
            """,
            // `record` holds the canonical JSON, which is the truth the hash covers; the other
            // columns copy fields out of it only so they can be searched.
            """
            CREATE TABLE audit (
                sequence BIGINT PRIMARY KEY,
                decision_id TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                kind TEXT NOT NULL,
                flow_id BYTEA NOT NULL,
                exporter BYTEA NOT NULL,
                rules_date TEXT NOT NULL,
                outcome BYTEA NOT NULL,
                previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL UNIQUE,
                record TEXT NOT NULL
            )
            """,
            "CREATE INDEX audit_by_exporter ON audit (exporter)",
            "CREATE INDEX audit_by_flow ON audit (flow_id)",
            "CREATE INDEX audit_by_recorded_at ON audit (recorded_at)",
            // The highest sequence ever issued (SQLite's sqlite_sequence): records removed
            // from the end of the chain leave it behind, so verification notices them and a
            // new record is never sealed in a removed one's place.
            """
            CREATE TABLE audit_issued (
                only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
                sequence BIGINT NOT NULL CHECK (sequence >= 0)
            )
            """,
            "INSERT INTO audit_issued (only_row, sequence) VALUES (TRUE, 0)",
            """
            CREATE FUNCTION xborder_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit records are append-only' USING ERRCODE = 'XB001';
            END
            $$
            """,
            """
            CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON audit
            FOR EACH ROW EXECUTE FUNCTION xborder_audit_append_only()
            """,
            """
            CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
            FOR EACH STATEMENT EXECUTE FUNCTION xborder_audit_append_only()
            """,
            """
            CREATE FUNCTION xborder_issued_only_grows() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP <> 'UPDATE' OR NEW.sequence < OLD.sequence THEN
                    RAISE EXCEPTION 'the highest issued audit sequence never goes back' USING ERRCODE = 'XB001';
                END IF;
                RETURN NEW;
            END
            $$
            """,
            """
            CREATE TRIGGER audit_issued_only_grows BEFORE UPDATE OR DELETE ON audit_issued
            FOR EACH ROW EXECUTE FUNCTION xborder_issued_only_grows()
            """,
            """
            CREATE TRIGGER audit_issued_no_truncate BEFORE TRUNCATE ON audit_issued
            FOR EACH STATEMENT EXECUTE FUNCTION xborder_audit_append_only()
            """,
            // The database's own secret, drawn once at creation (inserted by the opener, in
            // the same transaction): it keys the flow digests and the pseudonyms in audit
            // records.
            "CREATE TABLE meta (name TEXT PRIMARY KEY, value BYTEA NOT NULL)",
            """
            CREATE FUNCTION xborder_secret_never_changes() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'the database secret never changes' USING ERRCODE = 'XB001';
            END
            $$
            """,
            """
            CREATE TRIGGER meta_no_update BEFORE UPDATE OR DELETE ON meta
            FOR EACH ROW EXECUTE FUNCTION xborder_secret_never_changes()
            """,
            """
            CREATE TRIGGER meta_no_truncate BEFORE TRUNCATE ON meta
            FOR EACH STATEMENT EXECUTE FUNCTION xborder_secret_never_changes()
            """,
        ]),
    ]
}

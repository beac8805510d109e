import Foundation
import GRDB

extension Ledger {
    /// Appends an audit record without touching the ledger (`check --audit` without `--record`).
    ///
    /// The record's `ledger` field is kept as given (normally `not-recorded`); its `transfer`
    /// is cleared, since only the ledger, when it writes a row, may say what the row is.
    @discardableResult
    public func appendAudit(_ audit: AuditRecord) throws -> AuditRecord {
        let now = ISODay.nowTimestamp()
        var record = audit
        record.transfer = nil
        return try access {
            try pool.write { db in try Self.append(record, at: now, in: db) }
        }
    }

    /// Fills in the chain fields and appends. Must run inside the caller's write transaction,
    /// which holds SQLite's write lock, so no other writer can take the same sequence number.
    static func append(_ audit: AuditRecord, at now: String, in db: Database) throws -> AuditRecord {
        let last = try Row.fetchOne(db, sql: "SELECT sequence, hash FROM audit ORDER BY sequence DESC LIMIT 1")
        // Continue after the highest sequence SQLite ever issued, not just the highest present,
        // so a record removed from the end is never silently replaced by a new one.
        let issued = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'audit'") ?? 0
        let lastSequence: Int64 = last?["sequence"] ?? 0
        let record = try audit.sealed(
            afterSequence: max(lastSequence, issued), previousHash: last?["hash"] ?? AuditRecord.genesisHash, now: now)
        try db.execute(
            sql: """
                INSERT INTO audit (sequence, decision_id, recorded_at, kind, flow_id, exporter, rules_date, outcome,
                                   previous_hash, hash, record)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.sequence, record.decisionID, record.recordedAt, record.kind.rawValue, Data(record.flowID.utf8),
                Data(record.exporter.utf8), record.rulesDate, Data(record.outcome.utf8), record.previousHash,
                record.hash, try record.canonicalJSON(),
            ])
        return record
    }

    /// Audit records matching `filter`, oldest first.
    public func auditRecords(filter: AuditFilter = AuditFilter()) throws -> [AuditRecord] {
        try filter.validate()
        return try access {
            try pool.read { db in
                var conditions: [String] = []
                var arguments: [String: (any DatabaseValueConvertible)?] = [:]
                // Masked records hold pseudonyms: a filter on a name or id finds them too.
                if let exporter = filter.exporter {
                    conditions.append("exporter IN (:exporter, :exporterPseudonym)")
                    arguments["exporter"] = Data(exporter.utf8)
                    arguments["exporterPseudonym"] = Data(pseudonym(exporter).utf8)
                }
                if let flowID = filter.flowID {
                    conditions.append("flow_id IN (:flow, :flowPseudonym)")
                    arguments["flow"] = Data(flowID.utf8)
                    arguments["flowPseudonym"] = Data(pseudonym(flowID).utf8)
                }
                if let outcome = filter.outcome {
                    conditions.append("outcome = :outcome")
                    arguments["outcome"] = Data(outcome.utf8)
                }
                if let from = filter.from {
                    conditions.append("substr(recorded_at, 1, 10) >= :from")
                    arguments["from"] = from
                }
                if let to = filter.to {
                    conditions.append("substr(recorded_at, 1, 10) <= :to")
                    arguments["to"] = to
                }
                var sql = "SELECT sequence, record FROM audit"
                if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
                sql += " ORDER BY sequence DESC"
                if let limit = filter.limit { sql += " LIMIT \(limit)" }
                let rows = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))
                return try rows.reversed().map { row in
                    let sequence: Int64 = row["sequence"]
                    let text: String = row["record"]
                    do {
                        return try AuditRecord.decode(canonical: text)
                    } catch {
                        throw LedgerError.unreadableAuditRecord(sequence: sequence, reason: "its stored text is not a record")
                    }
                }
            }
        }
    }

    /// Walks the whole audit chain in sequence order and reports every record that was
    /// altered, removed, inserted or reordered since it was written, then replays the chain's
    /// transfers and reports every ledger row that disagrees with it.
    ///
    /// Each record's hash is recomputed from its stored JSON, so editing any byte shows. What
    /// a chain cannot show on its own is a tail cut off together with SQLite's own counter, or
    /// a whole chain rebuilt by someone with this tool's code: a signed checkpoint
    /// (``AuditCheckpoint``) passed as `checkpoint` catches both.
    public func verifyAudit(checkpoint: AuditCheckpoint? = nil) throws -> AuditVerification {
        try access {
            try pool.read { db in
                var verifier = AuditChainVerifier(secret: secret)
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT sequence, decision_id, recorded_at, kind, flow_id, exporter, rules_date, outcome,
                               previous_hash, hash, record
                        FROM audit ORDER BY sequence
                        """)
                while let row = try rows.next() {
                    verifier.add(StoredAuditRow(
                        sequence: row["sequence"], decisionID: row["decision_id"], recordedAt: row["recorded_at"],
                        kind: row["kind"], flowID: Self.bytes(row["flow_id"]), exporter: Self.bytes(row["exporter"]),
                        rulesDate: row["rules_date"], outcome: Self.bytes(row["outcome"]),
                        previousHash: row["previous_hash"], hash: row["hash"], record: row["record"]))
                }
                let issued = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'audit'") ?? 0
                let transfers = try Row.fetchAll(db, sql: "SELECT flow_id, exporter, date, counted, outcome FROM transfer").map {
                    StoredTransferRow(
                        flowID: Self.bytes($0["flow_id"]) ?? [], exporter: Self.bytes($0["exporter"]) ?? [],
                        date: $0["date"] ?? "", counted: $0["counted"] ?? false, outcome: Self.bytes($0["outcome"]) ?? [])
                }
                let counts = try Row.fetchAll(db, sql: "SELECT flow_id, counter, persons FROM transfer_count").map {
                    StoredCountRow(flowID: Self.bytes($0["flow_id"]) ?? [], counter: Self.bytes($0["counter"]) ?? [], persons: $0["persons"] ?? 0)
                }
                var result = try verifier.finish(issued: issued, transfers: transfers, counts: counts)
                if let checkpoint {
                    let last = try Int64.fetchOne(db, sql: "SELECT max(sequence) FROM audit") ?? 0
                    let stored = try Row.fetchOne(
                        db, sql: "SELECT hash, record FROM audit WHERE sequence = ?", arguments: [checkpoint.sequence])
                    result.problems += AuditChainVerifier.check(checkpoint, last: last, hash: stored?["hash"], record: stored?["record"])
                }
                return result
            }
        }
    }

    /// A column's bytes: a BLOB as it is, a TEXT put in by hand as its UTF-8, a number as none.
    static func bytes(_ value: DatabaseValue) -> [UInt8]? {
        switch value.storage {
        case .blob(let data): Array(data)
        case .string(let text): Array(text.utf8)
        case .null, .int64, .double: nil
        }
    }

    /// The last record's sequence and hash (0 and the genesis hash for an empty trail), for
    /// a checkpoint.
    public func head() throws -> (sequence: Int64, hash: String) {
        try access {
            try pool.read { db in
                let row = try Row.fetchOne(db, sql: "SELECT sequence, hash FROM audit ORDER BY sequence DESC LIMIT 1")
                return (row?["sequence"] ?? 0, row?["hash"] ?? AuditRecord.genesisHash)
            }
        }
    }
}

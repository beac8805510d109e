import Foundation
import PostgresNIO
import XBorderLedger

extension PostgresLedger {
    public func auditRecords(filter: AuditFilter = AuditFilter()) async throws -> [AuditRecord] {
        try filter.validate()
        var conditions: [String] = []
        var binds = PostgresBindings()
        func bind(_ value: ByteBuffer) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        func bind(_ value: String) throws -> String {
            try binds.append(value)
            return "$\(binds.count)"
        }
        // Masked records hold pseudonyms: a filter on a name or id finds them too.
        if let exporter = filter.exporter {
            conditions.append(
                "exporter IN (\(bind(Self.bytes(exporter))), \(bind(Self.bytes(pseudonym(exporter)))))")
        }
        if let flowID = filter.flowID {
            conditions.append("flow_id IN (\(bind(Self.bytes(flowID))), \(bind(Self.bytes(pseudonym(flowID)))))")
        }
        if let outcome = filter.outcome {
            conditions.append("outcome = \(bind(Self.bytes(outcome)))")
        }
        if let from = filter.from {
            conditions.append("substr(recorded_at, 1, 10) >= \(try bind(from))")
        }
        if let to = filter.to {
            conditions.append("substr(recorded_at, 1, 10) <= \(try bind(to))")
        }
        var sql = "SELECT sequence, record FROM audit"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY sequence DESC"
        if let limit = filter.limit { sql += " LIMIT \(limit)" }
        let query = PostgresQuery(unsafeSQL: sql, binds: binds)
        let logger = logger
        let rows = try await read { connection in
            var rows: [(Int64, String)] = []
            for try await row in try await connection.query(query, logger: logger).decode((Int64, String).self) {
                rows.append(row)
            }
            return rows
        }
        return try rows.reversed().map { sequence, text in
            do {
                return try AuditRecord.decode(canonical: text)
            } catch {
                throw LedgerError.unreadableAuditRecord(sequence: sequence, reason: "its stored text is not a record")
            }
        }
    }

    public func head() async throws -> (sequence: Int64, hash: String) {
        let logger = logger
        return try await read { connection in
            let rows = try await connection.query(
                "SELECT sequence, hash FROM audit ORDER BY sequence DESC LIMIT 1", logger: logger)
            var head: (sequence: Int64, hash: String) = (0, AuditRecord.genesisHash)
            for try await (sequence, hash) in rows.decode((Int64, String).self) { head = (sequence, hash) }
            return head
        }
    }

    /// Walks the chain in sequence order from a cursor (rows stream from the server, so a long
    /// chain is never held in memory at once) and compares the ledger with it, all in one
    /// snapshot. The checks and their wording are the SQLite ledger's (``AuditChainVerifier``).
    public func verifyAudit(checkpoint: AuditCheckpoint? = nil) async throws -> AuditVerification {
        let logger = logger
        let secret = secret
        return try await read { connection in
            var verifier = AuditChainVerifier(secret: secret)
            let audit = try await connection.query(
                """
                SELECT sequence, decision_id, recorded_at, kind, rules_date, previous_hash, hash,
                       flow_id, exporter, outcome, record
                FROM audit ORDER BY sequence
                """,
                logger: logger)
            var last: Int64 = 0
            for try await row in audit {
                let (sequence, decisionID, recordedAt, kind, rulesDate, previousHash, hash, flowID, exporter, outcome, record)
                    = try row.decode(
                        (Int64, String?, String?, String?, String?, String?, String?, Data?, Data?, Data?, String?).self)
                verifier.add(StoredAuditRow(
                    sequence: sequence, decisionID: decisionID, recordedAt: recordedAt, kind: kind,
                    flowID: flowID.map { [UInt8]($0) }, exporter: exporter.map { [UInt8]($0) }, rulesDate: rulesDate,
                    outcome: outcome.map { [UInt8]($0) }, previousHash: previousHash, hash: hash, record: record))
                last = sequence
            }
            var issued: Int64 = 0
            for try await value in try await connection.query("SELECT sequence FROM audit_issued", logger: logger)
                .decode(Int64.self)
            {
                issued = value
            }
            var transfers: [StoredTransferRow] = []
            let transferRows = try await connection.query(
                "SELECT flow_id, exporter, date, counted, outcome FROM transfer ORDER BY flow_id", logger: logger)
            for try await (flowID, exporter, date, counted, outcome) in transferRows.decode(
                (Data, Data, String, Bool, Data).self)
            {
                transfers.append(StoredTransferRow(
                    flowID: [UInt8](flowID), exporter: [UInt8](exporter), date: date, counted: counted,
                    outcome: [UInt8](outcome)))
            }
            var counts: [StoredCountRow] = []
            let countRows = try await connection.query(
                "SELECT flow_id, counter, persons FROM transfer_count", logger: logger)
            for try await (flowID, counter, persons) in countRows.decode((Data, Data, Int64).self) {
                counts.append(StoredCountRow(
                    flowID: [UInt8](flowID), counter: [UInt8](counter), persons: try Self.persons(persons)))
            }
            var result = try verifier.finish(issued: issued, transfers: transfers, counts: counts)
            if let checkpoint {
                let signed = try await Self.record(at: checkpoint.sequence, on: connection, logger: logger)
                result.problems += AuditChainVerifier.check(
                    checkpoint, last: last, hash: signed.hash, record: signed.record)
            }
            return result
        }
    }

    private static func record(
        at sequence: Int64, on connection: PostgresConnection, logger: Logger
    ) async throws -> (hash: String?, record: String?) {
        let rows = try await connection.query(
            "SELECT hash, record FROM audit WHERE sequence = \(sequence)", logger: logger)
        var found: (hash: String?, record: String?) = (nil, nil)
        for try await (hash, record) in rows.decode((String?, String?).self) { found = (hash, record) }
        return found
    }
}

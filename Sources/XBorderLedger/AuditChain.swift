import GRDB

/// Walks the stored audit trail and finds the first break in its hash chain.
///
/// The stored canonical JSON is the truth: hashes are recomputed from it, and the searchable
/// columns are checked against it, so neither an edited record nor an edited column goes
/// unnoticed.
enum AuditChain {
    static func verify(_ db: Database) throws -> AuditVerification {
        var expected: Int64 = 1
        var previousHash = AuditRecord.genesisHash
        var checked = 0
        var seen: [String: Int64] = [:]
        func result(_ problem: AuditVerification.Problem?) -> AuditVerification {
            AuditVerification(
                checked: checked, lastSequence: expected - 1,
                lastHash: checked == 0 ? "" : previousHash, problem: problem)
        }

        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT sequence, decision_id, recorded_at, flow_id, exporter, rules_date, outcome,
                       previous_hash, hash, record
                FROM audit ORDER BY sequence
                """)
        while let row = try rows.next() {
            let sequence: Int64 = row["sequence"]
            if sequence < expected {
                return result(.init(sequence: sequence, kind: .inserted, reason: "sequence numbers start at 1"))
            }
            if sequence > expected {
                let missing = sequence == expected + 1
                    ? "record \(expected) is missing"
                    : "records \(expected) to \(sequence - 1) are missing"
                return result(.init(sequence: expected, kind: .removed, reason: missing))
            }
            let text: String = row["record"] ?? ""
            guard let record = try? AuditRecord.decode(canonical: text) else {
                return result(.init(sequence: sequence, kind: .unreadable, reason: "its stored text is not a record"))
            }
            guard record.version == AuditRecord.currentVersion else {
                return result(.init(
                    sequence: sequence, kind: .unreadable,
                    reason: "it has record version \(record.version), which this tool does not know"))
            }
            guard (try? record.canonicalJSON()) == text else {
                return result(.init(
                    sequence: sequence, kind: .altered, reason: "its stored text was edited (no longer canonical)"))
            }
            guard (try? record.computedHash()) == record.hash else {
                return result(.init(sequence: sequence, kind: .altered, reason: "its contents do not match its hash"))
            }
            if record.sequence != sequence {
                if let original = seen[record.hash] {
                    return result(.init(
                        sequence: sequence, kind: .inserted, reason: "it is a copy of record \(original)"))
                }
                if record.sequence < sequence {
                    // It moved later: records were put in before it, from its original place on.
                    return result(.init(
                        sequence: record.sequence, kind: .inserted,
                        reason: "record written as \(record.sequence) now sits at \(sequence): "
                            + "records were put in from \(record.sequence) on"))
                }
                return result(.init(
                    sequence: sequence, kind: .reordered,
                    reason: "it was written as record \(record.sequence) but sits at \(sequence) "
                        + "(records moved, or removed and renumbered)"))
            }
            if record.previousHash != previousHash {
                let reason = sequence == 1
                    ? "the first record does not start from the genesis hash"
                    : "it does not link to record \(sequence - 1): one of the two was replaced or put in later"
                return result(.init(sequence: sequence, kind: .inserted, reason: reason))
            }
            let columns: [(String, String)] = [
                ("hash", record.hash), ("previous_hash", record.previousHash),
                ("decision_id", record.decisionID), ("recorded_at", record.recordedAt),
                ("flow_id", record.flowID), ("exporter", record.exporter),
                ("rules_date", record.rulesDate), ("outcome", record.outcome),
            ]
            for (column, value) in columns where (row[column] as String?) != value {
                return result(.init(
                    sequence: sequence, kind: .altered, reason: "its \(column) column no longer matches its record"))
            }
            seen[record.hash] = sequence
            previousHash = record.hash
            expected = sequence + 1
            checked += 1
        }

        let issued = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'audit'") ?? 0
        if issued >= expected {
            let missing = issued == expected
                ? "record \(expected) was removed from the end"
                : "records \(expected) to \(issued) were removed from the end"
            return result(.init(sequence: expected, kind: .removed, reason: missing))
        }
        return result(nil)
    }
}

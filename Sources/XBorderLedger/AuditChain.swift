import Foundation
import GRDB

/// Walks the stored audit trail, finds every break in its hash chain, and replays the
/// transfers it recorded to check the ledger against it.
///
/// The stored canonical JSON is the truth: hashes are recomputed from it, the searchable
/// columns are checked against it, and the ledger's rows and totals are recomputed from it, so
/// neither an edited record, an edited column nor an edited ledger row goes unnoticed.
/// Verification does not stop at the first break: after one, it carries on from the stored
/// record so that each break is named once and later intact records are not blamed for it.
enum AuditChain {
    /// What the chain says a ledger row should be, and which record said it last.
    private struct Replayed {
        var transfer: AuditRecord.Transfer
        var outcome: String
        var flowID: String
        var sequence: Int64
        var kind: AuditRecord.Kind
    }

    static func verify(_ db: Database, ledger: Ledger) throws -> AuditVerification {
        var problems: [AuditVerification.Problem] = []
        var expected: Int64 = 1
        var previousHash = AuditRecord.genesisHash
        var checked = 0
        var lastSequence: Int64 = 0
        var seen: [String: Int64] = [:]
        // Hash of each record by the sequence it was written at: a record links to the one
        // written just before it, wherever that one now sits.
        var written: [Int64: String] = [:]
        // Positions whose record sits elsewhere, and the offset of records shifted by an
        // insertion: a record that fills a displaced position was moved, not inserted, and the
        // records after one insertion share its offset and are the same break.
        var displaced: Set<Int64> = []
        var shift: Int64 = 0
        var state: [String: Replayed] = [:]

        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT sequence, decision_id, recorded_at, kind, flow_id, exporter, rules_date, outcome,
                       previous_hash, hash, record
                FROM audit ORDER BY sequence
                """)
        while let row = try rows.next() {
            let sequence: Int64 = row["sequence"]
            // The next record must link to this one's own hash as written in its text; the
            // column stands in only when the text cannot be read.
            var storedHash: String = row["hash"] ?? ""
            var linkExpected = true
            if sequence < 1 {
                problems.append(.init(sequence: sequence, kind: .inserted, reason: "sequence numbers start at 1"))
                linkExpected = false
            } else if sequence > expected {
                let missing = sequence == expected + 1
                    ? "record \(expected) is missing"
                    : "records \(expected) to \(sequence - 1) are missing"
                problems.append(.init(sequence: expected, kind: .removed, reason: missing))
                linkExpected = false
            }
            defer {
                previousHash = storedHash
                expected = max(expected, sequence + 1)
                lastSequence = sequence
                checked += 1
            }
            let text: String = row["record"] ?? ""
            guard let record = try? AuditRecord.decode(canonical: text) else {
                problems.append(.init(sequence: sequence, kind: .unreadable, reason: "its stored text is not a record"))
                continue
            }
            guard record.version == AuditRecord.currentVersion else {
                problems.append(.init(
                    sequence: sequence, kind: .unreadable,
                    reason: "it has record version \(record.version), which this tool does not know"))
                continue
            }
            storedHash = record.hash
            if let problem = check(
                record, text: text, row: row, at: sequence, previousHash: written[sequence - 1] ?? previousHash,
                linkExpected: linkExpected,
                seen: seen, displaced: &displaced, shift: &shift)
            {
                problems.append(problem)
            }
            seen[record.hash] = sequence
            if written[record.sequence] == nil { written[record.sequence] = record.hash }
            if let transfer = record.transfer {
                // The tool never lets an import change what a decision recorded.
                if record.kind == .import, let before = state[transfer.key], before.kind == .decision,
                   before.transfer != transfer || before.outcome != record.outcome
                {
                    problems.append(.init(
                        sequence: sequence, kind: .ledger,
                        reason: "this import changes flow \(quoted(record.flowID)), which record \(before.sequence) "
                            + "decided: xborder never writes that, the record was made by hand"))
                }
                state[transfer.key] = Replayed(
                    transfer: transfer, outcome: record.outcome, flowID: record.flowID, sequence: sequence,
                    kind: record.kind)
            }
        }

        let issued = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'audit'") ?? 0
        if issued >= expected {
            let missing = issued == expected
                ? "record \(expected) was removed from the end"
                : "records \(expected) to \(issued) were removed from the end"
            problems.append(.init(sequence: expected, kind: .removed, reason: missing))
        }
        problems += try compareLedger(db, with: state, ledger: ledger)
        return AuditVerification(
            checked: checked, lastSequence: lastSequence, lastHash: checked == 0 ? "" : previousHash,
            problems: problems)
    }

    /// The one problem of a readable record, if any: edited, out of place or not linked.
    private static func check(
        _ record: AuditRecord, text: String, row: Row, at sequence: Int64, previousHash: String, linkExpected: Bool,
        seen: [String: Int64], displaced: inout Set<Int64>, shift: inout Int64
    ) -> AuditVerification.Problem? {
        guard (try? record.canonicalJSON()) == text else {
            return .init(sequence: sequence, kind: .altered, reason: "its stored text was edited (no longer canonical)")
        }
        guard (try? record.computedHash()) == record.hash else {
            return .init(sequence: sequence, kind: .altered, reason: "its contents do not match its hash")
        }
        if record.sequence != sequence {
            if let original = seen[record.hash] {
                return .init(sequence: sequence, kind: .inserted, reason: "it is a copy of record \(original)")
            }
            if record.sequence < sequence && !displaced.contains(record.sequence) {
                // It moved later: records were put in before it, from its original place on.
                let offset = sequence - record.sequence
                defer { shift = offset }
                if offset == shift { return nil }
                return .init(
                    sequence: record.sequence, kind: .inserted,
                    reason: "record written as \(record.sequence) now sits at \(sequence): "
                        + "records were put in from \(record.sequence) on")
            }
            displaced.insert(sequence)
            return .init(
                sequence: sequence, kind: .reordered,
                reason: "it was written as record \(record.sequence) but sits at \(sequence) "
                    + "(records moved, or removed and renumbered)")
        }
        shift = 0
        if linkExpected && record.previousHash != previousHash {
            let reason = sequence == 1
                ? "the first record does not start from the genesis hash"
                : "it does not link to record \(sequence - 1): one of the two was replaced or put in later"
            return .init(sequence: sequence, kind: .inserted, reason: reason)
        }
        let texts: [(String, String)] = [
            ("hash", record.hash), ("previous_hash", record.previousHash),
            ("decision_id", record.decisionID), ("recorded_at", record.recordedAt),
            ("kind", record.kind.rawValue), ("rules_date", record.rulesDate),
        ]
        for (column, value) in texts where (row[column] as String?) != value {
            return .init(sequence: sequence, kind: .altered, reason: "its \(column) column no longer matches its record")
        }
        let blobs: [(String, String)] = [
            ("flow_id", record.flowID), ("exporter", record.exporter), ("outcome", record.outcome),
        ]
        for (column, value) in blobs where (row[column] as Data?) != Data(value.utf8) {
            return .init(sequence: sequence, kind: .altered, reason: "its \(column) column no longer matches its record")
        }
        return nil
    }

    /// Every ledger row must be the last state the chain recorded for its flow, and every
    /// transfer the chain recorded must be in the ledger; then the totals per exporter,
    /// calendar year and counter are recomputed from the chain and compared.
    private static func compareLedger(
        _ db: Database, with replayed: [String: Replayed], ledger: Ledger
    ) throws -> [AuditVerification.Problem] {
        var problems: [AuditVerification.Problem] = []
        var remaining = replayed
        var fromLedger = Volumes()
        var fromChain = Volumes()
        var names: [String: String] = [:]
        // Rows are read by their raw bytes, so none is skipped, whatever was put in.
        var counts: [Data: [String: Int]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT flow_id, counter, persons FROM transfer_count") {
            let key: Data = row["flow_id"] ?? Data()
            counts[key, default: [:]][Ledger.text(row["counter"])] = row["persons"]
        }
        let rows = try Row.fetchCursor(
            db, sql: "SELECT flow_id, exporter, date, counted, outcome FROM transfer ORDER BY flow_id")
        while let row = try rows.next() {
            let rawID: Data = row["flow_id"] ?? Data()
            let rawExporter: Data = row["exporter"] ?? Data()
            let flowID = Ledger.text(rawID)
            let entry = LedgerEntry(
                flowID: flowID, exporter: Ledger.text(rawExporter), date: row["date"] ?? "",
                persons: counts.removeValue(forKey: rawID) ?? [:], counted: row["counted"] ?? false,
                outcome: Ledger.text(row["outcome"]))
            let exporterKey = ledger.pseudonym(bytes: rawExporter)
            names[exporterKey] = entry.exporter
            for (counter, persons) in entry.persons {
                try fromLedger.add(
                    exporter: exporterKey, date: entry.date, counted: entry.counted, counter: counter, persons: persons)
            }
            guard let chain = remaining.removeValue(forKey: ledger.pseudonym(bytes: rawID)) else {
                problems.append(.init(
                    sequence: 0, kind: .ledger,
                    reason: "the ledger row of flow \(quoted(flowID)) is in no audit record (it was put in by hand)"))
                continue
            }
            var differences: [String] = []
            if chain.transfer.exporterKey != exporterKey { differences.append("its exporter") }
            if chain.transfer.date != entry.date { differences.append("date \(entry.date), the chain says \(chain.transfer.date)") }
            if chain.transfer.counted != entry.counted {
                differences.append("counted \(entry.counted), the chain says \(chain.transfer.counted)")
            }
            if chain.outcome != entry.outcome { differences.append("its outcome") }
            for counter in Set(entry.persons.keys).union(chain.transfer.persons.keys).sorted() {
                let here = entry.persons[counter], there = chain.transfer.persons[counter]
                if here != there {
                    differences.append("\(counter) \(here.map(String.init) ?? "none"), the chain says \(there.map(String.init) ?? "none")")
                }
            }
            if !differences.isEmpty {
                problems.append(.init(
                    sequence: chain.sequence, kind: .ledger,
                    reason: "the ledger row of flow \(quoted(flowID)) disagrees with this record: "
                        + differences.joined(separator: "; ")))
            }
        }
        for key in counts.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            problems.append(.init(
                sequence: 0, kind: .ledger,
                reason: "the ledger counts persons for flow \(quoted(Ledger.text(key))), which has no transfer row"))
        }
        for chain in remaining.values.sorted(by: { $0.sequence < $1.sequence }) {
            problems.append(.init(
                sequence: chain.sequence, kind: .ledger,
                reason: "flow \(quoted(chain.flowID)) recorded here is missing from the ledger (its row was removed)"))
        }
        for chain in replayed.values {
            for (counter, persons) in chain.transfer.persons {
                try fromChain.add(
                    exporter: chain.transfer.exporterKey, date: chain.transfer.date, counted: chain.transfer.counted,
                    counter: counter, persons: persons)
            }
        }
        let keys = Set(fromLedger.table.keys).union(fromChain.table.keys).sorted()
        for key in keys {
            let here = fromLedger.table[key], there = fromChain.table[key]
            guard here?.countedPersons != there?.countedPersons || here?.uncountedPersons != there?.uncountedPersons else {
                continue
            }
            let exporter = names[key.exporter].map(quoted) ?? "with key \(key.exporter)"
            problems.append(.init(
                sequence: 0, kind: .ledger,
                reason: "exporter \(exporter), \(key.year), \(key.counter): the ledger counts "
                    + "\(here?.countedPersons ?? 0) persons, the audit chain \(there?.countedPersons ?? 0)"
                    + (here?.uncountedPersons != there?.uncountedPersons
                        ? " (uncounted \(here?.uncountedPersons ?? 0) against \(there?.uncountedPersons ?? 0))" : "")))
        }
        return problems
    }

    /// The problems a signed checkpoint finds: the chain must still hold the signed head at
    /// its sequence, and so be at least that long.
    static func check(_ checkpoint: AuditCheckpoint, in db: Database) throws -> [AuditVerification.Problem] {
        let last = try Int64.fetchOne(db, sql: "SELECT max(sequence) FROM audit") ?? 0
        if last < checkpoint.sequence {
            return [.init(
                sequence: checkpoint.sequence, kind: .checkpoint,
                reason: "the chain ends at record \(last), before the checkpoint's record \(checkpoint.sequence) "
                    + "of \(checkpoint.time): records were cut off")]
        }
        guard checkpoint.sequence > 0 else { return [] }
        let hash = try String.fetchOne(db, sql: "SELECT hash FROM audit WHERE sequence = ?", arguments: [checkpoint.sequence])
        let record = try String.fetchOne(db, sql: "SELECT record FROM audit WHERE sequence = ?", arguments: [checkpoint.sequence])
        let recomputed = record.flatMap { try? AuditRecord.decode(canonical: $0) }.flatMap { try? $0.computedHash() }
        if hash != checkpoint.hash || recomputed != checkpoint.hash {
            return [.init(
                sequence: checkpoint.sequence, kind: .checkpoint,
                reason: "it is not the record signed in the checkpoint of \(checkpoint.time) "
                    + "(\(checkpoint.hash)): the chain was rewritten")]
        }
        return []
    }

    /// User text in messages, with control characters made visible.
    static func quoted(_ text: String) -> String {
        var out = "'"
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "'"
    }
}

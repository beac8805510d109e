import Foundation

/// One audit record as a store holds it: the canonical text, which is the truth the hash
/// covers, and the columns copied out of it for searching (nil where a column is unreadable).
public struct StoredAuditRow: Sendable {
    public var sequence: Int64
    public var decisionID: String?
    public var recordedAt: String?
    public var kind: String?
    public var flowID: [UInt8]?
    public var exporter: [UInt8]?
    public var rulesDate: String?
    public var outcome: [UInt8]?
    public var previousHash: String?
    public var hash: String?
    public var record: String?

    public init(
        sequence: Int64, decisionID: String?, recordedAt: String?, kind: String?, flowID: [UInt8]?, exporter: [UInt8]?,
        rulesDate: String?, outcome: [UInt8]?, previousHash: String?, hash: String?, record: String?
    ) {
        self.sequence = sequence
        self.decisionID = decisionID
        self.recordedAt = recordedAt
        self.kind = kind
        self.flowID = flowID
        self.exporter = exporter
        self.rulesDate = rulesDate
        self.outcome = outcome
        self.previousHash = previousHash
        self.hash = hash
        self.record = record
    }

    /// A text column by its name in either store's layout.
    func text(_ column: String) -> String? {
        switch column {
        case "hash": hash
        case "previous_hash": previousHash
        case "decision_id": decisionID
        case "recorded_at": recordedAt
        case "kind": kind
        case "rules_date": rulesDate
        default: nil
        }
    }

    /// A bytes column by its name in either store's layout.
    func bytes(_ column: String) -> [UInt8]? {
        switch column {
        case "flow_id": flowID
        case "exporter": exporter
        case "outcome": outcome
        default: nil
        }
    }
}

/// One ledger row as a store holds it, its identifiers as their raw bytes, so that none is
/// skipped or merged with another whatever was put in.
public struct StoredTransferRow: Sendable {
    public var flowID: [UInt8]
    public var exporter: [UInt8]
    public var date: String
    public var counted: Bool
    public var outcome: [UInt8]

    public init(flowID: [UInt8], exporter: [UInt8], date: String, counted: Bool, outcome: [UInt8]) {
        self.flowID = flowID
        self.exporter = exporter
        self.date = date
        self.counted = counted
        self.outcome = outcome
    }
}

/// One counter figure of a ledger row.
public struct StoredCountRow: Sendable {
    public var flowID: [UInt8]
    public var counter: [UInt8]
    public var persons: Int

    public init(flowID: [UInt8], counter: [UInt8], persons: Int) {
        self.flowID = flowID
        self.counter = counter
        self.persons = persons
    }
}

/// Walks a stored audit trail, finds every break in its hash chain, and replays the transfers
/// it recorded to check the ledger against it, whichever store holds them: each store feeds
/// its rows in, so that SQLite and PostgreSQL find the same problems in the same words.
///
/// The stored canonical JSON is the truth: hashes are recomputed from it, the searchable
/// columns are checked against it, and the ledger's rows and totals are recomputed from it, so
/// neither an edited record, an edited column nor an edited ledger row goes unnoticed.
/// Verification does not stop at the first break: after one, it carries on from the stored
/// record so that each break is named once and later intact records are not blamed for it.
public struct AuditChainVerifier {
    /// What the chain says a ledger row should be, and which record said it last.
    private struct Replayed {
        var transfer: AuditRecord.Transfer
        var outcome: String
        var flowID: String
        var sequence: Int64
        var kind: AuditRecord.Kind
    }

    private let secret: LedgerSecret
    private var problems: [AuditVerification.Problem] = []
    private var expected: Int64 = 1
    private var previousHash = AuditRecord.genesisHash
    private var checked = 0
    private var lastSequence: Int64 = 0
    private var seen: [String: Int64] = [:]
    // Hash of each record by the sequence it was written at: a record links to the one
    // written just before it, wherever that one now sits.
    private var written: [Int64: String] = [:]
    // Positions whose record sits elsewhere, and the offset of records shifted by an
    // insertion: a record that fills a displaced position was moved, not inserted, and the
    // records after one insertion share its offset and are the same break.
    private var displaced: Set<Int64> = []
    private var shift: Int64 = 0
    private var state: [String: Replayed] = [:]

    /// `secret` is the store's own: the chain keys transfers by pseudonyms under it.
    public init(secret: LedgerSecret) {
        self.secret = secret
    }

    /// Takes the next stored record; rows must come in ascending `sequence` order.
    public mutating func add(_ row: StoredAuditRow) {
        let sequence = row.sequence
        // The next record must link to this one's own hash as written in its text; the
        // column stands in only when the text cannot be read.
        var storedHash = row.hash ?? ""
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
        let text = row.record ?? ""
        guard let record = try? AuditRecord.decode(canonical: text) else {
            problems.append(.init(sequence: sequence, kind: .unreadable, reason: "its stored text is not a record"))
            return
        }
        guard record.version == AuditRecord.currentVersion else {
            problems.append(.init(
                sequence: sequence, kind: .unreadable,
                reason: "it has record version \(record.version), which this tool does not know"))
            return
        }
        storedHash = record.hash
        if let problem = Self.check(
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
                    reason: "this import changes flow \(Self.quoted(record.flowID)), which record \(before.sequence) "
                        + "decided: xborder never writes that, the record was made by hand"))
            }
            state[transfer.key] = Replayed(
                transfer: transfer, outcome: record.outcome, flowID: record.flowID, sequence: sequence,
                kind: record.kind)
        }
    }

    /// The verdict once every record was added: `issued` is the highest sequence the store ever
    /// issued (a tail removed with its records shows as missing), `transfers` and `counts` the
    /// ledger's rows, compared with what the chain recorded.
    public func finish(issued: Int64, transfers: [StoredTransferRow], counts: [StoredCountRow]) throws -> AuditVerification {
        var problems = problems
        if issued >= expected {
            let missing = issued == expected
                ? "record \(expected) was removed from the end"
                : "records \(expected) to \(issued) were removed from the end"
            problems.append(.init(sequence: expected, kind: .removed, reason: missing))
        }
        problems += try compareLedger(transfers: transfers, counts: counts)
        return AuditVerification(
            checked: checked, lastSequence: lastSequence, lastHash: checked == 0 ? "" : previousHash,
            problems: problems)
    }

    private func pseudonym(_ bytes: [UInt8]) -> String {
        secret.keyed(Data(bytes), purpose: .id)
    }

    private static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// The one problem of a readable record, if any: edited, out of place or not linked.
    private static func check(
        _ record: AuditRecord, text: String, row: StoredAuditRow, at sequence: Int64, previousHash: String, linkExpected: Bool,
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
        for (column, value) in texts where row.text(column) != value {
            return .init(sequence: sequence, kind: .altered, reason: "its \(column) column no longer matches its record")
        }
        let blobs: [(String, String)] = [
            ("flow_id", record.flowID), ("exporter", record.exporter), ("outcome", record.outcome),
        ]
        for (column, value) in blobs where row.bytes(column) != Array(value.utf8) {
            return .init(sequence: sequence, kind: .altered, reason: "its \(column) column no longer matches its record")
        }
        return nil
    }

    /// Every ledger row must be the last state the chain recorded for its flow, and every
    /// transfer the chain recorded must be in the ledger; then the totals per exporter,
    /// calendar year and counter are recomputed from the chain and compared.
    private func compareLedger(transfers: [StoredTransferRow], counts rows: [StoredCountRow]) throws -> [AuditVerification.Problem] {
        var problems: [AuditVerification.Problem] = []
        let replayed = state
        var remaining = replayed
        var fromLedger = Volumes()
        var fromChain = Volumes()
        var names: [String: String] = [:]
        // Rows are read by their raw bytes, so none is skipped, whatever was put in.
        var counts: [[UInt8]: [String: Int]] = [:]
        for row in rows {
            counts[row.flowID, default: [:]][Self.text(row.counter)] = row.persons
        }
        for row in transfers.sorted(by: { $0.flowID.lexicographicallyPrecedes($1.flowID) }) {
            let rawID = row.flowID
            let flowID = Self.text(rawID)
            let entry = LedgerEntry(
                flowID: flowID, exporter: Self.text(row.exporter), date: row.date,
                persons: counts.removeValue(forKey: rawID) ?? [:], counted: row.counted,
                outcome: Self.text(row.outcome))
            let exporterKey = pseudonym(row.exporter)
            names[exporterKey] = entry.exporter
            for (counter, persons) in entry.persons {
                try fromLedger.add(
                    exporter: exporterKey, date: entry.date, counted: entry.counted, counter: counter, persons: persons)
            }
            guard let chain = remaining.removeValue(forKey: pseudonym(rawID)) else {
                problems.append(.init(
                    sequence: 0, kind: .ledger,
                    reason: "the ledger row of flow \(Self.quoted(flowID)) is in no audit record (it was put in by hand)"))
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
                    reason: "the ledger row of flow \(Self.quoted(flowID)) disagrees with this record: "
                        + differences.joined(separator: "; ")))
            }
        }
        for key in counts.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            problems.append(.init(
                sequence: 0, kind: .ledger,
                reason: "the ledger counts persons for flow \(Self.quoted(Self.text(key))), which has no transfer row"))
        }
        for chain in remaining.values.sorted(by: { $0.sequence < $1.sequence }) {
            problems.append(.init(
                sequence: chain.sequence, kind: .ledger,
                reason: "flow \(Self.quoted(chain.flowID)) recorded here is missing from the ledger (its row was removed)"))
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
            let exporter = names[key.exporter].map(Self.quoted) ?? "with key \(key.exporter)"
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
    public static func check(_ checkpoint: AuditCheckpoint, last: Int64, hash: String?, record: String?) -> [AuditVerification.Problem] {
        if last < checkpoint.sequence {
            return [.init(
                sequence: checkpoint.sequence, kind: .checkpoint,
                reason: "the chain ends at record \(last), before the checkpoint's record \(checkpoint.sequence) "
                    + "of \(checkpoint.time): records were cut off")]
        }
        guard checkpoint.sequence > 0 else { return [] }
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

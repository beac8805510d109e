import Foundation
import PostgresNIO
import XBorderLedger

extension PostgresLedger {
    /// Which kind of write last set a ledger row.
    enum Origin: String {
        case decision
        case `import`
    }

    public func prior(exporter: String, window: CountingWindow, excludingFlow: String? = nil) async throws -> [String: Int] {
        try window.validate()
        let logger = logger
        return try await read { connection in
            try await Self.prior(exporter: exporter, window: window, excludingFlow: excludingFlow, on: connection, logger: logger)
        }
    }

    @discardableResult
    public func record(_ entry: LedgerEntry, audit: AuditRecord) async throws -> AuditRecord {
        try entry.validate()
        try audit.check(belongsTo: entry, pseudonym: pseudonym)
        let now = ISODay.nowTimestamp()
        let store = self
        return try await write { connection in
            try await store.store(entry, audit: audit, origin: .decision, at: now, on: connection)
        }
    }

    public func record<Extra: Sendable>(
        exporter: String, window: CountingWindow, excludingFlow: String?,
        decide: @Sendable ([String: Int]) throws -> (entry: LedgerEntry, audit: AuditRecord, extra: Extra)
    ) async throws -> (AuditRecord, Extra) {
        try window.validate()
        let now = ISODay.nowTimestamp()
        let store = self
        // `write` runs its body in a child task it awaits before returning, so `decide` never
        // outlives this call.
        return try await withoutActuallyEscaping(decide) { decide in
            try await write { connection in
                let prior = try await Self.prior(
                    exporter: exporter, window: window, excludingFlow: excludingFlow, on: connection, logger: store.logger)
                let (entry, audit, extra) = try decide(prior)
                try entry.validate()
                guard entry.exporter == exporter else {
                    throw LedgerError.invalidAudit("the entry's exporter differs from the one whose prior was read")
                }
                try audit.check(belongsTo: entry, pseudonym: store.pseudonym)
                let stored = try await store.store(entry, audit: audit, origin: .decision, at: now, on: connection)
                return (stored, extra)
            }
        }
    }

    @discardableResult
    public func appendAudit(_ audit: AuditRecord) async throws -> AuditRecord {
        var unbound = audit
        unbound.transfer = nil
        let record = unbound
        let now = ISODay.nowTimestamp()
        let store = self
        return try await write { connection in
            try await store.append(record, at: now, on: connection)
        }
    }

    // MARK: - Inside a write transaction

    /// Upserts the entry and appends its record with the resulting row.
    func store(
        _ entry: LedgerEntry, audit: AuditRecord, origin: Origin, at now: String, on connection: PostgresConnection
    ) async throws -> AuditRecord {
        var stored = audit
        let before = try await existing(entry.flowID, on: connection)
        stored.ledger = try await upsert(entry, over: before?.entry, origin: origin, at: now, on: connection)
        stored.transfer = transfer(of: entry)
        return try await append(stored, at: now, on: connection)
    }

    /// The chain's view of an entry: keyed keys and the figures.
    func transfer(of entry: LedgerEntry) -> AuditRecord.Transfer {
        AuditRecord.Transfer(
            key: pseudonym(entry.flowID), exporterKey: pseudonym(entry.exporter), date: entry.date,
            counted: entry.counted, persons: entry.persons)
    }

    /// Seals the record after the highest sequence ever issued and links it to the last record
    /// present, as the SQLite ledger does; then raises the issued counter. The write lock held
    /// by the transaction keeps every other writer out until the commit.
    func append(_ audit: AuditRecord, at now: String, on connection: PostgresConnection) async throws -> AuditRecord {
        var lastSequence: Int64 = 0
        var lastHash = AuditRecord.genesisHash
        var issued: Int64 = 0
        let head = try await connection.query(
            """
            SELECT i.sequence, a.sequence, a.hash
            FROM audit_issued i LEFT JOIN LATERAL (
                SELECT sequence, hash FROM audit ORDER BY sequence DESC LIMIT 1
            ) a ON TRUE
            """,
            logger: logger)
        for try await (counter, sequence, hash) in head.decode((Int64, Int64?, String?).self) {
            issued = counter
            lastSequence = sequence ?? 0
            lastHash = hash ?? AuditRecord.genesisHash
        }
        let record = try audit.sealed(afterSequence: max(lastSequence, issued), previousHash: lastHash, now: now)
        let text = try record.canonicalJSON()
        // One statement appends the record and raises the issued counter with it.
        try await connection.query(
            """
            WITH appended AS (
                INSERT INTO audit (sequence, decision_id, recorded_at, kind, flow_id, exporter, rules_date, outcome,
                                   previous_hash, hash, record)
                VALUES (\(record.sequence), \(record.decisionID), \(record.recordedAt), \(record.kind.rawValue),
                        \(Self.bytes(record.flowID)), \(Self.bytes(record.exporter)), \(record.rulesDate),
                        \(Self.bytes(record.outcome)), \(record.previousHash), \(record.hash), \(text))
                RETURNING sequence
            )
            UPDATE audit_issued SET sequence = (SELECT sequence FROM appended)
            """,
            logger: logger)
        return record
    }

    /// The stored row of a flow, if any, with which kind of write set it.
    func existing(_ flowID: String, on connection: PostgresConnection) async throws -> (entry: LedgerEntry, origin: String)? {
        let rows = try await connection.query(
            """
            SELECT t.exporter, t.date, t.counted, t.outcome, t.origin, c.counter, c.persons
            FROM transfer t LEFT JOIN transfer_count c ON c.flow_id = t.flow_id
            WHERE t.flow_id = \(Self.bytes(flowID))
            """,
            logger: logger)
        var found: (exporter: Data, date: String, counted: Bool, outcome: Data, origin: String)?
        var persons: [String: Int] = [:]
        for try await (exporter, date, counted, outcome, origin, counter, count) in rows.decode(
            (Data, String, Bool, Data, String, Data?, Int64?).self)
        {
            found = (exporter, date, counted, outcome, origin)
            if let counter, let count { persons[Self.text(counter)] = try Self.persons(count) }
        }
        guard let found else { return nil }
        let entry = LedgerEntry(
            flowID: flowID, exporter: Self.text(found.exporter), date: found.date, persons: persons,
            counted: found.counted, outcome: Self.text(found.outcome))
        return (entry, found.origin)
    }

    /// Inserts or replaces one transfer over the row `before` read for it in the same
    /// transaction; returns what changed.
    func upsert(
        _ entry: LedgerEntry, over before: LedgerEntry?, origin: Origin, at now: String, on connection: PostgresConnection
    ) async throws -> LedgerChange {
        let key = Self.bytes(entry.flowID)
        let exporter = Self.bytes(entry.exporter)
        let outcome = Self.bytes(entry.outcome)
        let change = entry.change(from: before)
        switch change {
        case .unchanged, .notRecorded:
            return change
        case .updated:
            try await connection.query(
                """
                UPDATE transfer SET exporter = \(exporter), date = \(entry.date), counted = \(entry.counted),
                    outcome = \(outcome), origin = \(origin.rawValue), last_recorded_at = \(now)
                WHERE flow_id = \(key)
                """,
                logger: logger)
            try await connection.query("DELETE FROM transfer_count WHERE flow_id = \(key)", logger: logger)
        case .recorded:
            try await connection.query(
                """
                INSERT INTO transfer (flow_id, exporter, date, counted, outcome, origin, first_recorded_at, last_recorded_at)
                VALUES (\(key), \(exporter), \(entry.date), \(entry.counted), \(outcome), \(origin.rawValue), \(now), \(now))
                """,
                logger: logger)
        }
        guard !entry.persons.isEmpty else { return change }
        var binds = PostgresBindings()
        binds.append(key)
        var rows: [String] = []
        for (counter, persons) in entry.persons.sorted(by: { $0.key < $1.key }) {
            binds.append(Self.bytes(counter))
            binds.append(Int64(persons))
            rows.append("($1, $\(binds.count - 1), $\(binds.count))")
        }
        try await connection.query(
            PostgresQuery(
                unsafeSQL: "INSERT INTO transfer_count (flow_id, counter, persons) VALUES " + rows.joined(separator: ", "),
                binds: binds),
            logger: logger)
        return change
    }

    /// Persons per counter in the exporter's counted transfers dated inside `window`, leaving
    /// out `excludingFlow`.
    ///
    /// The server adds up (one row per counter rather than one per transfer, so a decision
    /// does not slow down as the year fills) in NUMERIC, which never wraps; the total comes back
    /// as text and is checked here against what the ledger holds, so an overflow is an error.
    static func prior(
        exporter: String, window: CountingWindow, excludingFlow: String?, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [String: Int] {
        var query: PostgresQuery = """
            SELECT c.counter, sum(c.persons)::numeric::text
            FROM transfer t JOIN transfer_count c ON c.flow_id = t.flow_id
            WHERE t.exporter = \(Self.bytes(exporter)) AND t.counted
              AND t.date >= \(window.start) AND t.date <= \(window.end)
            GROUP BY c.counter
            """
        if let excludingFlow {
            query = """
                SELECT c.counter, sum(c.persons)::numeric::text
                FROM transfer t JOIN transfer_count c ON c.flow_id = t.flow_id
                WHERE t.exporter = \(Self.bytes(exporter)) AND t.counted
                  AND t.date >= \(window.start) AND t.date <= \(window.end)
                  AND t.flow_id <> \(Self.bytes(excludingFlow))
                GROUP BY c.counter
                """
        }
        let rows = try await connection.query(query, logger: logger)
        var sums: [String: Int] = [:]
        for try await (counterBytes, total) in rows.decode((Data, String).self) {
            let counter = text(counterBytes)
            let what = "prior of \(exporter) for \(counter)"
            guard let value = Int(total) else { throw LedgerError.overflow("the \(what) is \(total)") }
            sums[counter] = try Volume.add(0, value, what: what)
        }
        return sums.filter { $0.value > 0 }
    }

    /// A Swift string as the BYTEA of its UTF-8 bytes, NUL bytes included.
    static func bytes(_ text: String) -> ByteBuffer {
        ByteBuffer(bytes: Array(text.utf8))
    }

    /// Reads back a BYTEA column written from a Swift string.
    static func text(_ value: Data) -> String {
        String(decoding: value, as: UTF8.self)
    }

    /// A stored count as an `Int`; the column's CHECK keeps it in range, so anything else was
    /// put in by hand.
    static func persons(_ value: Int64) throws -> Int {
        guard let persons = Int(exactly: value), persons >= 0 else {
            throw LedgerError.overflow("a stored count of \(value) persons")
        }
        return persons
    }
}

import Foundation
import PostgresNIO
import XBorderLedger

extension PostgresLedger {
    /// Added up here with checked arithmetic (``Volumes``) rather than by SQL, as the SQLite
    /// ledger does, so that both stores report the same figures and an overflow is an error.
    public func volumes(exporter: String? = nil, year: Int? = nil) async throws -> [VolumeRow] {
        if let year, !(1...9999).contains(year) {
            throw LedgerError.invalidEntry("year \(year) is not between 1 and 9999")
        }
        var conditions: [String] = []
        var binds = PostgresBindings()
        if let exporter {
            binds.append(Self.bytes(exporter))
            conditions.append("t.exporter = $\(binds.count)")
        }
        if let year {
            let text = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
            try binds.append(text)
            conditions.append("substr(t.date, 1, 4) = $\(binds.count)")
        }
        var sql = """
            SELECT t.exporter, t.date, t.counted, c.counter, c.persons
            FROM transfer t JOIN transfer_count c ON c.flow_id = t.flow_id
            """
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        let query = PostgresQuery(unsafeSQL: sql, binds: binds)
        let logger = logger
        let location = location
        return try await read { connection in
            var volumes = Volumes()
            let rows = try await connection.query(query, logger: logger)
            for try await (exporter, date, counted, counter, persons) in rows.decode((Data, String, Bool, Data, Int64).self) {
                try volumes.add(
                    exporter: Self.text(exporter), date: date, counted: counted, counter: Self.text(counter),
                    persons: try Self.persons(persons))
            }
            return volumes.rows
        }
    }
}

import Foundation
import GRDB

extension Ledger {
    /// Counted and uncounted persons and transfers per exporter, calendar year and counter,
    /// optionally for one exporter and/or one year; sorted by exporter, year, counter.
    ///
    /// Added up here with checked arithmetic rather than by SQL, so an overflow is an error.
    public func volumes(exporter: String? = nil, year: Int? = nil) throws -> [VolumeRow] {
        if let year, !(1...9999).contains(year) {
            throw LedgerError.invalidEntry("year \(year) is not between 1 and 9999")
        }
        let yearText = year.map { String(repeating: "0", count: max(0, 4 - String($0).count)) + String($0) }
        return try access {
            try pool.read { db in
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT t.exporter AS exporter, t.date AS date, t.counted AS counted,
                               c.counter AS counter, c.persons AS persons
                        FROM transfer t JOIN transfer_count c ON c.flow_id = t.flow_id
                        WHERE (:exporter IS NULL OR t.exporter = :exporter)
                          AND (:year IS NULL OR substr(t.date, 1, 4) = :year)
                        """,
                    arguments: ["exporter": exporter.map { Data($0.utf8) }, "year": yearText])
                var volumes = Volumes()
                while let row = try rows.next() {
                    try volumes.add(
                        exporter: Self.text(row["exporter"]), date: row["date"], counted: row["counted"],
                        counter: Self.text(row["counter"]), persons: row["persons"])
                }
                return volumes.rows
            }
        }
    }
}

import Foundation
import Testing
@testable import XBorderLedger
@testable import XBorderPostgres

extension OnServer {
    /// Several servers on one PostgreSQL: no record lost or counted twice, exact totals, one chain.
    @Suite("concurrent writers on one PostgreSQL store")
    struct ConcurrencyTests {
        static let perWriter = 500
        static let persons = 3

        /// Decides and records `count` flows of the one exporter, each reading its prior inside
        /// its own write transaction, as `check --record` does.
        static func decide(_ ledger: PostgresLedger, prefix: String, count: Int) async throws {
            for index in 0..<count {
                let flowID = "\(prefix)-\(index)"
                _ = try await ledger.record(exporter: Sample.exporter, window: Sample.year, excludingFlow: flowID) { prior in
                    let entry = Sample.entry(flowID, personal: persons)
                    return (entry, Sample.audit(for: entry, prior: prior), ())
                }
            }
        }

        /// Everything that must hold after `total` flows were decided, whatever the interleaving.
        static func expectExact(_ ledger: PostgresLedger, _ database: TestDatabase, total: Int) async throws {
            let volumes = try await ledger.volumes(exporter: Sample.exporter, year: 2025)
            #expect(volumes == [VolumeRow(
                exporter: Sample.exporter, year: 2025, counter: "personal", countedPersons: total * persons,
                uncountedPersons: 0, transfers: total, uncountedTransfers: 0)])
            let records = try await ledger.auditRecords()
            #expect(records.count == total)
            #expect(records.map(\.sequence) == (1...Int64(total)).map { $0 })
            #expect(Set(records.map(\.flowID)).count == total)
            // Serialised decisions: each one saw exactly the flows recorded before it.
            #expect(records.map { $0.counters["personal"]?.prior ?? -1 } == (0..<total).map { $0 * persons })
            let verification = try await ledger.verifyAudit()
            #expect(verification.isIntact, "\(verification.problems.prefix(3))")
            #expect(verification.checked == total)
            let duplicates = try await database.scalar(
                "SELECT count(*) FROM (SELECT sequence FROM audit GROUP BY sequence HAVING count(*) > 1) d", as: Int64.self)
            #expect(duplicates == 0)
        }

        @Test("two stores recording 2 × 500 flows of one exporter at once lose and double nothing")
        func twoStores() async throws {
            try await withDatabase { database async throws in
                let one = try await database.open()
                let two = try await database.open()
                let start = ContinuousClock.now
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await Self.decide(one, prefix: "one", count: Self.perWriter) }
                    group.addTask { try await Self.decide(two, prefix: "two", count: Self.perWriter) }
                    try await group.waitForAll()
                }
                let elapsed = ContinuousClock.now - start
                print("postgres store: 2 concurrent writers, \(2 * Self.perWriter) records in \(elapsed): "
                    + "\(Self.rate(2 * Self.perWriter, elapsed)) records/s")
                try await Self.expectExact(one, database, total: 2 * Self.perWriter)
                await one.close()
                await two.close()
            }
        }

        @Test("one store recording 500 flows, for the single-writer figure")
        func oneStore() async throws {
            try await withLedger { ledger, database async throws in
                let start = ContinuousClock.now
                try await Self.decide(ledger, prefix: "solo", count: Self.perWriter)
                let elapsed = ContinuousClock.now - start
                print("postgres store: 1 writer, \(Self.perWriter) records in \(elapsed): "
                    + "\(Self.rate(Self.perWriter, elapsed)) records/s")
                try await Self.expectExact(ledger, database, total: Self.perWriter)
            }
        }

        static func rate(_ count: Int, _ elapsed: Duration) -> Int {
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return seconds > 0 ? Int(Double(count) / seconds) : 0
        }
    }
}

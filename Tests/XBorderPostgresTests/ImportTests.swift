import Foundation
import Testing
@testable import XBorderLedger
@testable import XBorderPostgres

extension OnServer {
    @Suite("importing past transfers into the PostgreSQL store")
    struct ImportTests {
        let exporter = Sample.exporter

        @Test("a csv file is imported, and importing it again changes nothing")
        func importCSV() async throws {
            let folder = try TemporaryFolder()
            try await withLedger { ledger, _ async throws in
                let file = try folder.write("history.csv", """
                    flow_id,exporter,date,personal,sensitive,counted,outcome
                    h1,"Acme Co., Ltd.",2025-01-10,40000,100,true,contract-or-certification
                    h2,"Acme Co., Ltd.",2025-02-10,20000,,yes,
                    h3,"Acme Co., Ltd.",2025-03-10,99999,0,false,exempt\r

                    """)
                let summary = try await ledger.importTransfers(path: file, toolVersion: "0.1.0-test")
                #expect(summary == ImportSummary(path: file, entries: 3, recorded: 3))
                #expect(try await ledger.yearPrior(exporter: "Acme Co., Ltd.") == ["personal": 60_000, "sensitive": 100])
                let records = try await ledger.auditRecords()
                #expect(records.map(\.kind) == [.import, .import, .import])
                #expect(records.map(\.source) == ["\(file):2", "\(file):3", "\(file):4"])
                let again = try await ledger.importTransfers(path: file, toolVersion: "0.1.0-test")
                #expect(again == ImportSummary(path: file, entries: 3, unchanged: 3))
                #expect(try await ledger.auditRecords().count == 3)
                #expect(try await ledger.verifyAudit().isIntact)
            }
        }

        @Test("a changed line on re-import replaces the old figures")
        func reimportChanged() async throws {
            let folder = try TemporaryFolder()
            try await withLedger { ledger, _ async throws in
                let header = "flow_id,exporter,date,personal,counted\n"
                _ = try await ledger.importTransfers(path: try folder.write("a.csv", header + "x1,E,2025-01-01,10,true\n"), toolVersion: "")
                let b = try folder.write("b.csv", header + "x1,E,2025-01-01,12,true\nx2,E,2025-01-02,1,true\n")
                let summary = try await ledger.importTransfers(path: b, toolVersion: "")
                #expect(summary == ImportSummary(path: b, entries: 2, recorded: 1, updated: 1))
                #expect(try await ledger.yearPrior(exporter: "E") == ["personal": 13])
                #expect(try await ledger.verifyAudit().isIntact)
            }
        }

        @Test("a malformed line rejects the whole file, and nothing is imported")
        func malformedLine() async throws {
            let folder = try TemporaryFolder()
            try await withLedger { ledger, _ async throws in
                let file = try folder.write(
                    "bad.csv", "flow_id,exporter,date,personal,counted\na,E,2025-01-01,1,true\nb,E,2025-02-30,1,true\n")
                do {
                    _ = try await ledger.importTransfers(path: file, toolVersion: "")
                    Issue.record("the import should have failed")
                } catch let error as LedgerError {
                    guard case let .malformedImport(path, line, _) = error else {
                        Issue.record("unexpected error \(error)")
                        return
                    }
                    #expect(path == file)
                    #expect(line == 3)
                }
                #expect(try await ledger.volumes().isEmpty)
                #expect(try await ledger.auditRecords().isEmpty)
                let missing = folder.path("nope.csv")
                await #expect(throws: LedgerError.cannotRead(path: missing, reason: "no such file or not readable")) {
                    _ = try await ledger.importTransfers(path: missing, toolVersion: "")
                }
            }
        }

        @Test("an import never changes a decided transfer: all or nothing, and it audits what it adds")
        func importCannotOverwriteDecisions() async throws {
            let folder = try TemporaryFolder()
            try await withLedger { ledger, _ async throws in
                let decided = Sample.entry("T-1", personal: 150_000)
                _ = try await ledger.record(decided, audit: Sample.audit(for: decided))
                let file = try folder.write("history.csv", """
                    flow_id,exporter,date,personal,counted
                    H-1,\(exporter),2025-01-05,10,true
                    T-1,\(exporter),2025-03-01,1,true

                    """)
                await #expect(throws: LedgerError.malformedImport(path: file, line: 3, reason: "flow T-1 was recorded by a decision with other figures; an import never changes a decided transfer (decide the flow again with 'xborder check --record' to correct it)")) {
                    _ = try await ledger.importTransfers(path: file, toolVersion: "")
                }
                // H-1, on the line before, was not kept either.
                #expect(try await ledger.yearPrior() == ["personal": 150_000])
                #expect(try await ledger.auditRecords().count == 1)
                let same = try folder.write("same.csv", "flow_id,exporter,date,personal,counted,outcome\nT-1,\(exporter),2025-03-01,150000,true,exempt\nH-1,\(exporter),2025-01-05,10,true,\n")
                #expect(try await ledger.importTransfers(path: same, toolVersion: "") == ImportSummary(path: same, entries: 2, recorded: 1, unchanged: 1))
                let records = try await ledger.auditRecords()
                #expect(records.map(\.kind) == [.decision, .import])
                #expect(records[1].transfer?.persons == ["personal": 10])
                #expect(try await ledger.verifyAudit().isIntact)
            }
        }

        @Test("NUL bytes in imported ids and counters are kept")
        func nulBytes() async throws {
            let folder = try TemporaryFolder()
            try await withLedger { ledger, _ async throws in
                let file = try folder.write("nul.jsonl", """
                    {"flowID":"H\\u0000x","exporter":"E","date":"2025-01-10","persons":{"personal":10}}
                    {"flowID":"H\\u0000y","exporter":"E","date":"2025-01-10","persons":{"personal":10}}
                    {"flowID":"H","exporter":"E","date":"2025-01-10","persons":{"per\\u0000sonal":3}}
                    """)
                #expect(try await ledger.importTransfers(path: file, toolVersion: "").recorded == 3)
                #expect(try await ledger.yearPrior(exporter: "E") == ["personal": 20, "per\u{0}sonal": 3])
                #expect(try await ledger.verifyAudit().isIntact)
            }
        }
    }
}

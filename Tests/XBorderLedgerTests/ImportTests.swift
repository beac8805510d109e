import Foundation
import Testing
@testable import XBorderLedger

@Suite("importing past transfers")
struct ImportTests {
    let year = CountingWindow(start: "2025-01-01", end: "2025-12-31")

    @Test("a csv file is imported, and importing it again changes nothing")
    func importCSV() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        let file = try folder.write("history.csv", """
            flow_id,exporter,date,personal,sensitive,counted,outcome
            h1,"Acme Co., Ltd.",2025-01-10,40000,100,true,contract-or-certification
            h2,"Acme Co., Ltd.",2025-02-10,20000,,yes,
            h3,"Acme Co., Ltd.",2025-03-10,99999,0,false,exempt\r

            """)
        let summary = try ledger.importTransfers(path: file)
        #expect(summary == ImportSummary(path: file, entries: 3, recorded: 3))
        #expect(try ledger.prior(exporter: "Acme Co., Ltd.", window: year, excludingFlow: nil)
            == ["personal": 60_000, "sensitive": 100])
        // Each imported transfer is on the audit chain; importing again changes and writes nothing.
        let records = try ledger.auditRecords()
        #expect(records.map(\.kind) == [.import, .import, .import])
        #expect(records.map(\.source) == ["\(file):2", "\(file):3", "\(file):4"])
        let again = try ledger.importTransfers(path: file)
        #expect(again == ImportSummary(path: file, entries: 3, unchanged: 3))
        #expect(try ledger.auditRecords().count == 3)
        #expect(try ledger.verifyAudit().isIntact)
    }

    @Test("a json lines file is imported with its defaults")
    func importJSONLines() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        let file = try folder.write("history.jsonl", """
            {"flowID":"j1","exporter":"E","date":"2025-01-10","persons":{"personal":10},"counted":true,"outcome":"exempt"}

            {"flowID":"j2","exporter":"E","date":"2025-05-10","persons":{"personal":5,"sensitive":1}}
            {"flowID":"j3","exporter":"E","date":"2025-05-11","persons":{"personal":7},"counted":false}
            """)
        let summary = try ledger.importTransfers(path: file)
        #expect(summary.recorded == 3)
        #expect(try ledger.prior(exporter: "E", window: year, excludingFlow: nil) == ["personal": 15, "sensitive": 1])
        let rows = try ledger.volumes(exporter: "E", year: 2025)
        #expect(rows.first { $0.counter == "personal" }?.uncountedPersons == 7)
    }

    @Test("a changed line on re-import replaces the old figures")
    func reimportChanged() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        let header = "flow_id,exporter,date,personal,counted\n"
        _ = try ledger.importTransfers(path: try folder.write("a.csv", header + "x1,E,2025-01-01,10,true\n"))
        let summary = try ledger.importTransfers(path: try folder.write("b.csv", header + "x1,E,2025-01-01,12,true\nx2,E,2025-01-02,1,true\n"))
        #expect(summary == ImportSummary(path: folder.path("b.csv"), entries: 2, recorded: 1, updated: 1))
        #expect(try ledger.prior(exporter: "E", window: year, excludingFlow: nil) == ["personal": 13])
    }

    @Test("a malformed line rejects the whole file and names its line", arguments: [
        ("bad-date.csv", "flow_id,exporter,date,personal,counted\na,E,2025-01-01,1,true\nb,E,2025-02-30,1,true\n", 3),
        ("bad-number.csv", "flow_id,exporter,date,personal,counted\na,E,2025-01-01,1,true\nb,E,2025-01-02,many,true\n", 3),
        ("negative.csv", "flow_id,exporter,date,personal,counted\na,E,2025-01-01,-1,true\n", 2),
        ("bad-counted.csv", "flow_id,exporter,date,personal,counted\na,E,2025-01-01,1,maybe\n", 2),
        ("short.csv", "flow_id,exporter,date,personal,counted\na,E,2025-01-01,1,true\n\nb,E,2025-01-02,1\n", 4),
        ("quote.csv", "flow_id,exporter,date,personal,counted\na,\"E,2025-01-01,1,true\n", 2),
        ("duplicate.csv", "flow_id,exporter,date,personal,counted\na,E,2025-01-01,1,true\na,E,2025-01-02,1,true\n", 3),
        ("no-counted.csv", "flow_id,exporter,date,personal\na,E,2025-01-01,1\n", 1),
        ("empty-exporter.csv", "flow_id,exporter,date,personal,counted\na,,2025-01-01,1,true\n", 2),
        ("bad.jsonl", "{\"flowID\":\"a\",\"exporter\":\"E\",\"date\":\"2025-01-01\",\"persons\":{\"personal\":1}}\n{\"flowID\":\"b\",\"exporter\":\"E\"\n", 2),
        ("missing.jsonl", "{\"flowID\":\"a\",\"exporter\":\"E\",\"date\":\"2025-01-01\",\"persons\":{\"personal\":1}}\n{\"flowID\":\"b\",\"exporter\":\"E\",\"persons\":{}}\n", 2),
        ("wrong-type.jsonl", "{\"flowID\":\"a\",\"exporter\":\"E\",\"date\":\"2025-01-01\",\"persons\":{\"personal\":\"1\"}}\n", 1),
    ])
    func malformedLine(name: String, text: String, line: Int) throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        let file = try folder.write(name, text)
        do {
            _ = try ledger.importTransfers(path: file)
            Issue.record("import of \(name) should have failed")
        } catch let error as LedgerError {
            guard case let .malformedImport(path, number, reason) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(path == file)
            #expect(number == line)
            #expect(!reason.isEmpty)
            #expect(error.description.hasPrefix("\(file):\(line): "))
            #expect(!error.description.contains("Int"))
            #expect(!error.description.contains("String"))
        }
        #expect(try ledger.volumes().isEmpty)
    }

    @Test("a missing file is a clear error")
    func missingFile() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        let path = folder.path("nope.csv")
        #expect(throws: LedgerError.cannotRead(path: path, reason: "no such file or not readable")) {
            try ledger.importTransfers(path: path)
        }
    }
}

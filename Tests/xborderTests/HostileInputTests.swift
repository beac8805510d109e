import Foundation
import Testing

/// What a hostile-input probe of the command line found, each kept as a reproducer.
@Suite("hostile input, end to end")
struct HostileInputTests {
    let mini = Binary.fixtures.appendingPathComponent("mini").path

    /// 2,000,000 persons plus a stated prior near Int.max used to wrap negative and be exempt
    /// under Provisions Art. 5(4) of the bundled pack.
    @Test func priorThatWouldWrapIsRefused() throws {
        let folder = try Binary.temporaryFolder()
        let path = try Binary.write("""
            date: 2025-06-10
            exporter: {ciio: false, name: Example Retail Co.}
            recipient: {country: DE}
            items:
              - {name: members, class: personal, individuals: 2000000}
            prior: {personal: 9223372036854775000, sensitive: 0}
            """, to: "wrap.yaml", in: folder)
        let run = try Binary.run(["check", path, "--format", "json"])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("\(path):6:19: error[invalid-value]"), "\(run.stderr)")
        #expect(!run.stderr.contains("exempt"))
    }

    @Test func sensitiveItemsThatWouldWrapAreRefused() throws {
        let folder = try Binary.temporaryFolder()
        let path = try Binary.write("""
            date: 2025-06-10
            exporter: {ciio: false}
            recipient: {country: DE}
            items:
              - {name: a, class: sensitive-personal, individuals: 9223372036854775807}
              - {name: b, class: sensitive-personal, individuals: 9223372036854775807}
              - {name: c, class: sensitive-personal, individuals: 5000}
            """, to: "wrap.yaml", in: folder)
        let run = try Binary.run(["check", path, "--policies", mini])
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(path):5:55: error[invalid-value]"), "\(run.stderr)")
        #expect(run.stderr.contains("\(path):6:55: error[invalid-value]"))
    }

    /// A NUL in the exporter's id broke the ledger key and the audit chain.
    @Test func nulInIdentifiersIsRefusedBeforeAnythingIsRecorded() throws {
        let folder = try Binary.temporaryFolder()
        let path = try Binary.write(#"{"id": "T\u0000", "date": "2025-06-10", "exporter": {"id": "9131\u0000X", "ciio": false}, "recipient": {"country": "DE"}, "items": [{"name": "x", "class": "personal", "individuals": 5}]}"# + "\n",
                                    to: "nul.jsonl", in: folder)
        let db = folder.appendingPathComponent("ledger.db").path
        let run = try Binary.run(["check", path, "--policies", mini, "--record", "--db", db, "--format", "json"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("nul.jsonl:1:") && run.stderr.contains("error[invalid-value]"), "\(run.stderr)")
        #expect(run.stderr.contains("U+0000"))
        #expect(!run.stdout.contains("outcome"))
    }
}

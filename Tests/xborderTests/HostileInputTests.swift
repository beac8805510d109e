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

    /// A symbolic link to a 1 GiB file was measured with lstat (the link's size), then read whole.
    @Test func aLinkToAHugeFileIsRefusedWithoutReadingIt() throws {
        let folder = try Binary.temporaryFolder()
        let huge = folder.appendingPathComponent("huge.bin")
        _ = FileManager.default.createFile(atPath: huge.path, contents: nil)
        let handle = try FileHandle(forWritingTo: huge)
        try handle.truncate(atOffset: 1 << 30)
        try handle.close()
        let link = folder.appendingPathComponent("flow.yaml")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: huge)
        let run = try Binary.run(["check", link.path, "--policies", mini], timeout: .seconds(30))
        #expect(run.status == 2)
        #expect(run.stderr.contains("1073741824 bytes, more than the limit of 67108864"), "\(run.stderr)")
    }

    /// Blank lines by the million are skipped as bytes; the flow after them answers at its line.
    @Test func millionsOfBlankLinesAreStreamed() throws {
        let folder = try Binary.temporaryFolder()
        let path = folder.appendingPathComponent("blank.jsonl").path
        var data = Data(repeating: 0x0A, count: 8_000_000)
        data.append(Data(#"{"id": "after", "date": "2025-06-10", "exporter": {"ciio": false}, "recipient": {"country": "DE"}, "items": [{"name": "x", "class": "persnal", "individuals": 5}]}"#.utf8))
        try data.write(to: URL(fileURLWithPath: path))
        let run = try Binary.run(["check", path, "--policies", mini, "--format", "json"], timeout: .seconds(60))
        #expect(run.status == 2)
        #expect(run.stderr.contains("blank.jsonl:8000001:"), "\(run.stderr.prefix(500))")
        #expect(run.stdout.contains(#""line":8000001"#) || run.stdout.isEmpty)
    }

    /// A policy folder reached through a link was skipped while validate said ok, and a rule that
    /// prohibits the flow was lost.
    @Test func aLinkedPolicyFolderIsRead() throws {
        let folder = try Binary.temporaryFolder()
        let fm = FileManager.default
        let policies = folder.appendingPathComponent("policies"), rules = folder.appendingPathComponent("shared/rules")
        try fm.createDirectory(at: policies, withIntermediateDirectories: true)
        try fm.createDirectory(at: rules, withIntermediateDirectories: true)
        try fm.copyItem(atPath: mini + "/vocabulary.yaml", toPath: policies.appendingPathComponent("vocabulary.yaml").path)
        try fm.copyItem(atPath: mini + "/list.yaml", toPath: policies.appendingPathComponent("list.yaml").path)
        try fm.copyItem(atPath: mini + "/bands.yaml", toPath: rules.appendingPathComponent("bands.yaml").path)
        try fm.createSymbolicLink(at: policies.appendingPathComponent("rules"), withDestinationURL: rules)
        let validate = try Binary.run(["validate", policies.path])
        #expect(validate.status == 0, "\(validate.stderr)")
        let flow = try Binary.write("date: 2025-06-10\nexporter: {ciio: false}\nrecipient: {country: DE}\nitems: [{name: x, class: core}]\n",
                                    to: "core.yaml", in: folder)
        let check = try Binary.run(["check", flow, "--policies", policies.path, "--format", "json"])
        #expect(check.status == 1)
        #expect(check.stdout.contains(#""outcome" : "prohibited""#) || check.stdout.contains(#""outcome": "prohibited""#), "\(check.stdout)")
        // A link back up the tree is refused with its place, not walked forever.
        try fm.createSymbolicLink(at: rules.appendingPathComponent("loop"), withDestinationURL: policies)
        let looped = try Binary.run(["validate", policies.path], timeout: .seconds(30))
        #expect(looped.status == 2)
        #expect(looped.stderr.contains("error[link-loop]"), "\(looped.stderr)")
    }

    /// A suite's `flow-file: /etc/passwd` printed that file's lines in its diagnostics.
    @Test func aSuiteCannotReadFilesOutsideItsFolder() throws {
        let folder = try Binary.temporaryFolder()
        let suite = try Binary.write("""
            suite: outside
            cases:
              - name: passwd
                flow-file: /etc/passwd
                expect: {outcome: exempt}
            """, to: "suite.yaml", in: folder)
        let run = try Binary.run(["test", suite, "--policies", mini], cwd: folder.path)
        #expect(run.status == 2)
        let printed = run.stdout + run.stderr
        #expect(printed.contains("suite.yaml:4:16: error[invalid-value]"), "\(printed)")
        #expect(!printed.contains("root:"))
    }

    /// 10,000 diagnostics took 29 s to print (each rescanned the file for its line); the first
    /// hundred are shown now, and how many more there are.
    @Test func manyDiagnosticsArePrintedUpToAHundred() throws {
        let folder = try Binary.temporaryFolder()
        let lines = ["date: 2025-06-10", "exporter: {ciio: false}", "recipient: {country: DE}", "items:"]
            + Array(repeating: "  - {name: a, class: general, individual: 5}", count: 10_000)
        let path = try Binary.write(lines.joined(separator: "\n") + "\n", to: "many.yaml", in: folder)
        let run = try Binary.run(["check", path, "--policies", mini], timeout: .seconds(30))
        #expect(run.status == 2)
        #expect(run.stderr.components(separatedBy: "error[unknown-key]").count - 1 == 100)
        #expect(run.stderr.contains("… and 9900 more (10000 in all)"))
    }
}

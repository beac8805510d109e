import Foundation
import Testing

@Suite("xborder check, end to end")
struct CheckCommandTests {
    let mini = Binary.fixtures.appendingPathComponent("mini").path

    func flow(_ persons: Int, _ dataClass: String = "personal", id: String = "T-1") -> String {
        """
        id: \(id)
        date: 2025-06-10
        exporter: {ciio: false, name: Example Retail Co.}
        recipient: {country: DE}
        items:
          - {name: members, class: \(dataClass), individuals: \(persons)}
        """
    }

    @Test func jsonFollowsTheContract() throws {
        let folder = try Binary.temporaryFolder()
        let path = try Binary.write(flow(150_000), to: "flow.yaml", in: folder)
        let run = try Binary.run(["check", path, "--policies", mini, "--format", "json"])
        #expect(run.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["flow"] as? String == "T-1")
        #expect(object["date"] as? String == "2025-06-10")
        #expect(object["outcome"] as? String == "contract")
        let rules = try #require(object["rules"] as? [[String: Any]])
        #expect(rules.first?["id"] as? String == "mini.band")
        #expect(rules.first?["cite"] as? String == "Provisions Art. 8")
        let obligations = try #require(object["obligations"] as? [[String: Any]])
        #expect(obligations.contains { $0["cite"] as? String == "PIPL Art. 39" })
        let explanation = try #require(object["explanation"] as? [String: String])
        #expect(explanation["en"]?.isEmpty == false && explanation["zh"]?.isEmpty == false)
        let policy = try #require(object["policy"] as? [String: String])
        #expect(policy["digest"]?.hasPrefix("sha256:") == true)
        // The contract's key order: flow, date, outcome, rules, obligations, explanation, policy.
        let order = ["\"flow\"", "\"date\"", "\"outcome\"", "\"rules\"", "\"obligations\"", "\"explanation\"", "\"policy\""]
            .compactMap { run.stdout.range(of: $0)?.lowerBound }
        #expect(order == order.sorted() && order.count == 7)
    }

    @Test func exemptExitsZero() throws {
        let folder = try Binary.temporaryFolder()
        let path = try Binary.write(flow(99_999), to: "flow.yaml", in: folder)
        let run = try Binary.run(["check", path, "--policies", mini])
        #expect(run.status == 0)
        #expect(run.stdout.contains("EXEMPT"))
    }

    @Test func textOutputSnapshot() throws {
        let folder = try Binary.temporaryFolder()
        let path = try Binary.write(flow(150_000), to: "flow.yaml", in: folder)
        let run = try Binary.run(["check", path, "--policies", mini])
        try Binary.expectSnapshot(run.stdout, named: "check-text-contract.txt")
    }

    @Test func malformedFlowIsLocatedAndExitsTwo() throws {
        let folder = try Binary.temporaryFolder()
        let path = try Binary.write(flow(5).replacingOccurrences(of: "individuals", with: "individual"), to: "bad.yaml", in: folder)
        let run = try Binary.run(["check", path, "--policies", mini])
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(path):6:38: error[unknown-key]: unknown key 'individual' in an item"))
        #expect(run.stderr.contains("help: did you mean 'individuals'?"))
        #expect(run.stderr.contains("^"))
    }

    @Test func jsonLinesInventoryKeepsGoingPastABadLine() throws {
        let folder = try Binary.temporaryFolder()
        let good = #"{"id": "A", "date": "2025-06-10", "exporter": {"ciio": false}, "recipient": {"country": "DE"}, "items": [{"name": "x", "class": "personal", "individuals": 5}]}"#
        let bad = #"{"id": "B", "date": "2025-06-10", "exporter": {"ciio": false}, "recipient": {"country": "DE"}, "items": [{"name": "x", "class": "persnal", "individuals": 5}]}"#
        let big = good.replacingOccurrences(of: "\"A\"", with: "\"C\"").replacingOccurrences(of: ": 5}", with: ": 2000000}")
        let path = try Binary.write([good, bad, big].joined(separator: "\n") + "\n", to: "inventory.jsonl", in: folder)
        let run = try Binary.run(["check", path, "--policies", mini, "--format", "json"])
        // Invalid input (2 or higher), and a valid flow that needs a mechanism: 4.
        #expect(run.status == 4)
        let lines = run.stdout.split(separator: "\n")
        // Flow format 1.1: the bad line is answered in place, so output line n answers input line n.
        #expect(lines.count == 3)
        #expect(lines.first?.contains(#""flow":"A""#) == true && lines.last?.contains(#""outcome":"assessment""#) == true)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(record["line"] as? Int == 2)
        let error = try #require(record["error"] as? [String: Any])
        #expect(error["code"] as? String == "undefined-reference")
        #expect((error["message"] as? String)?.contains("persnal") == true)
        #expect(run.stderr.contains("inventory.jsonl:2:"))
        #expect(run.stderr.contains("did you mean 'personal'?"))
    }

    /// Inventories are decided in parallel batches; the answers still come in input order.
    @Test func largeInventoriesKeepInputOrder() throws {
        let folder = try Binary.temporaryFolder()
        let lines = (0..<9000).map { i in
            #"{"id": "L-\#(i)", "date": "2025-06-10", "exporter": {"ciio": false}, "recipient": {"country": "DE"}, "items": [{"name": "x", "class": "personal", "individuals": \#(i * 37)}]}"#
        }
        let path = try Binary.write(lines.joined(separator: "\n"), to: "big.jsonl", in: folder)
        let run = try Binary.run(["check", path, "--policies", mini, "--format", "json"])
        #expect(run.status == 1)
        let ids = run.stdout.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: #""flow":""#) else { return nil }
            return String(line[range.upperBound...].prefix { $0 != "\"" })
        }
        #expect(ids == (0..<9000).map { "L-\($0)" })
    }

    @Test func foldersAreInventories() throws {
        let folder = try Binary.temporaryFolder()
        _ = try Binary.write(flow(10, id: "B"), to: "b.yaml", in: folder)
        _ = try Binary.write(flow(10, id: "A"), to: "a.yaml", in: folder)
        let run = try Binary.run(["check", folder.path, "--policies", mini, "--format", "json"])
        #expect(run.status == 0)
        let ids = run.stdout.split(separator: "\n").map { $0.contains(#""flow":"A""#) ? "A" : "B" }
        #expect(ids == ["A", "B"])
    }

    @Test func hostileYAMLIsRefusedQuickly() throws {
        let folder = try Binary.temporaryFolder()
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...12 { text += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let path = try Binary.write(text, to: "bomb.yaml", in: folder)
        let started = ContinuousClock.now
        let run = try Binary.run(["check", path, "--policies", mini])
        #expect(run.status == 2)
        #expect(run.stderr.contains("error[limit-exceeded]"))
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func missingFileAndUsage() throws {
        let run = try Binary.run(["check", "/nonexistent/flow.yaml", "--policies", mini])
        #expect(run.status == 2)
        #expect(run.stderr.contains("/nonexistent/flow.yaml"))
        #expect(try Binary.run(["check"]).status >= 2)
    }

    @Test func aThresholdEditedInYAMLChangesTheDecisionWithoutRebuilding() throws {
        let folder = try Binary.temporaryFolder()
        let policies = folder.appendingPathComponent("policies")
        try FileManager.default.copyItem(atPath: mini, toPath: policies.path)
        let flowPath = try Binary.write(flow(150_000), to: "flow.yaml", in: folder)
        #expect(try Binary.run(["check", flowPath, "--policies", policies.path]).status == 1)
        let bands = policies.appendingPathComponent("bands.yaml")
        let text = try String(contentsOf: bands, encoding: .utf8)
            .replacingOccurrences(of: "2024-03-22: {value: 100000, cite: New Art. 8}", with: "2024-03-22: {value: 200000, cite: New Art. 8}")
        try text.write(to: bands, atomically: true, encoding: .utf8)
        #expect(try Binary.run(["check", flowPath, "--policies", policies.path]).status == 0)
    }
}

@Suite("xborder validate, end to end")
struct ValidateCommandTests {
    @Test func cleanFolder() throws {
        let run = try Binary.run(["validate", Binary.fixtures.appendingPathComponent("mini").path])
        #expect(run.status == 0)
        #expect(run.stdout.contains("ok:"))
    }

    @Test func brokenPolicyIsLocated() throws {
        let folder = try Binary.temporaryFolder()
        try FileManager.default.copyItem(atPath: Binary.fixtures.appendingPathComponent("mini/vocabulary.yaml").path,
                                         toPath: folder.appendingPathComponent("vocabulary.yaml").path)
        let path = try Binary.write("pack: x\ntitle: {zh: 测试, en: test}\nrules:\n  - id: x.a\n    then: exempt\n", to: "x.yaml", in: folder)
        let run = try Binary.run(["validate", folder.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(path):4:5: error[missing-citation]"))
    }
}

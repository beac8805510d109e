import Foundation
import Testing

/// `xborder diff` through the built binaries, checked against `xborder check` run under each
/// policy set: an independent path to the same answer.
@Suite("xborder diff, end to end")
struct DiffCommandTests {
    /// A copy of the bundled policies with the Art. 7(2) threshold of 1,000,000 persons lowered.
    static func loweredThreshold(in folder: URL) throws -> URL {
        let copy = folder.appendingPathComponent("Lowered")
        try FileManager.default.copyItem(at: Binary.projectRoot.appendingPathComponent("Policies"), to: copy)
        let file = copy.appendingPathComponent("cn/provisions-2024.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let old = "2024-03-22: {value: 1000000, cite: Provisions Art. 7(2)}"
        #expect(text.contains(old), "the threshold line moved: update the test")
        try text.replacingOccurrences(of: old, with: "2024-03-22: {value: 800000, cite: Provisions Art. 7(2)}").write(to: file, atomically: true, encoding: .utf8)
        return copy
    }

    /// What `check --format json` says of each line: flow id → (outcome, deciding rules, obligations).
    static func decisions(_ inventory: String, policies: String) throws -> [String: [String]] {
        let run = try Binary.run(["check", inventory, "--format", "json", "--explain", "none", "-q", "--policies", policies], timeout: .seconds(300))
        #expect(!run.stdout.isEmpty, "\(run.stderr.prefix(1000))")
        var result: [String: [String]] = [:]
        for line in run.stdout.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let id = try #require(object["flow"] as? String)
            let rules = ((object["rules"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }.sorted()
            let obligations = ((object["obligations"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }.sorted()
            result[id] = [object["outcome"] as? String ?? "?", rules.joined(separator: ","), obligations.joined(separator: ",")]
        }
        return result
    }

    /// The judgement: over a 20,000-flow inventory, `diff` lists exactly the flows whose
    /// decision moves (and among them exactly those whose outcome moves), no more, no fewer.
    @Test func aLoweredThresholdListsExactlyTheFlowsThatMove() throws {
        let folder = try Binary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lowered = try Self.loweredThreshold(in: folder)
        let inventory = folder.appendingPathComponent("inventory.jsonl").path
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        generator.arguments = ["python3", Binary.projectRoot.appendingPathComponent("Bench/compare/gen.py").path, "--flows", "20000", "--seed", "11", "--out", inventory]
        try generator.run()
        generator.waitUntilExit()
        try #require(generator.terminationStatus == 0, "the inventory generator failed")

        let policies = Binary.projectRoot.appendingPathComponent("Policies").path
        let before = try Self.decisions(inventory, policies: policies)
        let after = try Self.decisions(inventory, policies: lowered.path)
        #expect(before.count == 20_000)
        let moved = Set(before.keys.filter { before[$0] != after[$0] })
        let outcomeMoved = Set(before.keys.filter { before[$0]?.first != after[$0]?.first })
        #expect(outcomeMoved.count > 0, "the generated inventory has no flow near the threshold")

        let run = try Binary.run(["diff", policies, lowered.path, "--flows", inventory, "--format", "json", "--no-proofs"], timeout: .seconds(300))
        #expect(run.status == 1, "\(run.stderr.prefix(2000))")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout.prefix(500))")
        #expect(document["flows"] as? Int == 20_000)
        let changed = try #require(document["changed"] as? [[String: Any]])
        let listed = Set(changed.compactMap { $0["flow"] as? String })
        #expect(listed.count == changed.count, "a flow is listed twice")
        #expect(listed == moved, "listed but not moved: \(listed.subtracting(moved).sorted().prefix(5)); moved but not listed: \(moved.subtracting(listed).sorted().prefix(5))")
        let listedOutcome = Set(changed.filter { ($0["moved"] as? [String])?.contains("outcome") == true }.compactMap { $0["flow"] as? String })
        #expect(listedOutcome == outcomeMoved)
        for entry in changed.prefix(50) {
            let id = try #require(entry["flow"] as? String)
            let beforeOutcome = (entry["before"] as? [String: Any])?["outcome"] as? String
            let afterOutcome = (entry["after"] as? [String: Any])?["outcome"] as? String
            #expect(beforeOutcome == before[id]?.first && afterOutcome == after[id]?.first)
        }
        // Grouped by the rules that entered or left, with the article of each.
        let groups = try #require(document["by-rule"] as? [[String: Any]])
        let art72 = groups.first { $0["id"] as? String == "cn.provisions.art7-2.volume" }
        #expect(art72?["cite"] as? String == "Provisions Art. 7(2)")
        #expect((art72?["flows"] as? Int ?? 0) > 0)
        // The one change of the law, named and located.
        let changes = try #require(document["changes"] as? [[String: Any]])
        #expect(changes.count == 1)
        #expect(changes.first?["kind"] as? String == "parameter" && changes.first?["id"] as? String == "assessment-threshold")
    }

    /// The solver finds a witness of the change, and the evaluator decides it as the witness says.
    @Test func theChangeHasAWitnessAndTheTextGroupsByRule() throws {
        let folder = try Binary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lowered = try Self.loweredThreshold(in: folder)
        let policies = Binary.projectRoot.appendingPathComponent("Policies").path
        let run = try Binary.run(["diff", policies, lowered.path, "--format", "json"], timeout: .seconds(600))
        #expect(run.status == 1, "\(run.stderr.prefix(2000))")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout.prefix(500))")
        let change = try #require((document["changes"] as? [[String: Any]])?.first)
        let symbolic = try #require(change["symbolic"] as? [String: Any])
        #expect(symbolic["result"] as? String == "differs")
        #expect(symbolic["confirmed"] as? Bool == true)
        let witness = try #require(symbolic["witness"] as? [String: Any])
        // The witness, decided by `check` under each set, moves as the diff says.
        let data = try JSONSerialization.data(withJSONObject: witness)
        let file = try Binary.write(String(decoding: data, as: UTF8.self), to: "witness.json", in: folder)
        let old = try Binary.run(["check", file, "--format", "json", "--policies", policies])
        let new = try Binary.run(["check", file, "--format", "json", "--policies", lowered.path])
        let oldOutcome = (try JSONSerialization.jsonObject(with: Data(old.stdout.utf8)) as? [String: Any])?["outcome"] as? String
        let newOutcome = (try JSONSerialization.jsonObject(with: Data(new.stdout.utf8)) as? [String: Any])?["outcome"] as? String
        #expect(oldOutcome == (symbolic["before"] as? [String: Any])?["outcome"] as? String)
        #expect(newOutcome == (symbolic["after"] as? [String: Any])?["outcome"] as? String)
        #expect(oldOutcome != newOutcome)
        // The scenario cases are the default flows; the text names the rule and article.
        let text = try Binary.run(["diff", policies, lowered.path, "--no-proofs"], timeout: .seconds(300))
        #expect(text.stdout.contains("By rule:") && text.stdout.contains("cn.provisions.art7-2.volume  Provisions Art. 7(2)"), "\(text.stdout.prefix(2000))")
        #expect(text.stdout.contains("provisions-bands.yaml:"))
    }

    @Test func identicalSetsExitZeroWithAProof() throws {
        let folder = try Binary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("Copy")
        try FileManager.default.copyItem(at: Binary.projectRoot.appendingPathComponent("Policies"), to: copy)
        let policies = Binary.projectRoot.appendingPathComponent("Policies").path
        let run = try Binary.run(["diff", policies, copy.path, "--format", "json"], timeout: .seconds(600))
        #expect(run.status == 0, "\(run.stdout.prefix(2000)) \(run.stderr.prefix(2000))")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect((document["changed"] as? [Any])?.isEmpty == true)
        #expect((document["changes"] as? [Any])?.isEmpty == true)
        #expect((document["whole"] as? [String: Any])?["result"] as? String == "equivalent")
    }

    /// `xborder diff --help` is the analysis binary's own help, with its options.
    @Test func helpShowsTheOptionsOfDiff() throws {
        let run = try Binary.run(["diff", "--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("--flows") && run.stdout.contains("--no-proofs"), "\(run.stdout.prefix(1000))")
    }

    @Test func aMissingFolderIsAnError() throws {
        let run = try Binary.run(["diff", "/no/such/folder", "Policies"], cwd: Binary.projectRoot.path)
        #expect(run.status == 2)
        #expect(run.stderr.contains("/no/such/folder"))
    }
}

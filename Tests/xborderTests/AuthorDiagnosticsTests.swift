import Foundation
import Testing

/// What a policy author sees: the root cause first, its consequences counted under it, one JSON
/// document for tools, and one digest per policy content.
@Suite("diagnostics for policy authors, end to end")
struct AuthorDiagnosticsTests {
    static let policies = Binary.projectRoot.appendingPathComponent("Policies")

    /// A copy of the bundled policies with one parameter date written twice: the file no longer
    /// parses, and every other file naming its counters, parameters and rules reports them.
    /// Returns the copy and the line of the second date.
    func duplicatedDate() throws -> (URL, Int) {
        let copy = try Binary.temporaryFolder().appendingPathComponent("Policies")
        try FileManager.default.copyItem(at: Self.policies, to: copy)
        let file = copy.appendingPathComponent("cn/provisions-2024.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let line = "      2024-03-22: {value: 100000, cite: \"Provisions Arts. 5(4), 8\"}\n"
        let range = try #require(text.range(of: line))
        let lineNumber = text[..<range.upperBound].filter { $0 == "\n" }.count + 1
        try text.replacingOccurrences(of: line, with: line + "      2024-03-22: {value: 100000, cite: \"Provisions Art. 8\"}\n")
            .write(to: file, atomically: true, encoding: .utf8)
        return (copy, lineNumber)
    }

    @Test func theRootCauseComesFirstWithItsConsequencesCounted() throws {
        let (copy, line) = try duplicatedDate()
        let run = try Binary.run(["validate", copy.path])
        #expect(run.status == 2)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == "\(copy.path)/cn/provisions-2024.yaml:\(line):7: error[duplicate-key]: key '2024-03-22' appears twice in this mapping")
        #expect(lines.contains { $0.hasPrefix("help: ") })
        let count = try #require(lines.first { $0.hasPrefix("  = and ") })
        #expect(count.contains("errors caused by this one (in ") && count.hasSuffix(" files)"))
        // Nothing else is printed as a problem of its own.
        #expect(lines.filter { $0.contains(": error[") }.count == 1)
        #expect(lines.last?.contains("(1 to fix,") == true)

        let verbose = try Binary.run(["validate", copy.path, "--verbose"])
        #expect(verbose.stderr.contains("\n    \(copy.path)/cn/gba.yaml:"))
        #expect(verbose.stderr.contains("error[undefined-reference]: no counter named 'personal'"))
    }

    @Test func validateJSONFoldsTheConsequencesUnderTheRoot() throws {
        let (copy, line) = try duplicatedDate()
        let run = try Binary.run(["validate", copy.path, "--format", "json"])
        #expect(run.status == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["ok"] as? Bool == false)
        #expect(object["root_causes"] as? Int == 1)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 1)
        let root = try #require(diagnostics.first)
        #expect(root["code"] as? String == "duplicate-key")
        #expect(root["severity"] as? String == "error")
        #expect(root["file"] as? String == copy.appendingPathComponent("cn/provisions-2024.yaml").path)
        #expect(root["line"] as? Int == line && root["column"] as? Int == 7)
        #expect(root["message"] is String && root["help"] is String)
        let caused = try #require(root["caused"] as? [[String: Any]])
        #expect(caused.count == (object["errors"] as? Int ?? 0) - 1)
        #expect(caused.allSatisfy { $0["code"] as? String == "undefined-reference" && $0["line"] is Int })
    }

    @Test func validateJSONOfACleanFolder() throws {
        let run = try Binary.run(["validate", Self.policies.path, "--format", "json"])
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["ok"] as? Bool == true && object["errors"] as? Int == 0)
        #expect((object["digest"] as? String)?.hasPrefix("sha256:") == true)
        #expect(object["diagnostics"] is [Any])
    }

    @Test func oneDigestWhateverThePathSpelling() throws {
        let flow = Binary.projectRoot.appendingPathComponent("Scenarios/examples/retail-members.yaml").path
        var digests = Set<String>()
        for spelling in ["Policies", "Policies/", "./Policies", Self.policies.path, Self.policies.path + "/"] {
            let run = try Binary.run(["check", flow, "--policies", spelling, "--format", "json"], cwd: Binary.projectRoot.path)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(spelling): \(run.stderr)")
            digests.insert(((object["policy"] as? [String: Any])?["digest"] as? String) ?? "?")
            let validate = try Binary.run(["validate", spelling, "--format", "json"], cwd: Binary.projectRoot.path)
            let report = try #require(try JSONSerialization.jsonObject(with: Data(validate.stdout.utf8)) as? [String: Any])
            digests.insert(report["digest"] as? String ?? "?")
        }
        #expect(digests.count == 1 && digests.first?.hasPrefix("sha256:") == true, "\(digests)")
    }
}

import Foundation
import Testing

/// The bundled policies and scenario suites, through the binary as a service desk runs them.
@Suite("bundled policies and scenarios")
struct BundledCorpusTests {
    @Test func bundledPoliciesValidateClean() throws {
        let run = try Binary.run(["validate"], cwd: FileManager.default.temporaryDirectory.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("ok:"))
    }

    @Test func everyBundledScenarioPasses() throws {
        let folder = try Binary.temporaryFolder()
        let junit = folder.appendingPathComponent("report.xml").path
        let run = try Binary.run(["test", "--junit", junit, "--coverage", "--min-coverage", "90"],
                                 cwd: FileManager.default.temporaryDirectory.path)
        #expect(run.status == 0, "\(run.stdout.suffix(3000))\n\(run.stderr)")
        #expect(run.stdout.contains("0 failed"))
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("<testsuite"))
    }

    @Test func readmeExampleWorksFromAnyDirectory() throws {
        let example = Binary.projectRoot.appendingPathComponent("Scenarios/examples/retail-members.yaml").path
        let run = try Binary.run(["check", example, "--format", "json"], cwd: "/")
        #expect(run.status == 1)
        #expect(run.stdout.contains(#""outcome": "contract-or-certification""#))
        #expect(run.stdout.contains("Provisions Art. 8"))
    }

    @Test func bundledInventoryDecidesEveryLine() throws {
        let inventory = Binary.projectRoot.appendingPathComponent("Scenarios/examples/inventory.jsonl").path
        let run = try Binary.run(["check", inventory, "--format", "json"])
        #expect(run.status <= 1, "\(run.stderr)")
        let lines = try String(contentsOfFile: inventory, encoding: .utf8).split(separator: "\n").filter { !$0.isEmpty }
        #expect(run.stdout.split(separator: "\n").count == lines.count)
    }
}

import Foundation
import Testing

/// `xborder lint` through the built binary: it runs the solver in `xborder-analyze`, and the
/// `xborder` binary itself links no libz3, so `check` never loads it.
@Suite("xborder lint, end to end")
struct LintCommandTests {
    @Test func theBundledPoliciesLintWithNoError() throws {
        let run = try Binary.run(["lint", "--strict", "--format", "json"], timeout: .seconds(300))
        #expect(run.status == 0, "\(run.stderr.prefix(2000))")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout.prefix(500))")
        #expect(document.isEmpty == false)
    }

    @Test func anImpossibleBandIsFoundAndLocated() throws {
        let folder = try Binary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("Policies")
        try FileManager.default.copyItem(at: Binary.projectRoot.appendingPathComponent("Policies"), to: copy)
        let file = copy.appendingPathComponent("cn/provisions-2024.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let planted = text.replacingOccurrences(of: "rules:\n", with: """
        rules:
          - id: planted.impossible
            cite: Provisions Art. 8
            when:
              persons.personal: {at-least: 500000, below: 1000}
            then: contract-or-certification
            because: {en: "planted", zh: "植入"}

        """, options: [], range: text.range(of: "rules:\n"))
        try planted.write(to: file, atomically: true, encoding: .utf8)
        let run = try Binary.run(["lint", copy.path], timeout: .seconds(300))
        #expect(run.status == 1, "\(run.stdout.prefix(2000)) \(run.stderr.prefix(2000))")
        #expect((run.stdout + run.stderr).contains("unsatisfiable-condition"), "\(run.stdout.prefix(3000))")
        #expect((run.stdout + run.stderr).contains("provisions-2024.yaml:"))
    }

    @Test func xborderItselfLinksNoZ3() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
        process.arguments = [Binary.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(text.contains("libc"), "ldd printed: \(text)")
        #expect(!text.contains("libz3"), "\(text)")
    }
}

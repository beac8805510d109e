import Foundation
import Testing

/// `check` through the policy cache, as a user runs it: the same output from a cached policy as
/// from a compiled one, an edited policy followed at once, a damaged cache file survived.
@Suite("check and the policy cache")
struct PolicyCacheCommandTests {
    static let example = Binary.projectRoot.appendingPathComponent("Scenarios/examples/retail-members.yaml").path

    static func inode(_ path: String) throws -> UInt64 {
        try #require((try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? NSNumber)?.uint64Value)
    }

    @Test func aCachedPolicyDecidesAsTheYAMLSays() throws {
        let folder = try Binary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let policies = folder.appendingPathComponent("Policies").path
        try FileManager.default.copyItem(atPath: Binary.projectRoot.appendingPathComponent("Policies").path, toPath: policies)
        let cache = folder.appendingPathComponent("cache").path
        let environment = ["XBORDER_POLICY_CACHE": cache]
        let arguments = ["check", Self.example, "--format", "json", "--policies", policies]

        let uncached = try Binary.run(arguments, environment: ["XBORDER_POLICY_CACHE": "off"])
        #expect(!FileManager.default.fileExists(atPath: cache))
        let first = try Binary.run(arguments, environment: environment)
        let files = try FileManager.default.contentsOfDirectory(atPath: cache).filter { $0.hasSuffix(".policy") }
        #expect(files.count == 1)
        let file = cache + "/" + (files.first ?? "")
        let written = try Self.inode(file)
        let second = try Binary.run(arguments, environment: environment)
        #expect(try Self.inode(file) == written, "read, not written again")
        #expect(first.status == 1 && second.status == uncached.status && first.status == uncached.status)
        #expect(second.stdout == uncached.stdout && first.stdout == uncached.stdout)
        #expect(second.stderr == uncached.stderr)

        // A damaged file is compiled past and written again.
        try Data("xborder-policy\ngarbage".utf8).write(to: URL(fileURLWithPath: file))
        let damaged = try Binary.run(arguments, environment: environment)
        #expect(damaged.status == uncached.status && damaged.stdout == uncached.stdout && damaged.stderr.isEmpty)

        // The example exports 150,000 persons: with the contract threshold above that, it is exempt.
        let provisions = policies + "/cn/provisions-2024.yaml"
        let text = try String(contentsOfFile: provisions, encoding: .utf8)
        try text.replacingOccurrences(of: "100000", with: "200000").write(toFile: provisions, atomically: true, encoding: .utf8)
        let edited = try Binary.run(arguments, environment: environment)
        let fresh = try Binary.run(arguments, environment: ["XBORDER_POLICY_CACHE": "off"])
        #expect(edited.stdout != uncached.stdout)
        #expect(edited.stdout == fresh.stdout && edited.status == fresh.status)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache).filter { $0.hasSuffix(".policy") }.count == 2)
    }
}

import Foundation
import Testing
@testable import XBorder
@testable import XBorderScenarios

/// A policy from the cache must decide exactly as the compiled one, must never be used for
/// files that changed, and a damaged cache file must only cost a compile.
@Suite("The compiled-policy cache")
struct PolicyCacheTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let scenarios = root.appendingPathComponent("Scenarios").path
    static let policies = root.appendingPathComponent("Policies").path

    /// A cache folder of the test's own, removed at the end.
    final class Folder {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("xborder-cache-\(UUID().uuidString)").path
        deinit { try? FileManager.default.removeItem(atPath: path) }

        func cache(build: String = "test build") -> PolicyCache { PolicyCache(directory: path + "/cache", build: build) }

        /// A copy of the bundled policies, to change.
        func policies() throws -> String {
            let copy = path + "/Policies"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: PolicyCacheTests.policies, toPath: copy)
            return copy
        }
    }

    /// Loads twice through the cache: the first load compiles and stores, the second reads.
    static func cachedAndCompiled(_ directory: String, _ cache: PolicyCache) throws -> (cached: CompiledPolicy, compiled: CompiledPolicy) {
        let first = PolicyLoader().load(directory: directory, cache: cache)
        #expect(first.set != nil, "the first load compiles")
        let second = PolicyLoader().load(directory: directory, cache: cache)
        #expect(second.set == nil, "the second load reads the cache")
        #expect(second.diagnostics.isEmpty && second.fileCount == first.fileCount && second.ruleCount == first.ruleCount)
        return (try #require(second.policy), try #require(first.policy))
    }

    @Test func everyScenarioCaseIsDecidedAndReportedAlike() throws {
        let folder = Folder()
        let (cached, compiled) = try Self.cachedAndCompiled(Self.policies, folder.cache())
        let fresh = Evaluator(policy: compiled), reloaded = Evaluator(policy: cached)
        let found = SuiteDiscovery().find([Self.scenarios])
        var compared = 0
        for path in found.files {
            var reader = SuiteReader()
            reader.root = SuiteReader.root(for: path, among: [Self.scenarios])
            let suite = reader.read(path: path)
            guard suite.policies == nil else { continue }
            for scenarioCase in suite.cases where !scenarioCase.isInvalid {
                guard let node = scenarioCase.flow, let located = try? FlowReader().read(node) else { continue }
                let label = "\(path): \(scenarioCase.name)"
                let a = Result { try compiled.resolve(located) }, b = Result { try cached.resolve(located) }
                guard case .success(let flow) = a, case .success(let same) = b else {
                    #expect("\(a)" == "\(b)", "\(label)")
                    continue
                }
                let before = DecisionReport(decision: fresh.decide(flow), flow: flow, policy: compiled)
                let after = DecisionReport(decision: reloaded.decide(same), flow: same, policy: cached)
                #expect(after.json(explain: .both).serialized(pretty: false) == before.json(explain: .both).serialized(pretty: false), "\(label)")
                #expect(after.text(languages: .both) == before.text(languages: .both), "\(label)")
                let traced = ExplainReport(trace: reloaded.trace(same), flow: same, policy: cached)
                let expected = ExplainReport(trace: fresh.trace(flow), flow: flow, policy: compiled)
                #expect(traced.json(languages: .both).serialized(pretty: false) == expected.json(languages: .both).serialized(pretty: false), "\(label)")
                compared += 1
            }
        }
        #expect(compared > 200)
    }

    /// Part by part: a part of `CompiledPolicy` that the archive leaves out reads back empty and
    /// shows here, whatever its type.
    @Test func theReadPolicyHasEveryPartOfTheCompiledOne() throws {
        let folder = Folder()
        let (cached, compiled) = try Self.cachedAndCompiled(Self.policies, folder.cache())
        let a = Self.canonical(compiled), b = Self.canonical(cached)
        #expect(a.count > 100_000)
        if a != b {
            let first = zip(a, b).prefix { $0 == $1 }.count
            Issue.record("differs at \(first): \(a.dropFirst(max(0, first - 200)).prefix(400)) / \(b.dropFirst(max(0, first - 200)).prefix(400))")
        }
    }

    /// A text of every stored part, with the contents of sets and dictionaries sorted and the
    /// lowered conditions' buffers written out.
    static func canonical(_ value: Any) -> String {
        if let code = value as? ConditionCode {
            return canonical([canonical(Array(code.instructions)), canonical(Array(code.children)), canonical(Array(code.words)), canonical(Array(code.bounds))])
        }
        // The evaluator's index is derived from the other parts by the compiler's own code.
        if value is EvaluationIndex { return "index" }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .dictionary?, .set?:
            return "[" + mirror.children.map { canonical($0.value) }.sorted().joined(separator: ", ") + "]"
        default:
            if mirror.children.isEmpty { return String(describing: value) }
            return "\(mirror.subjectType)(" + mirror.children.map { "\($0.label ?? "")=\(canonical($0.value))" }.joined(separator: ", ") + ")"
        }
    }

    @Test func aChangeOfAnyPolicyFileIsNotReadFromTheCache() throws {
        let folder = Folder()
        let cache = folder.cache()
        let policies = try folder.policies()
        let (cached, _) = try Self.cachedAndCompiled(policies, cache)
        for file in PolicyLoader.policyFiles(in: policies) {
            let original = try String(contentsOfFile: file, encoding: .utf8)
            try (original + "\n# changed\n").write(toFile: file, atomically: true, encoding: .utf8)
            let changed = PolicyLoader().load(directory: policies, cache: cache)
            #expect(changed.set != nil, "\(file): a changed file is compiled")
            #expect(changed.policy?.digest != cached.digest)
            try original.write(toFile: file, atomically: true, encoding: .utf8)
        }
        // A changed threshold is followed at once.
        let provisions = policies + "/cn/provisions-2024.yaml"
        let text = try String(contentsOfFile: provisions, encoding: .utf8)
        #expect(text.contains("100000"))
        try text.replacingOccurrences(of: "100000", with: "100001").write(toFile: provisions, atomically: true, encoding: .utf8)
        let changed = try #require(PolicyLoader().load(directory: policies, cache: cache).policy)
        #expect(Self.canonical(changed) != Self.canonical(cached))
    }

    @Test func theSameFilesElsewhereReadBackWithTheirOwnPaths() throws {
        let folder = Folder()
        let cache = folder.cache()
        _ = PolicyLoader().load(directory: Self.policies, cache: cache)
        let copy = try folder.policies()
        let loaded = PolicyLoader().load(directory: copy, cache: cache)
        #expect(loaded.set == nil, "the content is the same: the cache is read")
        let policy = try #require(loaded.policy)
        #expect(policy.rules.allSatisfy { $0.location.path.hasPrefix(copy + "/") })
        #expect(policy.lists.allSatisfy { $0.location.path.hasPrefix(copy + "/") })
    }

    @Test func aDamagedOrForeignCacheFileOnlyCostsACompile() throws {
        let folder = Folder()
        let cache = folder.cache()
        let compiled = try #require(PolicyLoader().load(directory: Self.policies, cache: cache).policy)
        let file = cache.path(for: compiled.digest)
        let good = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        var flipped = good
        flipped[good.count / 2] ^= 0x20
        let damaged: [(String, [UInt8])] = [
            ("empty", []), ("cut in half", Array(good.prefix(good.count / 2))), ("one byte short", Array(good.dropLast())),
            ("one byte flipped", flipped), ("one byte more", good + [0]), ("not a cache file", Array("pack: x\n".utf8)),
        ]
        for (what, bytes) in damaged {
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            let loaded = PolicyLoader().load(directory: Self.policies, cache: cache)
            #expect(loaded.set != nil, "\(what): compiled again")
            #expect(loaded.policy?.digest == compiled.digest, "\(what)")
        }
        // Written again by the last load; another build does not read it.
        #expect(PolicyLoader().load(directory: Self.policies, cache: cache).set == nil)
        #expect(PolicyLoader().load(directory: Self.policies, cache: folder.cache(build: "another build")).set != nil)
        // Cut anywhere, the bytes are refused, never read out of bounds.
        for length in stride(from: 0, to: good.count, by: max(1, good.count / 150)) {
            #expect(throws: ArchiveError.self) { try cache.decode(Array(good.prefix(length)), digest: compiled.digest, root: Self.policies + "/") }
        }
    }

    @Test func twoBuildsKeepAFileEachAndNeverReadTheOther() throws {
        let folder = Folder()
        let installed = folder.cache(build: "installed build"), fresh = folder.cache(build: "fresh build")
        let compiled = try #require(PolicyLoader().load(directory: Self.policies, cache: installed).policy)
        #expect(PolicyLoader().load(directory: Self.policies, cache: fresh).set != nil, "the other build's file is not read")
        #expect(installed.path(for: compiled.digest) != fresh.path(for: compiled.digest))
        // Each build now reads its own file, whichever ran last: they no longer overwrite each other.
        #expect(PolicyLoader().load(directory: Self.policies, cache: installed).set == nil)
        #expect(PolicyLoader().load(directory: Self.policies, cache: fresh).set == nil)
        // A file of one build under the other's name is refused by what it holds (its build).
        try FileManager.default.removeItem(atPath: fresh.path(for: compiled.digest))
        try FileManager.default.copyItem(atPath: installed.path(for: compiled.digest), toPath: fresh.path(for: compiled.digest))
        #expect(PolicyLoader().load(directory: Self.policies, cache: fresh).set != nil, "compiled again")
    }

    @Test func theFolderKeepsOnlyTheLatestPolicies() throws {
        let folder = Folder()
        let cache = folder.cache()
        let policies = try folder.policies()
        let vocabulary = policies + "/cn/vocabulary.yaml"
        let original = try String(contentsOfFile: vocabulary, encoding: .utf8)
        var digests: [String] = []
        for edit in 0..<(PolicyCache.kept + 3) {
            try (original + "\n# edit \(edit)\n").write(toFile: vocabulary, atomically: true, encoding: .utf8)
            digests.append(try #require(PolicyLoader().load(directory: policies, cache: cache).policy).digest)
        }
        let kept = try FileManager.default.contentsOfDirectory(atPath: cache.directory).filter { $0.hasSuffix(".policy") }
        #expect(kept.count == PolicyCache.kept)
        // The policy just written is among them and is read back.
        #expect(FileManager.default.fileExists(atPath: cache.path(for: digests[digests.count - 1])))
        #expect(PolicyLoader().load(directory: policies, cache: cache).set == nil)
    }

    @Test func theCacheFolderAndTurningItOff() {
        #expect(PolicyCache.standard(environment: ["XBORDER_POLICY_CACHE": "off", "HOME": "/home/a"]) == nil)
        #expect(PolicyCache.standard(environment: ["XBORDER_POLICY_CACHE": "/tmp/c", "HOME": "/home/a"])?.directory == "/tmp/c")
        #expect(PolicyCache.standard(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/home/a"])?.directory == "/x/xborder")
        #expect(PolicyCache.standard(environment: ["HOME": "/home/a"])?.directory == "/home/a/.cache/xborder")
        #expect(PolicyCache.standard(environment: [:]) == nil)
    }
}

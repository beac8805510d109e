import Foundation
import Testing
import XBorder
@testable import XBorderAnalysis

/// A copy of the bundled policies with one mistake planted by editing its text, as a lawyer
/// would make it, and the lint report of the copy.
struct PlantedPolicy {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let bundled = root.appendingPathComponent("Policies")

    let folder: URL
    let policy: CompiledPolicy
    let set: PolicySet

    /// Copies the bundled policies and applies `edit` to the text of `file` (relative to the folder).
    init(_ file: String, _ edit: (String) -> String) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("xborder-lint-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.bundled, to: folder)
        let url = folder.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        let edited = edit(text)
        #expect(edited != text, "the plant changed nothing")
        try edited.write(to: url, atomically: true, encoding: .utf8)
        let result = PolicyLoader().load(directory: folder.path)
        policy = try #require(result.policy, "the planted policy does not compile: \(result.diagnostics.filter { $0.severity == .error })")
        set = try #require(result.set)
    }

    func lint() -> LintReport { Linter(asOf: Day(year: 2026, month: 12, day: 1) ?? Day(ordinal: 0)).lint(policy: policy, set: set) }

    /// The 1-based line of the first line of `file` containing `needle`.
    func line(of needle: String, in file: String) throws -> Int {
        let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        return try #require(lines.firstIndex { $0.contains(needle) }) + 1
    }

    func path(_ file: String) -> String { folder.appendingPathComponent(file).path }

    /// Decides a witness with the real evaluator, as `xborder check` does.
    func decide(_ flow: Flow) throws -> Decision {
        let located = LocatedFlow(flow: flow, locations: FlowLocations(root: SourceLocation(path: "witness", line: 1, column: 1)))
        return Evaluator(policy: policy).decide(try policy.resolve(located))
    }

    func ruleIDs(_ decision: Decision) -> [String] {
        decision.deciding.map { determinant in
            switch determinant {
            case .rule(let n): policy.rules[Int(n)].id
            case .list(let n): policy.lists[Int(n)].id
            }
        }
    }

    func appliedIDs(_ decision: Decision) -> [String] { decision.applied.map { policy.rules[Int($0)].id } }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

extension String {
    /// Inserts `text` before the line that starts the rule `id`.
    func insertingRule(_ text: String, before id: String) -> String {
        replacingOccurrences(of: "  - id: \(id)\n", with: text + "\n  - id: \(id)\n")
    }
}

import Foundation
import Testing
@testable import XBorder

/// Shared helpers: fixture folders, temporary policy folders, flows from YAML text.
enum Support {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func load(_ folder: String) -> PolicyLoader.Result {
        PolicyLoader().load(directory: fixtures.appendingPathComponent(folder).path)
    }

    static func mini() throws -> CompiledPolicy {
        let result = load("mini")
        guard let policy = result.policy else {
            Issue.record("mini fixture does not compile: \(result.diagnostics)")
            throw DiagnosticList(result.diagnostics)
        }
        return policy
    }

    /// A temporary policy folder: the mini fixture plus or minus files, for validation tests.
    static func folder(_ files: [String: String], withMini: Bool = true) throws -> String {
        let directory = Scratch.root.appendingPathComponent("xborder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if withMini {
            for name in ["vocabulary.yaml", "bands.yaml", "list.yaml"] {
                try FileManager.default.copyItem(at: fixtures.appendingPathComponent("mini/\(name)"), to: directory.appendingPathComponent(name))
            }
        }
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory.path
    }

    /// An empty temporary folder of its own.
    static func temporaryFolder() throws -> URL {
        let url = Scratch.root.appendingPathComponent("xborder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func flow(_ yaml: String) throws(DiagnosticList) -> LocatedFlow {
        try FlowReader().read(SourceFile(path: "flow.yaml", text: yaml))
    }

    static func decide(_ yaml: String, _ policy: CompiledPolicy) throws -> DecisionReport {
        let resolved = try policy.resolve(try flow(yaml))
        return DecisionReport(decision: Evaluator(policy: policy).decide(resolved), flow: resolved, policy: policy)
    }

    /// A one-item flow of `class` data about `persons` people, on `date`.
    static func simple(_ dataClass: String, _ persons: Int, date: String = "2025-06-10", extra: String = "", item: String = "", prior: String = "") -> String {
        """
        date: \(date)
        exporter: {ciio: false}
        recipient: {country: DE}
        \(extra)
        items:
          - {name: data, class: \(dataClass), individuals: \(persons)\(item)}
        \(prior)
        """
    }
}

/// One folder per test process for the files tests write, removed when the process exits, so
/// that a test that fails (or forgets) leaves nothing behind in the temporary directory.
enum Scratch {
    static let root: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("xborder-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: Scratch.root) }
        return url
    }()
}

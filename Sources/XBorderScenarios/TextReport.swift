import Foundation
import XBorder

/// The report for people: one line per suite, one per case (or only the failing ones), each
/// failure with expected against actual and the case's `file:line`, then a summary.
public struct TextReport: Sendable {
    public var color: Bool
    public var failOnly: Bool

    public init(color: Bool = false, failOnly: Bool = false) {
        self.color = color
        self.failOnly = failOnly
    }

    private func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    public func render(_ run: RunResult) -> String {
        let renderer = run.renderer
        var out: [String] = []
        if !run.problems.isEmpty { out.append(renderer.render(Self.unique(run.problems))) }
        for suite in run.suites {
            let bad = suite.isInvalid || suite.failed > 0 || suite.errors > 0
            if failOnly && !bad { continue }
            let mark = suite.isInvalid || suite.errors > 0 ? paint("INVALID", "31;1") : suite.failed > 0 ? paint("FAIL", "31;1") : paint("PASS", "32")
            let counts = suite.isInvalid ? "not run" : "\(suite.passed)/\(suite.cases.count) passed"
            out.append("\(mark) \(suite.path) — \(suite.title) (\(counts), \(Self.time(suite.seconds)))")
            if !suite.diagnostics.isEmpty { out.append(Self.indent(renderer.render(Self.unique(suite.diagnostics)), 2)) }
            for result in suite.cases {
                switch result.status {
                case .passed:
                    if !failOnly { out.append("  \(paint("✓", "32")) \(result.name)") }
                case .failed:
                    out.append("  \(paint("✗", "31;1")) \(result.name)")
                    out.append("    at \(result.location.path):\(result.location.line)" + (result.cite.map { "  (\($0))" } ?? ""))
                    out.append(Self.indent(result.diff, 4))
                case .error:
                    out.append("  \(paint("!", "31;1")) \(result.name) — invalid case")
                    out.append("    at \(result.location.path):\(result.location.line)")
                    out.append(Self.indent(renderer.render(Self.unique(result.diagnostics)), 4))
                }
            }
        }
        out.append(summary(run))
        return out.joined(separator: "\n")
    }

    public func summary(_ run: RunResult) -> String {
        let suites = run.suites.count
        var line = "\(run.cases) case(s) in \(suites) suite(s): \(run.passed) passed, \(run.failed) failed, \(run.errors) invalid (\(Self.time(run.seconds)))"
        if run.cases == 0 { line += "; no case was selected, which fails the run" }
        let painted: String
        switch run.verdict {
        case .passed: painted = paint(line, "32")
        case .failed, .invalid: painted = paint(line, "31;1")
        }
        return painted
    }

    /// The coverage section: rules, lists with their scenarios, and exceptions, each marked
    /// exercised (✓) or never fired (·), then the percentage.
    public func render(_ coverage: Coverage) -> String {
        var out: [String] = ["coverage of \(coverage.directory):"]
        func mark(_ exercised: Bool) -> String { exercised ? paint("✓", "32") : paint("·", "33") }
        out.append("  rules (\(coverage.rules.count { $0.exercised })/\(coverage.rules.count) applied in some case):")
        for unit in coverage.rules { out.append("    \(mark(unit.exercised)) \(unit.id) — \(unit.cite)" + (unit.exercised ? "" : "  never fired")) }
        if !coverage.lists.isEmpty {
            out.append("  lists (\(coverage.lists.count { $0.unit.exercised })/\(coverage.lists.count) released an item):")
            for list in coverage.lists {
                out.append("    \(mark(list.unit.exercised)) \(list.unit.id) — \(list.unit.cite)" + (list.unit.exercised ? "" : "  never fired"))
                for scenario in list.scenarios { out.append("        \(mark(scenario.exercised)) scenario \(scenario.code)") }
            }
        }
        if !coverage.exceptions.isEmpty {
            out.append("  exceptions (\(coverage.exceptions.count { $0.exercised })/\(coverage.exceptions.count) set a rule aside):")
            for unit in coverage.exceptions { out.append("    \(mark(unit.exercised)) \(unit.id) — \(unit.cite)") }
        }
        out.append("  \(coverage.exercised) of \(coverage.total) rules and lists exercised (\(String(format: "%.1f", coverage.percent))%)")
        return out.joined(separator: "\n")
    }

    static func time(_ seconds: Double) -> String { String(format: "%.3f s", seconds) }

    static func indent(_ text: String, _ spaces: Int) -> String {
        let pad = String(repeating: " ", count: spaces)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { pad + $0 }.joined(separator: "\n")
    }

    /// The same default error would otherwise show once per case that inherits it.
    static func unique(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return diagnostics.filter { seen.insert($0).inserted }
    }
}

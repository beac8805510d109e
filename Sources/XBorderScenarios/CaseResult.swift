import XBorder

/// How one case went.
public struct CaseResult: Sendable {
    public enum Status: String, Sendable, Hashable {
        case passed
        case failed
        /// The case could not be run as written: its flow or expectation is invalid.
        case error
    }

    public var name: String
    public var cite: String?
    public var tags: [String]
    public var location: SourceLocation
    public var status: Status
    public var mismatches: [Mismatch]
    public var diagnostics: [Diagnostic]
    public var expectation: Expectation?
    public var actual: ActualDecision?
    public var exercise: Exercise
    public var seconds: Double

    public init(name: String, cite: String?, tags: [String], location: SourceLocation, status: Status, mismatches: [Mismatch] = [],
                diagnostics: [Diagnostic] = [], expectation: Expectation? = nil, actual: ActualDecision? = nil,
                exercise: Exercise = Exercise(), seconds: Double = 0) {
        self.name = name
        self.cite = cite
        self.tags = tags
        self.location = location
        self.status = status
        self.mismatches = mismatches
        self.diagnostics = diagnostics
        self.expectation = expectation
        self.actual = actual
        self.exercise = exercise
        self.seconds = seconds
    }

    /// Expected against actual, one fact a line, for a terminal or a JUnit failure body.
    public var diff: String {
        var lines: [String] = []
        for mismatch in mismatches {
            lines.append("\(mismatch.location.path):\(mismatch.location.line): \(mismatch.message)")
        }
        if let expectation {
            lines.append("expected:")
            lines.append("  outcome      \(expectation.outcome.text)")
            if !expectation.rules.isEmpty { lines.append("  rules        \(expectation.rules.map(\.text).joined(separator: ", "))") }
            if !expectation.citations.isEmpty { lines.append("  citations    \(expectation.citations.map(\.text).joined(separator: ", "))") }
            if !expectation.obligations.isEmpty { lines.append("  obligations  \(expectation.obligations.map(\.text).joined(separator: ", "))") }
            if !expectation.noObligations.isEmpty { lines.append("  not          \(expectation.noObligations.map(\.text).joined(separator: ", "))") }
        }
        if let actual {
            lines.append("actual:")
            lines.append("  outcome      \(actual.outcome)")
            lines.append("  rules        \(actual.rulesText)")
            lines.append("  obligations  \(actual.obligationsText)")
        }
        return lines.joined(separator: "\n")
    }
}

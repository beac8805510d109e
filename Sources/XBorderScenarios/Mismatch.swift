import XBorder

/// One way a decision differs from a case's expectation, at the line of the expectation.
public struct Mismatch: Sendable, Hashable {
    public enum Field: String, Sendable, Hashable {
        case outcome
        case rules
        case citations
        case obligations
        case noObligations = "no-obligations"
        case explanationEN = "explanation.en"
        case explanationZH = "explanation.zh"
        case notes
        case refused
    }

    public var field: Field
    /// What the case said, e.g. `contract-or-certification` or `cn.provisions.art8.band`.
    public var expected: String
    /// What the decision had instead, in one line.
    public var actual: String
    public var location: SourceLocation

    public init(_ field: Field, expected: String, actual: String, at location: SourceLocation) {
        self.field = field
        self.expected = expected
        self.actual = actual
        self.location = location
    }

    /// One line for people: what was expected and what was found.
    public var message: String {
        switch field {
        case .outcome: "outcome: expected '\(expected)', actual '\(actual)'"
        case .rules: "rules: expected '\(expected)' among the deciding rules, actual \(actual)"
        case .citations: "citations: expected '\(expected)' among the deciding citations, actual \(actual)"
        case .obligations: "obligations: expected '\(expected)', actual \(actual)"
        case .noObligations: "no-obligations: '\(expected)' must not be an obligation, but it is"
        case .explanationEN: "explanation.en: expected to contain '\(expected)', actual '\(actual)'"
        case .explanationZH: "explanation.zh: expected to contain '\(expected)', actual '\(actual)'"
        case .notes: "notes: expected a note containing '\(expected)', actual \(actual)"
        case .refused: "refused: expected the flow to be refused with '\(expected)', but it was decided '\(actual)'"
        }
    }
}

import XBorder

/// The parts of a decision a case can expect, kept with the result so that a failure shows
/// expected against actual without deciding again.
public struct ActualDecision: Sendable, Hashable {
    public struct Line: Sendable, Hashable {
        public var id: String
        public var cite: String
    }

    public var outcome: String
    public var rules: [Line]
    public var obligations: [Line]
    public var explanation: Bilingual
    /// The decision's notes, in English.
    public var notes: [String]

    public init(_ report: DecisionReport) {
        notes = report.notes.map(\.en)
        outcome = report.outcome
        rules = report.rules.map { Line(id: $0.id, cite: $0.cite) }
        obligations = report.obligations.map { Line(id: $0.id, cite: $0.cite) }
        explanation = report.explanation
    }

    /// Deciding rules as `id (cite)`, comma-separated, or `none`.
    public var rulesText: String {
        rules.isEmpty ? "none" : rules.map { "\($0.id) (\($0.cite))" }.joined(separator: ", ")
    }

    public var obligationsText: String {
        obligations.isEmpty ? "none" : obligations.map(\.id).joined(separator: ", ")
    }
}

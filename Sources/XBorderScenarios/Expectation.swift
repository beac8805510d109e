import XBorder

/// What a case expects of its decision. Lists are subset checks: the decision must contain each
/// entry and may contain more, so that a suite states the law's point without restating every
/// incidental obligation.
public struct Expectation: Sendable {
    /// An expected text and where it was written, so that a mismatch points at the line to fix.
    public struct Entry: Sendable, Hashable {
        public var text: String
        public var location: SourceLocation

        public init(_ text: String, at location: SourceLocation) {
            self.text = text
            self.location = location
        }
    }

    public var outcome: Entry
    public var rules: [Entry]
    public var citations: [Entry]
    public var obligations: [Entry]
    public var noObligations: [Entry]
    public var explanationEN: Entry?
    public var explanationZH: Entry?
    /// Texts the decision's notes must contain (what it assumed, why a list did not help).
    public var notes: [Entry] = []
    /// The diagnostic code the flow must be refused with (e.g. `out-of-coverage`); such a case
    /// has no outcome.
    public var refused: Entry?

    public init(outcome: Entry, rules: [Entry] = [], citations: [Entry] = [], obligations: [Entry] = [], noObligations: [Entry] = [],
                explanationEN: Entry? = nil, explanationZH: Entry? = nil) {
        self.outcome = outcome
        self.rules = rules
        self.citations = citations
        self.obligations = obligations
        self.noObligations = noObligations
        self.explanationEN = explanationEN
        self.explanationZH = explanationZH
    }
}

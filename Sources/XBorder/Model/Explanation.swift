/// A rule's or list's `because`: the sentences that explain a decision, each said only when its
/// condition holds, so that an explanation speaks of the facts the flow has (no "sensitive
/// personal information of 0 persons" for a flow without any).
public struct Explanation: Sendable {
    public struct Clause: Sendable {
        /// Nil: always said.
        public var when: Condition?
        public var text: Bilingual
        public var location: SourceLocation

        public init(when: Condition?, text: Bilingual, location: SourceLocation) {
            self.when = when
            self.text = text
            self.location = location
        }
    }

    public var clauses: [Clause]

    public init(clauses: [Clause]) {
        self.clauses = clauses
    }
}

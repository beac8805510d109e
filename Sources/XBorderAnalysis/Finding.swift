import XBorder

/// One problem lint found in a policy set: a stable code, where it is, the rules it is about and,
/// for a finding about behaviour, the flow that shows it or the proof that no flow exists.
public struct Finding: Sendable {
    public enum Severity: String, Sendable, Comparable, CaseIterable {
        case note
        case warning
        case error

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
        }
    }

    /// A rule, list or other element a finding names, with its citation and place.
    public struct Involved: Sendable, Hashable {
        public var id: String
        public var cite: String?
        public var location: SourceLocation?
    }

    /// A complete flow in the public format and what `xborder check` decides for it.
    public struct Witness: Sendable {
        public var flow: Flow
        public var outcome: String
        public var deciding: [String]
        /// Whether the real evaluator decided the flow as the finding says. False only when the
        /// encoding was not exact for this case; the finding says so rather than hiding it.
        public var confirmed: Bool
    }

    public var code: String
    public var severity: Severity
    public var message: String
    public var location: SourceLocation
    public var involved: [Involved]
    public var witness: Witness?
    /// Why no flow can exist, when the finding is that none can.
    public var proof: String?
    /// Where the encoding could not be exact, and what that means for this finding.
    public var caveats: [String] = []
    /// The reason of the acknowledgement that accepts this finding, when one does.
    public var acknowledged: String?

    /// The ids an acknowledgement must name to accept this finding.
    public var ids: Set<String> { Set(involved.map(\.id)) }

    /// Whether the finding makes `lint` fail: an error always, a warning with `--strict` unless acknowledged.
    public func fails(strict: Bool) -> Bool {
        switch severity {
        case .error: true
        case .warning: strict && acknowledged == nil
        case .note: false
        }
    }
}

/// The finding codes, each with the severity it has.
public enum FindingCode {
    public static let unsatisfiableCondition = "unsatisfiable-condition"
    public static let deadRule = "dead-rule"
    public static let exceptionNeverFires = "exception-never-fires"
    public static let overlappingOutcomes = "overlapping-outcomes"
    public static let coverageGap = "coverage-gap"
    /// A gap only for flows with an item of 0 persons, which the flow format accepts.
    public static let emptyItemGap = "empty-item-gap"
    public static let ruleOutsidePackPeriod = "rule-outside-pack-period"
    public static let listEnded = "list-ended"
    public static let listOverlap = "list-overlap"
    public static let listHole = "list-hole"
    public static let datedValueOverlap = "dated-value-overlap"
    public static let datedValueHole = "dated-value-hole"
    public static let unusedParameter = "unused-parameter"
    public static let unusedObligation = "unused-obligation"
    public static let unusedCounter = "unused-counter"
    public static let unusedCode = "unused-code"
    public static let malformedCitation = "malformed-citation"
    public static let numberInText = "number-in-text"
    public static let staleAcknowledgement = "stale-acknowledgement"
}

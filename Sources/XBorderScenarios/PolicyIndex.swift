import XBorder

/// The names a policy defines, built once per policy folder, so that an expectation naming a
/// rule, obligation, outcome or citation the policy does not have is reported as a typo
/// (with a "did you mean") rather than as a failed case.
public struct PolicyIndex: Sendable {
    public var outcomes: [String]
    /// Rule and list ids: both can be deciding.
    public var deciders: [String]
    public var obligations: [String]
    public var citations: [String]

    public init(_ policy: CompiledPolicy) {
        outcomes = policy.table(.outcomes).codes
        deciders = policy.rules.map(\.id) + policy.lists.map(\.id)
        obligations = policy.obligations.map(\.id)
        var cites = Set<String>()
        var ordered: [String] = []
        for cite in policy.rules.map(\.cite) + policy.lists.map(\.cite) where cites.insert(cite).inserted { ordered.append(cite) }
        citations = ordered
    }

    /// Undefined names in an expectation, each at its place.
    public func check(_ expectation: Expectation) -> [Diagnostic] {
        var bag = DiagnosticBag()
        func check(_ entry: Expectation.Entry, among names: [String], _ what: String) {
            guard !names.contains(entry.text) else { return }
            bag.error(.undefinedReference, "\(what) '\(entry.text)' is not in the policy", at: entry.location,
                      help: Suggestion.help(for: entry.text, among: names))
        }
        if expectation.refused == nil { check(expectation.outcome, among: outcomes, "outcome") }
        for entry in expectation.rules { check(entry, among: deciders, "rule") }
        for entry in expectation.citations { check(entry, among: citations, "citation") }
        for entry in expectation.obligations + expectation.noObligations { check(entry, among: obligations, "obligation") }
        return bag.diagnostics
    }
}

/// How many "did you mean" searches among many candidates one compilation may still make.
///
/// Each search looks at every candidate, so a policy with n unknown references among n ids costs
/// n² (10,000 of them took 106 s to validate). Searches among a few candidates are always made;
/// among more than `largeSet` only the first `searches`, which is more than the diagnostics a
/// list shows: past that, a policy has more problems than typos and the hint is left out.
public struct HintBudget: Sendable {
    public static let largeSet = 256

    public var searches: Int

    public init(searches: Int = 2 * DiagnosticRenderer.maxShown) {
        self.searches = searches
    }

    /// `Suggestion.help`, or nil once the budget for large sets is spent.
    /// Takes any collection (a dictionary's keys) so that nothing is copied when no search is made.
    public mutating func help(for word: String, among candidates: some Collection<String>) -> String? {
        if candidates.count > Self.largeSet {
            guard searches > 0 else { return nil }
            searches -= 1
        }
        return Suggestion.help(for: word, among: Array(candidates))
    }
}

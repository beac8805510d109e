/// Read-only views that scenario coverage needs: which rules are exceptions, and which
/// scenarios each list names. Coverage is reported in legal units, so a tool outside the engine
/// has to see these without being able to change them.
extension CompiledRule {
    /// Numbers of the rules this rule sets aside when it applies (non-empty for an exception).
    public var overriddenRules: [Int32] { overrides }
}

extension CompiledPolicy {
    /// The scenario codes a list names, sorted by code, so that coverage can say which list
    /// scenarios a suite reached.
    public func scenarioCodes(ofList number: Int) -> [String] {
        guard number >= 0, number < lists.count else { return [] }
        return lists[number].categoriesByScenario.keys.map { scenarios.code($0) }.sorted()
    }
}

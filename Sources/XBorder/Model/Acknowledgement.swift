/// A lint warning the authors accept because the law means it, with the reason written next to
/// the law (`acknowledged:` in a pack or list). Lint still shows the warning, marked as
/// acknowledged, so that a reviewer sees the decision and its reason rather than nothing.
public struct Acknowledgement: Sendable {
    /// The finding code acknowledged (`overlapping-outcomes`).
    public var finding: Reference
    /// The rule, list or other ids the finding names; the acknowledgement covers exactly that set.
    public var ids: [Reference]
    /// Why the law means it: required, since an unexplained acknowledgement is just a silenced warning.
    public var reason: String
    public var cite: String?
    public var location: SourceLocation

    public init(finding: Reference, ids: [Reference], reason: String, cite: String?, location: SourceLocation) {
        self.finding = finding
        self.ids = ids
        self.reason = reason
        self.cite = cite
        self.location = location
    }

    /// The lint findings that may be acknowledged: warnings about what the law may well mean.
    /// Errors (an impossible condition, a dead rule) are defects and cannot be acknowledged.
    public static let acknowledgeableFindings = [
        "overlapping-outcomes", "coverage-gap", "empty-item-gap", "list-ended", "unused-parameter", "unused-obligation", "unused-counter",
        "number-in-text", "list-overlap", "list-hole",
    ]
}

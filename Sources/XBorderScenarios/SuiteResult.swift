import XBorder

/// How one suite went: its selected cases, or why it could not run.
public struct SuiteResult: Sendable {
    public var path: String
    public var title: String
    public var tags: [String]
    /// The policy folder its cases were decided against.
    public var policyDirectory: String
    /// Problems of the suite as a whole; with an error among them no case ran.
    public var diagnostics: [Diagnostic]
    public var cases: [CaseResult]
    public var seconds: Double

    public init(path: String, title: String, tags: [String], policyDirectory: String, diagnostics: [Diagnostic] = [],
                cases: [CaseResult] = [], seconds: Double = 0) {
        self.path = path
        self.title = title
        self.tags = tags
        self.policyDirectory = policyDirectory
        self.diagnostics = diagnostics
        self.cases = cases
        self.seconds = seconds
    }

    public var isInvalid: Bool { diagnostics.contains { $0.severity == .error } }
    public var passed: Int { cases.count { $0.status == .passed } }
    public var failed: Int { cases.count { $0.status == .failed } }
    public var errors: Int { cases.count { $0.status == .error } + (isInvalid ? 1 : 0) }
}

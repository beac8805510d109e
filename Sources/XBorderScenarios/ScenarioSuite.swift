import XBorder

/// One scenario file as read: its header, its cases, and whatever was wrong with it.
///
/// Reading never throws: a suite with a bad case still runs its good ones, and every problem is
/// reported at its line, like a policy's.
public struct ScenarioSuite: Sendable {
    /// The file as given on the command line or found in a folder.
    public var path: String
    public var title: String
    public var description: String?
    public var tags: [String]
    /// The policy folder named by `policies:`, resolved against the suite's folder; nil for the default.
    public var policies: String?
    public var cases: [ScenarioCase]
    /// Problems of the file as a whole (syntax, header keys); when any is an error no case runs.
    public var diagnostics: [Diagnostic]
    /// The suite file and any flow files it read, for rendering diagnostics with their lines.
    public var sources: [SourceFile]

    public init(path: String, title: String, description: String? = nil, tags: [String] = [], policies: String? = nil,
                cases: [ScenarioCase] = [], diagnostics: [Diagnostic] = [], sources: [SourceFile] = []) {
        self.path = path
        self.title = title
        self.description = description
        self.tags = tags
        self.policies = policies
        self.cases = cases
        self.diagnostics = diagnostics
        self.sources = sources
    }

    /// The suite cannot run at all.
    public var isInvalid: Bool { diagnostics.contains { $0.severity == .error } }
}

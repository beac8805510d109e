import XBorder

/// A policy folder compiled once for every suite that uses it.
public struct LoadedPolicy: Sendable {
    public var directory: String
    public var policy: CompiledPolicy?
    public var index: PolicyIndex?
    /// The loader's errors when the folder does not compile.
    public var diagnostics: [Diagnostic]
    public var sources: [SourceFile]

    public init(directory: String, limits: ParseLimits = .standard) {
        self.init(directory: directory, result: PolicyLoader(limits: limits).load(directory: directory))
    }

    /// Policies loaded some other way (from a verified bundle), known to suites as `directory`.
    public init(directory: String, result: PolicyLoader.Result) {
        self.directory = directory
        policy = result.policy
        index = result.policy.map(PolicyIndex.init)
        diagnostics = result.policy == nil ? result.diagnostics.filter { $0.severity == .error } : []
        sources = result.policy == nil ? result.sources : []
    }
}

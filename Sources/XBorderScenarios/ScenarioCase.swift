import XBorder

/// One case of a suite: a flow (with the suite's defaults merged under it) and what the law says
/// its decision must be.
public struct ScenarioCase: Sendable {
    public var name: String
    public var cite: String?
    public var tags: [String]
    /// Where the case starts (its first key after `- `): the `file:line` a failure points at.
    public var location: SourceLocation
    /// The flow to decide, defaults merged in; nil when it could not be read.
    public var flow: Node?
    public var expectation: Expectation?
    /// Problems of this case alone; a case with an error is reported invalid and not decided.
    public var diagnostics: [Diagnostic]

    public init(name: String, cite: String? = nil, tags: [String] = [], location: SourceLocation, flow: Node? = nil,
                expectation: Expectation? = nil, diagnostics: [Diagnostic] = []) {
        self.name = name
        self.cite = cite
        self.tags = tags
        self.location = location
        self.flow = flow
        self.expectation = expectation
        self.diagnostics = diagnostics
    }

    public var isInvalid: Bool { diagnostics.contains { $0.severity == .error } || flow == nil || expectation == nil }
}

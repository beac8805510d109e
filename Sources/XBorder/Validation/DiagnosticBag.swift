/// Collects problems as a stage goes, so that one run reports all of them.
public struct DiagnosticBag: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    public mutating func error(_ code: DiagnosticCode, _ message: String, at location: SourceLocation, help: String? = nil) {
        diagnostics.append(Diagnostic(code, message, at: location, help: help))
    }

    public mutating func warning(_ code: DiagnosticCode, _ message: String, at location: SourceLocation, help: String? = nil) {
        diagnostics.append(Diagnostic(code, message, at: location, help: help, severity: .warning))
    }

    public mutating func append(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }
    public mutating func append(contentsOf other: [Diagnostic]) { diagnostics.append(contentsOf: other) }

    public var sorted: [Diagnostic] { diagnostics.sorted { $0.location < $1.location } }
}

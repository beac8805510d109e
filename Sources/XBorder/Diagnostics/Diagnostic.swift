/// One problem found in a policy, a flow or a scenario, at a place in its text.
///
/// Codes are stable (tests and tools match on them); messages are for people and may change.
public struct Diagnostic: Sendable, Hashable, Error, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    public var severity: Severity
    public var code: DiagnosticCode
    public var message: String
    public var location: SourceLocation
    public var help: String?
    /// The location of the diagnostic this one follows from (a name undefined only because the
    /// file declaring it could not be read); nil for a root cause. Renderers fold it under that one.
    public var causedBy: SourceLocation?

    public init(_ code: DiagnosticCode, _ message: String, at location: SourceLocation, help: String? = nil, severity: Severity = .error) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.help = help
    }

    public var description: String {
        "\(location): \(severity.rawValue)[\(code.rawValue)]: \(message)"
    }
}

/// A stable identifier of a kind of problem.
public struct DiagnosticCode: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    public static let yamlSyntax: DiagnosticCode = "yaml-syntax"
    public static let jsonSyntax: DiagnosticCode = "json-syntax"
    public static let limitExceeded: DiagnosticCode = "limit-exceeded"
    public static let unknownKey: DiagnosticCode = "unknown-key"
    public static let missingKey: DiagnosticCode = "missing-key"
    public static let duplicateKey: DiagnosticCode = "duplicate-key"
    public static let typeMismatch: DiagnosticCode = "type-mismatch"
    public static let invalidValue: DiagnosticCode = "invalid-value"
    public static let missingCitation: DiagnosticCode = "missing-citation"
    public static let duplicateID: DiagnosticCode = "duplicate-id"
    public static let undefinedReference: DiagnosticCode = "undefined-reference"
    public static let overrideCycle: DiagnosticCode = "override-cycle"
    public static let overlappingPeriod: DiagnosticCode = "overlapping-period"
    public static let parameterGap: DiagnosticCode = "parameter-gap"
    public static let unreadable: DiagnosticCode = "unreadable"
    public static let linkLoop: DiagnosticCode = "link-loop"
    public static let emptyPolicy: DiagnosticCode = "empty-policy"
    public static let conflict: DiagnosticCode = "conflict"
    public static let missingExplanation: DiagnosticCode = "missing-explanation"
    public static let outOfCoverage: DiagnosticCode = "out-of-coverage"
    public static let untranslatedCitation: DiagnosticCode = "untranslated-citation"
}

/// A batch of diagnostics thrown as one error: validation reports everything it finds at once.
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics.sorted { $0.location < $1.location } }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}

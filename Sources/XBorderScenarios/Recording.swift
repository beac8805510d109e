import Foundation
import XBorder

/// A case recorded from a flow: the text appended to a suite, and the suite's new text.
public struct Recording: Sendable {
    public var suitePath: String
    public var caseName: String
    /// The case as appended, for the desk to read before committing.
    public var caseText: String
    /// The whole suite file after appending.
    public var fileText: String
    /// The suite file did not exist and is created with a header.
    public var createsSuite: Bool
    public var actual: ActualDecision
    public var policyDirectory: String

    /// Writes the suite file.
    public func write() throws {
        let folder = (suitePath as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        try Data(fileText.utf8).write(to: URL(fileURLWithPath: suitePath), options: .atomic)
    }
}

/// Why a flow could not be recorded, as diagnostics with the files they point into.
public struct RecordingError: Error, Sendable {
    public var diagnostics: [Diagnostic]
    public var sources: [SourceFile]

    public init(_ diagnostics: [Diagnostic], sources: [SourceFile] = []) {
        self.diagnostics = diagnostics
        self.sources = sources
    }

    public var renderer: DiagnosticRenderer { DiagnosticRenderer(sources: sources) }
}

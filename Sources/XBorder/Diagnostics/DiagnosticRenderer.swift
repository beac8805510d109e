/// Renders diagnostics the way compilers do: the location, the message, the source line, a caret
/// under the column, and a hint.
public struct DiagnosticRenderer: Sendable {
    private var sources: [String: SourceFile]

    public init(sources: [SourceFile] = []) {
        var byPath: [String: SourceFile] = [:]
        for source in sources where byPath[source.path] == nil { byPath[source.path] = source }
        self.sources = byPath
    }

    public mutating func add(_ source: SourceFile) {
        if sources[source.path] == nil { sources[source.path] = source }
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        var out = diagnostic.description
        if let line = sources[diagnostic.location.path]?.line(diagnostic.location.line) {
            let shown = line.replacingOccurrences(of: "\t", with: " ")
            out += "\n" + shown
            let caretColumn = max(1, min(diagnostic.location.column, shown.count + 1))
            out += "\n" + String(repeating: " ", count: caretColumn - 1) + "^"
        }
        if let help = diagnostic.help {
            out += "\nhelp: \(help)"
        }
        return out
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined(separator: "\n")
    }
}

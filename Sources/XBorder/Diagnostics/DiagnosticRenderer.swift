/// Renders diagnostics the way compilers do: the location, the message, the source line, a caret
/// under the column, and a hint.
///
/// Line starts are indexed once per file, so that rendering d diagnostics of a file of n bytes
/// costs n + d rather than n × d; a long line is shown as a window around the caret; and a list
/// shows its first `maxShown` diagnostics and says how many more there are (10,000 errors help
/// nobody, and printing them took half a minute).
public struct DiagnosticRenderer: Sendable {
    /// Most diagnostics `render(_:)` shows of a list.
    public static let maxShown = 100
    /// Widest source excerpt shown under a message, in characters.
    static let maxExcerpt = 160

    private struct IndexedSource: Sendable {
        var source: SourceFile
        /// Byte offset in the text where each line starts.
        var lineStarts: [Int]

        init(_ source: SourceFile) {
            self.source = source
            var starts = [0]
            var offset = 0
            for byte in source.text.utf8 {
                offset += 1
                if byte == 0x0A { starts.append(offset) }
            }
            lineStarts = starts
        }

        /// The bytes of a 1-based line as reported (offset included), without its line break.
        func line(_ number: Int) -> Substring.UTF8View? {
            let index = number - source.lineOffset - 1
            guard index >= 0, index < lineStarts.count else { return nil }
            let utf8 = source.text.utf8
            let start = utf8.index(utf8.startIndex, offsetBy: lineStarts[index])
            var end = index + 1 < lineStarts.count ? utf8.index(utf8.startIndex, offsetBy: lineStarts[index + 1] - 1) : utf8.endIndex
            if end > start, utf8[utf8.index(before: end)] == 0x0D { end = utf8.index(before: end) }
            return source.text[start..<end].utf8
        }
    }

    private var sources: [String: IndexedSource]

    public init(sources: [SourceFile] = []) {
        var byPath: [String: IndexedSource] = [:]
        for source in sources where byPath[source.path] == nil { byPath[source.path] = IndexedSource(source) }
        self.sources = byPath
    }

    public mutating func add(_ source: SourceFile) {
        if sources[source.path] == nil { sources[source.path] = IndexedSource(source) }
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        var out = diagnostic.description
        if let line = sources[diagnostic.location.path]?.line(diagnostic.location.line) {
            let (shown, caretColumn) = Self.excerpt(line, column: diagnostic.location.column)
            out += "\n" + shown
            out += "\n" + String(repeating: " ", count: caretColumn - 1) + "^"
        }
        if let help = diagnostic.help {
            out += "\nhelp: \(help)"
        }
        return out
    }

    /// The first `maxShown` diagnostics, then how many were left out.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        // Errors that follow from another are counted under it, wherever policies are loaded.
        if diagnostics.contains(where: { $0.causedBy != nil }) { return render(folded: FoldedDiagnostic.fold(diagnostics), verbose: false) }
        var out = diagnostics.prefix(Self.maxShown).map(render).joined(separator: "\n")
        if diagnostics.count > Self.maxShown {
            out += "\n… and \(diagnostics.count - Self.maxShown) more (\(diagnostics.count) in all); fix these first"
        }
        return out
    }

    /// The line as shown (tabs as spaces, at most `maxExcerpt` characters around the column, cut
    /// ends marked '…') and the caret's column in it.
    static func excerpt(_ line: Substring.UTF8View, column: Int) -> (String, Int) {
        // Columns count characters as libyaml does: Unicode scalars, found from the bytes.
        let text = String(decoding: line, as: UTF8.self)
        let scalars = text.unicodeScalars
        let count = scalars.count
        let caret = max(1, min(column, count + 1))
        var first = 0, last = count
        if count > maxExcerpt {
            first = max(0, min(caret - 1 - maxExcerpt / 2, count - maxExcerpt))
            last = first + maxExcerpt
        }
        let lower = scalars.index(scalars.startIndex, offsetBy: first), upper = scalars.index(lower, offsetBy: last - first)
        var shown = String(text[lower..<upper]).replacingOccurrences(of: "\t", with: " ")
        var caretColumn = caret - first
        if first > 0 {
            shown = "…" + shown
            caretColumn += 1
        }
        if last < count { shown += "…" }
        return (shown, caretColumn)
    }
}

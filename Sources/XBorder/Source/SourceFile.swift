import Foundation

/// The text of one input file, kept so that diagnostics can quote the offending line.
public struct SourceFile: Sendable {
    public let path: String
    public let text: String
    /// Added to every line number: a line of a JSON Lines file is parsed on its own but reported
    /// at its place in the whole file.
    public let lineOffset: Int

    public init(path: String, text: String, lineOffset: Int = 0) {
        self.path = path
        self.text = text
        self.lineOffset = lineOffset
    }

    /// Reads a file, refusing ones larger than `limit` bytes before reading them whole.
    ///
    /// The limit is checked on the file the path resolves to (a symbolic link to a huge file is
    /// as huge as the file), and the read itself stops after `limit + 1` bytes, so that a size
    /// that lies (a file still growing, a device, a pipe) cannot make it read more.
    public static func read(path: String, limit: Int = ParseLimits.standard.maxBytes) throws(SourceError) -> SourceFile {
        let bytes = try BoundedFile.read(path: path, limit: limit)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let (line, column) = TextPosition.firstInvalidUTF8(bytes) ?? (1, 1)
            throw .notUTF8(path: path, line: line, column: column)
        }
        return SourceFile(path: path, text: text)
    }

    /// Where the byte at `offset` of the text is, as a diagnostic reports it (offset included).
    public func location(ofByte offset: Int) -> SourceLocation {
        let bytes = text.utf8
        let end = bytes.index(bytes.startIndex, offsetBy: max(0, min(offset, bytes.count)))
        let (line, column) = TextPosition.of(bytes[..<end])
        return SourceLocation(path: path, line: line + lineOffset, column: column)
    }

    /// The text of a 1-based line as reported in diagnostics (offset included), if it exists.
    public func line(_ number: Int) -> String? {
        let wanted = number - lineOffset
        guard wanted >= 1 else { return nil }
        var current = 1
        var start = text.startIndex
        while current < wanted {
            guard let newline = text[start...].firstIndex(of: "\n") else { return nil }
            start = text.index(after: newline)
            current += 1
        }
        let end = text[start...].firstIndex(of: "\n") ?? text.endIndex
        var line = String(text[start..<end])
        if line.hasSuffix("\r") { line.removeLast() }
        return line
    }
}

/// Why a file could not be read at all.
public enum SourceError: Error, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case tooLarge(path: String, bytes: Int, limit: Int)
    /// Where the first byte that is not UTF-8 is.
    case notUTF8(path: String, line: Int, column: Int)

    /// Why, in words, without the path.
    public var reason: String {
        switch self {
        case .unreadable(_, let reason): reason
        case let .tooLarge(_, bytes, limit): "\(bytes) bytes, more than the limit of \(limit)"
        case .notUTF8: "is not UTF-8 text"
        }
    }

    /// Where to point a diagnostic: the first bad byte, else the start of the file.
    public var location: SourceLocation {
        switch self {
        case let .unreadable(path, _), let .tooLarge(path, _, _): SourceLocation(path: path, line: 1, column: 1)
        case let .notUTF8(path, line, column): SourceLocation(path: path, line: line, column: column)
        }
    }

    public var description: String {
        switch self {
        case let .notUTF8(path, line, column): "\(path):\(line):\(column): error: file is not UTF-8 text"
        case let .unreadable(path, reason): "\(path): error: file \(reason)"
        case let .tooLarge(path, bytes, limit):
            "\(path): error: file is \(bytes) bytes, more than the limit of \(limit)"
        }
    }
}

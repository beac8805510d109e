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
            throw .unreadable(path: path, reason: "is not UTF-8 text")
        }
        return SourceFile(path: path, text: text)
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

    /// Why, in words, without the path.
    public var reason: String {
        switch self {
        case .unreadable(_, let reason): reason
        case let .tooLarge(_, bytes, limit): "\(bytes) bytes, more than the limit of \(limit)"
        }
    }

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "\(path): error: file \(reason)"
        case let .tooLarge(path, bytes, limit):
            "\(path): error: file is \(bytes) bytes, more than the limit of \(limit)"
        }
    }
}

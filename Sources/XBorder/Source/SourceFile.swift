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
    public static func read(path: String, limit: Int = ParseLimits.standard.maxBytes) throws(SourceError) -> SourceFile {
        let url = URL(fileURLWithPath: path)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            throw .unreadable(path: path, reason: "no such file")
        }
        if let type = attributes[.type] as? FileAttributeType, type == .typeDirectory {
            throw .unreadable(path: path, reason: "is a directory")
        }
        if let size = attributes[.size] as? Int, size > limit {
            throw .tooLarge(path: path, bytes: size, limit: limit)
        }
        guard let data = try? Data(contentsOf: url) else {
            throw .unreadable(path: path, reason: "cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
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

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "\(path): error: file \(reason)"
        case let .tooLarge(path, bytes, limit):
            "\(path): error: file is \(bytes) bytes, more than the limit of \(limit)"
        }
    }
}

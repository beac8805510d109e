/// Builds the located tree of a JSON document (RFC 8259), the same `Node`s the YAML parser
/// builds, so that the flow reader and its diagnostics are one for both languages.
///
/// JSON is not read as YAML: YAML would accept what JSON refuses (comments, single quotes,
/// trailing commas, bare words) and report a cut-short line at the next one. Strings are quoted
/// scalars; numbers, `true`, `false` and `null` are plain ones, their text as written.
public struct JSONParser: Sendable {
    public var limits: ParseLimits

    public init(limits: ParseLimits = .standard) {
        self.limits = limits
    }

    /// Parses a source that holds exactly one JSON value.
    public func parseDocument(_ source: SourceFile) throws(Diagnostic) -> Node {
        var text = source.text
        let result = text.withUTF8 { bytes -> Result<Node, Diagnostic> in
            do throws(Diagnostic) { return .success(try parseDocument(bytes, path: source.path, lineOffset: source.lineOffset)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Parses bytes that hold exactly one JSON value; locations are given in `path`, with
    /// `lineOffset` added to every line (a line of a JSON Lines file is read on its own).
    public func parseDocument(_ bytes: UnsafeBufferPointer<UInt8>, path: String, lineOffset: Int = 0) throws(Diagnostic) -> Node {
        var builder = JSONTreeBuilder(scanner: JSONScanner(bytes), limits: limits, path: path, lineOffset: lineOffset)
        do throws(JSONScanner.Failure) {
            if bytes.count > limits.maxBytes {
                throw JSONScanner.Failure(offset: 0, message: "input is larger than \(limits.maxBytes) bytes", code: .limitExceeded)
            }
            return try builder.document()
        } catch {
            throw builder.diagnostic(error)
        }
    }
}

/// The state of one parse.
private struct JSONTreeBuilder {
    var scanner: JSONScanner
    let limits: ParseLimits
    let path: String
    let lineOffset: Int
    /// The line and column of `positionOffset`, moved forward as nodes are made: locations cost
    /// one pass over the bytes however many nodes there are.
    var positionOffset = 0
    var line = 1
    var column = 1
    var nodes = 0

    init(scanner: JSONScanner, limits: ParseLimits, path: String, lineOffset: Int) {
        self.scanner = scanner
        self.limits = limits
        self.path = path
        self.lineOffset = lineOffset
    }

    mutating func document() throws(JSONScanner.Failure) -> Node {
        scanner.skipByteOrderMark()
        scanner.skipSpace()
        if scanner.atEnd {
            throw JSONScanner.Failure(offset: scanner.offset, message: "the input is empty", help: "write one flow as a JSON object")
        }
        let node = try value(depth: 0)
        scanner.skipSpace()
        guard scanner.atEnd else {
            throw JSONScanner.Failure(offset: scanner.offset, message: "unexpected text after the JSON value",
                                      help: "a file holds one flow; a JSON Lines file (.jsonl) holds one flow per line")
        }
        return node
    }

    mutating func location(_ offset: Int) -> SourceLocation {
        if offset < positionOffset {
            // Only a diagnostic looks back; count from the start.
            let (l, c) = TextPosition.of(UnsafeBufferPointer(rebasing: scanner.bytes[..<offset]))
            return SourceLocation(path: path, line: l + lineOffset, column: c)
        }
        for byte in UnsafeBufferPointer(rebasing: scanner.bytes[positionOffset..<offset]) {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        positionOffset = offset
        return SourceLocation(path: path, line: line + lineOffset, column: column)
    }

    mutating func count(at offset: Int) throws(JSONScanner.Failure) {
        nodes += 1
        if nodes > limits.maxNodes {
            throw JSONScanner.Failure(offset: offset, message: "the document has more than \(limits.maxNodes) values", code: .limitExceeded)
        }
    }

    mutating func value(depth: Int) throws(JSONScanner.Failure) -> Node {
        let start = scanner.offset
        try count(at: start)
        let at = location(start)
        switch scanner.peek {
        case UInt8(ascii: "{"):
            return Node(.mapping(try object(depth: depth + 1)), at: at)
        case UInt8(ascii: "["):
            return Node(.sequence(try array(depth: depth + 1)), at: at)
        case UInt8(ascii: "\""):
            return Node(.scalar(Scalar(text: try scanner.string(), isPlain: false)), at: at)
        case let byte? where byte == UInt8(ascii: "-") || JSONScanner.isDigit(byte):
            let (range, _) = try scanner.number()
            let text = String(decoding: UnsafeBufferPointer(rebasing: scanner.bytes[range]), as: UTF8.self)
            return Node(.scalar(Scalar(text: text, isPlain: true)), at: at)
        default:
            guard let literal = scanner.literal() else { throw scanner.unexpected(expected: "a value") }
            return Node(.scalar(Scalar(text: literal.text, isPlain: true)), at: at)
        }
    }

    mutating func enter(_ depth: Int) throws(JSONScanner.Failure) {
        if depth > limits.maxDepth {
            throw JSONScanner.Failure(offset: scanner.offset, message: "nesting is deeper than \(limits.maxDepth) levels", code: .limitExceeded)
        }
    }

    mutating func object(depth: Int) throws(JSONScanner.Failure) -> [Pair] {
        try enter(depth)
        scanner.offset += 1
        var pairs: [Pair] = []
        var seen = Set<String>()
        scanner.skipSpace()
        if scanner.peek == UInt8(ascii: "}") {
            scanner.offset += 1
            return pairs
        }
        while true {
            scanner.skipSpace()
            guard scanner.peek == UInt8(ascii: "\"") else { throw scanner.unexpected(expected: "a key in double quotes") }
            let keyStart = scanner.offset
            let keyAt = location(keyStart)
            let key = try scanner.string()
            guard seen.insert(key).inserted else {
                throw JSONScanner.Failure(offset: keyStart, message: "key '\(key)' appears twice in this object",
                                          help: "an object holds each key once; merge the two entries", code: .duplicateKey)
            }
            scanner.skipSpace()
            try scanner.expect(UInt8(ascii: ":"), "':' after the key")
            scanner.skipSpace()
            let value = try value(depth: depth)
            pairs.append(Pair(key: key, keyLocation: keyAt, value: value))
            scanner.skipSpace()
            if scanner.peek == UInt8(ascii: ",") {
                scanner.offset += 1
                continue
            }
            try scanner.expect(UInt8(ascii: "}"), "',' or '}'")
            return pairs
        }
    }

    mutating func array(depth: Int) throws(JSONScanner.Failure) -> [Node] {
        try enter(depth)
        scanner.offset += 1
        var elements: [Node] = []
        scanner.skipSpace()
        if scanner.peek == UInt8(ascii: "]") {
            scanner.offset += 1
            return elements
        }
        while true {
            scanner.skipSpace()
            elements.append(try value(depth: depth))
            scanner.skipSpace()
            if scanner.peek == UInt8(ascii: ",") {
                scanner.offset += 1
                continue
            }
            try scanner.expect(UInt8(ascii: "]"), "',' or ']'")
            return elements
        }
    }

    /// The failure as a located diagnostic.
    func diagnostic(_ failure: JSONScanner.Failure) -> Diagnostic {
        let (l, c) = TextPosition.of(UnsafeBufferPointer(rebasing: scanner.bytes[..<min(failure.offset, scanner.bytes.count)]))
        let at = SourceLocation(path: path, line: l + lineOffset, column: c)
        return Diagnostic(failure.code, failure.message, at: at, help: failure.help)
    }
}

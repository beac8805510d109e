/// The tokens of JSON (RFC 8259) read straight from bytes: whitespace, strings with their
/// escapes and surrogate pairs, numbers, and the three literals.
///
/// Both JSON readers stand on it: `JSONParser`, which builds the located tree that every
/// diagnostic is drawn from, and `FlowDecoder`, which reads a well-formed flow without one. What
/// counts as JSON is therefore decided once. Nothing outside RFC 8259 is accepted: no comments,
/// no single quotes, no trailing commas, no bare words, no control characters inside strings.
struct JSONScanner {
    /// Why the bytes are not JSON, at the byte where that became clear.
    struct Failure: Error {
        var offset: Int
        var message: String
        var help: String?
        var code: DiagnosticCode = .jsonSyntax
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var offset: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var atEnd: Bool { offset >= bytes.count }

    /// The byte at the current offset, nil at the end.
    var peek: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    /// Skips the four whitespace bytes of JSON: space, tab, line feed, carriage return (so that
    /// a file written with CRLF line ends reads as any other).
    mutating func skipSpace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    /// Skips a UTF-8 byte order mark at the very start, which RFC 8259 §8.1 allows a reader to
    /// ignore (some Windows tools write one).
    mutating func skipByteOrderMark() {
        if offset == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { offset = 3 }
    }

    /// Consumes `byte` or fails with `what` was expected.
    mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
        guard peek == byte else { throw unexpected(expected: what) }
        offset += 1
    }

    // MARK: strings

    /// The raw bytes of a string that holds no escape and no byte outside printable ASCII, or nil
    /// (leaving the offset unchanged) when it needs decoding. At the opening quote.
    ///
    /// Keys of a flow are always such strings: matching them needs no allocation.
    mutating func simpleString() -> Range<Int>? {
        var i = offset + 1
        // Eight bytes at a time while none of them ends the string or needs decoding.
        if let base = bytes.baseAddress {
            while i + 8 <= bytes.count, Self.isPlainASCII(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) { i += 8 }
        }
        while i < bytes.count {
            let byte = bytes[i]
            if byte == 0x22 {
                let range = (offset + 1)..<i
                offset = i + 1
                return range
            }
            if byte == 0x5C || byte < 0x20 || byte >= 0x80 { return nil }
            i += 1
        }
        return nil
    }

    /// Whether eight bytes are all printable ASCII other than `"` and `\\`: what `simpleString`
    /// passes over. No byte has its high bit set, so the sums below carry into no other byte.
    static func isPlainASCII(_ word: UInt64) -> Bool {
        let high: UInt64 = 0x8080_8080_8080_8080
        guard word & high == 0 else { return false }
        // A byte of 0x20 or more gets its high bit from adding 0x60; a control character does not.
        let noControl = (word + 0x6060_6060_6060_6060) & high == high
        // A byte equal to the quote (or the backslash) becomes zero, the only one adding 0x7F leaves below 0x80.
        let quote = word ^ 0x2222_2222_2222_2222, backslash = word ^ 0x5C5C_5C5C_5C5C_5C5C
        let noQuote = (quote + 0x7F7F_7F7F_7F7F_7F7F) & high == high
        let noBackslash = (backslash + 0x7F7F_7F7F_7F7F_7F7F) & high == high
        return noControl && noQuote && noBackslash
    }

    /// A string's text, decoded. At the opening quote.
    mutating func string() throws(Failure) -> String {
        let start = offset
        offset += 1
        // Most strings are copied as they are: scan while nothing needs decoding.
        var i = offset
        while i < bytes.count {
            let byte = bytes[i]
            if byte == 0x22 {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<i]), as: UTF8.self)
                offset = i + 1
                return text
            }
            if byte == 0x5C { break }
            if byte < 0x20 { throw controlCharacter(at: i) }
            if byte >= 0x80 {
                i = try validatedScalar(at: i)
            } else {
                i += 1
            }
        }
        guard i < bytes.count else { throw unterminated(start) }
        // Escapes: decode into a buffer from here on.
        var out = [UInt8](UnsafeBufferPointer(rebasing: bytes[offset..<i]))
        while i < bytes.count {
            let byte = bytes[i]
            switch byte {
            case 0x22:
                offset = i + 1
                return String(decoding: out, as: UTF8.self)
            case 0x5C:
                i = try escape(at: i, into: &out)
            case ..<0x20:
                throw controlCharacter(at: i)
            case 0x80...:
                let next = try validatedScalar(at: i)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<next]))
                i = next
            default:
                out.append(byte)
                i += 1
            }
        }
        throw unterminated(start)
    }

    /// Decodes the escape at `i` (a backslash) into `out`; returns the offset after it.
    private func escape(at i: Int, into out: inout [UInt8]) throws(Failure) -> Int {
        guard i + 1 < bytes.count else { throw Failure(offset: i, message: "the text ends inside an escape") }
        let simple: UInt8? = switch bytes[i + 1] {
        case 0x22: 0x22
        case 0x5C: 0x5C
        case 0x2F: 0x2F
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "t"): 0x09
        default: nil
        }
        if let simple {
            out.append(simple)
            return i + 2
        }
        guard bytes[i + 1] == UInt8(ascii: "u") else {
            throw Failure(offset: i, message: "'\\\(Self.shown(bytes[i + 1]))' is not an escape of JSON",
                          help: "JSON escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX")
        }
        let first = try hex4(at: i + 2, escapeAt: i)
        var scalar = first
        var end = i + 6
        switch first {
        case 0xD800...0xDBFF:
            // A character beyond the Basic Multilingual Plane (𠮷, many rare CJK characters) is
            // written as two escapes, a high and a low surrogate, as Python's json.dumps does.
            guard end + 1 < bytes.count, bytes[end] == 0x5C, bytes[end + 1] == UInt8(ascii: "u") else {
                throw Failure(offset: i, message: "the escape \\u\(Self.hex(first)) is half of a surrogate pair, and the other half does not follow",
                              help: "a character beyond U+FFFF is written as two escapes, e.g. \\ud842\\udfb7 for 𠮷")
            }
            let second = try hex4(at: end + 2, escapeAt: end)
            guard (0xDC00...0xDFFF).contains(second) else {
                throw Failure(offset: end, message: "the escape \\u\(Self.hex(second)) does not complete the surrogate pair begun by \\u\(Self.hex(first))",
                              help: "a high surrogate (D800–DBFF) is followed by a low one (DC00–DFFF)")
            }
            scalar = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            end += 6
        case 0xDC00...0xDFFF:
            throw Failure(offset: i, message: "the escape \\u\(Self.hex(first)) is the second half of a surrogate pair, with no first half",
                          help: "a character beyond U+FFFF is written as two escapes, e.g. \\ud842\\udfb7 for 𠮷")
        default:
            break
        }
        guard let unicode = Unicode.Scalar(scalar) else {
            throw Failure(offset: i, message: "the escape does not name a character")
        }
        out.append(contentsOf: UTF8.encode(unicode).map { Array($0) } ?? [])
        return end
    }

    private func hex4(at i: Int, escapeAt escape: Int) throws(Failure) -> UInt32 {
        guard i + 4 <= bytes.count else { throw Failure(offset: escape, message: "the text ends inside a \\u escape") }
        var value: UInt32 = 0
        for k in i..<(i + 4) {
            let byte = bytes[k]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default:
                throw Failure(offset: escape, message: "a \\u escape needs four hexadecimal digits", help: "e.g. \\u5317 for 北")
            }
            value = value << 4 | digit
        }
        return value
    }

    /// Checks the UTF-8 sequence starting at `i` (RFC 3629: no overlong forms, no surrogates,
    /// nothing above U+10FFFF); returns the offset after it.
    func validatedScalar(at i: Int) throws(Failure) -> Int {
        let lead = bytes[i]
        let count: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: count = 1
        case 0xE0: count = 2; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: count = 2
        case 0xED: count = 2; high = 0x9F
        case 0xF0: count = 3; low = 0x90
        case 0xF1...0xF3: count = 3
        case 0xF4: count = 3; high = 0x8F
        default: throw notUTF8(at: i)
        }
        guard i + count < bytes.count else { throw notUTF8(at: i) }
        let second = bytes[i + 1]
        guard second >= low, second <= high else { throw notUTF8(at: i) }
        for k in (i + 2)..<(i + 1 + count) where bytes[k] & 0xC0 != 0x80 { throw notUTF8(at: i) }
        return i + 1 + count
    }

    // MARK: numbers and literals

    /// A number as RFC 8259 writes it; its text and whether it is a plain whole number (no
    /// fraction, no exponent).
    mutating func number() throws(Failure) -> (text: Range<Int>, isInteger: Bool) {
        let start = offset
        var i = offset
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count, Self.isDigit(bytes[i]) else {
            throw Failure(offset: i, message: "a number needs a digit here", help: "JSON numbers are written like 150000 or -3")
        }
        if bytes[i] == UInt8(ascii: "0"), i + 1 < bytes.count, Self.isDigit(bytes[i + 1]) {
            throw Failure(offset: i, message: "JSON numbers have no leading zeros", help: "write the number without the zeros in front")
        }
        while i < bytes.count, Self.isDigit(bytes[i]) { i += 1 }
        var isInteger = true
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            guard i < bytes.count, Self.isDigit(bytes[i]) else { throw Failure(offset: i, message: "a fraction needs a digit after '.'") }
            while i < bytes.count, Self.isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            isInteger = false
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, Self.isDigit(bytes[i]) else { throw Failure(offset: i, message: "an exponent needs a digit") }
            while i < bytes.count, Self.isDigit(bytes[i]) { i += 1 }
        }
        offset = i
        return (start..<i, isInteger)
    }

    /// `true`, `false` or `null` at the offset, or nil when the word there is none of them.
    mutating func literal() -> Literal? {
        // Matched on the bytes in place: a flow has a literal or two on every line.
        let literal: Literal, word: StaticString
        switch peek {
        case UInt8(ascii: "t")?: (literal, word) = (.true, "true")
        case UInt8(ascii: "f")?: (literal, word) = (.false, "false")
        case UInt8(ascii: "n")?: (literal, word) = (.null, "null")
        default: return nil
        }
        let count = word.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return nil }
        for k in 1..<count where bytes[offset + k] != word.utf8Start[k] { return nil }
        guard offset + count == bytes.count || !Self.isWordByte(bytes[offset + count]) else { return nil }
        offset += count
        return literal
    }

    enum Literal: CaseIterable {
        case `true`, `false`, null

        var bytes: [UInt8] {
            switch self {
            case .true: Array("true".utf8)
            case .false: Array("false".utf8)
            case .null: Array("null".utf8)
            }
        }

        var text: String {
            switch self {
            case .true: "true"
            case .false: "false"
            case .null: "null"
            }
        }
    }

    /// How a message about text that stops before its value is complete begins.
    static let endedEarly = "the text ends"

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func isWordByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    // MARK: failures

    /// What was found instead of `expected`, with the hint a YAML habit needs.
    func unexpected(expected: String) -> Failure {
        guard let byte = peek else {
            return Failure(offset: offset, message: "\(Self.endedEarly) where \(expected) was expected", help: "the flow is cut short: is the line complete?")
        }
        let help: String? = switch byte {
        case UInt8(ascii: "'"): "JSON strings are written in double quotes"
        case UInt8(ascii: "#"): "JSON has no comments"
        case UInt8(ascii: "/"): "JSON has no comments"
        case UInt8(ascii: "}"), UInt8(ascii: "]"): "JSON allows no comma before a closing bracket"
        default: Self.isWordByte(byte) ? "write text and keys in double quotes; the only bare words of JSON are true, false and null" : nil
        }
        let found: String = byte == UInt8(ascii: "'") ? "a single quote" : byte < 0x80 ? "'\(Self.shown(byte))'" : "a non-ASCII character"
        return Failure(offset: offset, message: "expected \(expected), found \(found)", help: help)
    }

    private func unterminated(_ start: Int) -> Failure {
        Failure(offset: start, message: "the string is not closed", help: "end the text with a double quote on the same line")
    }

    private func controlCharacter(at i: Int) -> Failure {
        Failure(offset: i, message: "a control character (U+00\(Self.hex(UInt32(bytes[i])).suffix(2))) inside a string",
                help: "write it as an escape, e.g. \\n or \\t, or remove it")
    }

    private func notUTF8(at i: Int) -> Failure {
        Failure(offset: i, message: "the text is not UTF-8", help: "save the file as UTF-8")
    }

    static func shown(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "U+00" + String(hex(UInt32(byte)).suffix(2))
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

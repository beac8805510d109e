/// Lines and columns of bytes, counted as an editor does: 1-based, columns in characters
/// (Unicode scalars, as libyaml counts them).
enum TextPosition {
    /// The line and column just after `prefix`, the bytes from the start of a text.
    static func of(_ prefix: some Collection<UInt8>) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for byte in prefix {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                // Continuation bytes of a UTF-8 sequence are part of the character before them.
                column += 1
            }
        }
        return (line, column)
    }

    /// The position of the first byte that is not valid UTF-8, nil when all of them are.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> (line: Int, column: Int)? {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var consumed = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                consumed += UTF8.width(scalar)
            case .emptyInput:
                return nil
            case .error:
                return of(bytes[..<min(consumed, bytes.count)])
            }
        }
    }
}

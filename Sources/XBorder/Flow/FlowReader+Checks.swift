/// Checks on values a flow states that the format alone cannot express: bounded numbers of
/// persons and printable identifiers.
extension FlowReader {
    /// The most persons one number of a flow may state (10^10): more than the world's population,
    /// so no true statement is refused, and small enough that adding up the most items a document
    /// can hold (`ParseLimits.maxNodes`, 4 Mi) stays far below `Int.max` (4 Mi × 10^10 ≈ 4.2 × 10^16,
    /// against 9.2 × 10^18). A larger number is a mistake or an attempt to wrap a counter around.
    public static let maxPersons = 10_000_000_000

    /// A number of persons: a whole number from 0 to `maxPersons`, or nil after an error.
    func persons(_ node: Node?, _ what: String, _ reader: inout NodeReader) -> Int? {
        guard let node else { return nil }
        // Digits too many for a 64-bit number are a number all the same: say what is wrong with it
        // rather than "not a whole number".
        if let scalar = node.scalar, scalar.isPlain, scalar.integer == nil {
            let digits = scalar.text.filter { $0 != "_" }
            let unsigned = digits.first == "-" || digits.first == "+" ? digits.dropFirst() : Substring(digits)
            if !unsigned.isEmpty, unsigned.allSatisfy({ $0.isASCII && $0.isNumber }) {
                if digits.first == "-" {
                    reader.bag.error(.invalidValue, "\(what) cannot be negative", at: node.location)
                } else {
                    reader.bag.error(.invalidValue, "\(what) is \(scalar.text), more than \(Self.maxPersons) persons", at: node.location,
                                     help: Self.personsHelp)
                }
                return nil
            }
        }
        guard let value = reader.integer(node, what) else { return nil }
        if value < 0 {
            reader.bag.error(.invalidValue, "\(what) cannot be negative", at: node.location)
            return nil
        }
        if value > Self.maxPersons {
            reader.bag.error(.invalidValue, "\(what) is \(value), more than \(Self.maxPersons) persons", at: node.location,
                             help: Self.personsHelp)
            return nil
        }
        return value
    }

    static let personsHelp = "a number of persons is at most 10000000000 (10^10, more than the world's population); check the figure"

    /// Refuses control characters in an identifier or a name. These end up in ledger keys, the
    /// audit chain and terminal output, where a NUL cuts text short and other controls hide or
    /// rewrite what is shown. All C0 controls (U+0000–U+001F), U+007F and the C1 controls
    /// (U+0080–U+009F) are refused, tab and line breaks included: a name is one line of printable
    /// text, and one simple rule is easy to state. So are the bidirectional embedding, override and
    /// isolate marks (U+202A–U+202E, U+2066–U+2069), which make a name display as other text than
    /// it is (a "Trojan source" in an audit record or a terminal).
    func checkPrintable(_ text: String?, _ node: Node?, _ what: String, _ reader: inout NodeReader) {
        guard let text, let node, let bad = text.unicodeScalars.first(where: Self.isControl) else { return }
        let code = Self.codePoint(bad)
        reader.bag.error(.invalidValue, "\(what) contains the control character \(code)", at: node.location,
                         help: "remove \(code)\(Self.controlNames[bad.value].map { " (\($0))" } ?? ""): identifiers and names are printable text on one line")
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// `U+0000` for NUL: how the character is named in a message.
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    static let controlNames: [UInt32: String] = [0x00: "NUL", 0x09: "tab", 0x0A: "line feed", 0x0D: "carriage return", 0x1B: "escape",
                                                 0x7F: "DEL", 0x85: "next line",
                                                 0x202E: "right-to-left override", 0x2066: "left-to-right isolate", 0x2067: "right-to-left isolate"]
}

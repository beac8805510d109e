/// A JSON value written in the JSON Canonicalization Scheme (RFC 8785, "JCS").
///
/// Audit records are hashed over this text, so an auditor can recompute every hash with any
/// JCS implementation instead of having to reproduce this tool's encoder. Only the JSON this
/// ledger writes is needed: no floating-point numbers, and every integer is kept within
/// ±(2^53 − 1) (``CanonicalJSON/maximumInteger``), where RFC 8785's ECMAScript number form is
/// the plain decimal digits.
enum CanonicalJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case string(String)
    case array([CanonicalJSON])
    case object([String: CanonicalJSON])

    /// Largest integer an IEEE 754 double holds exactly: beyond it, a JCS implementation (which
    /// reads numbers as doubles) would print another number than the one hashed.
    static let maximumInteger: Int64 = 9_007_199_254_740_991

    /// The canonical text: members sorted by the UTF-16 code units of their names, no
    /// whitespace, strings escaped as ECMAScript's `JSON.stringify` does.
    var text: String {
        var output = ""
        write(to: &output)
        return output
    }

    private func write(to output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .integer(let value): output += String(value)
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let values):
            output += "["
            for (index, value) in values.enumerated() {
                if index > 0 { output += "," }
                value.write(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            // RFC 8785 §3.2.3: sort by UTF-16 code units, not by scalars or bytes.
            let names = members.keys.sorted { Array($0.utf16).lexicographicallyPrecedes(Array($1.utf16)) }
            for (index, name) in names.enumerated() {
                if index > 0 { output += "," }
                Self.writeString(name, to: &output)
                output += ":"
                members[name]?.write(to: &output)
            }
            output += "}"
        }
    }

    private static func writeString(_ value: String, to output: inout String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}

extension CanonicalJSON {
    /// An integer member, refused when it is outside what JCS can print exactly.
    static func checked(_ value: Int, field: String) throws(LedgerError) -> CanonicalJSON {
        guard let wide = Int64(exactly: value), -maximumInteger...maximumInteger ~= wide else {
            throw .overflow("\(field) \(value) is beyond \(maximumInteger), the largest number an audit record holds")
        }
        return .integer(wide)
    }

    /// `.string`, or `.null`-free absence: optional members are left out rather than written null.
    static func optional(_ value: String?) -> CanonicalJSON? {
        value.map(CanonicalJSON.string)
    }
}

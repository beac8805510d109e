import Foundation

/// Checks and produces the ISO 8601 text forms the ledger stores.
///
/// Dates are kept as text so that SQLite compares them exactly as written; that only works if
/// every stored day really is `yyyy-MM-dd`, so it is checked on the way in.
public enum ISODay {
    /// Whether `text` is a real calendar day written `yyyy-MM-dd` (leap years included).
    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else {
            return false
        }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else {
            return false
        }
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// The current instant as ISO 8601 UTC with seconds (`2025-06-10T08:00:00Z`).
    public static func nowTimestamp() -> String {
        Date().formatted(.iso8601)
    }
}

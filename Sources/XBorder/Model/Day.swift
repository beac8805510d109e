import Foundation

/// A calendar day, the unit in which the law dates its rules and counts its years.
///
/// Stored as days since 1970-01-01 so that comparing and indexing by date is integer work.
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var ordinal: Int32

    public init(ordinal: Int32) { self.ordinal = ordinal }

    /// A proleptic Gregorian date; nil when the day does not exist (2025-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= Day.daysInMonth(year: year, month: month) else { return nil }
        // Days-from-civil (Howard Hinnant), exact for the Gregorian calendar.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        ordinal = Int32(era * 146097 + doe - 719468)
    }

    /// Parses `YYYY-MM-DD` exactly.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public var components: (year: Int, month: Int, day: Int) {
        let z = Int(ordinal) + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public var year: Int { components.year }

    /// 1 January of this day's year.
    public var startOfYear: Day { Day(year: year, month: 1, day: 1) ?? self }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + Int32(days)) }

    public var description: String {
        let (y, m, d) = components
        func padded(_ n: Int, _ width: Int) -> String {
            let digits = String(n)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(y, 4))-\(padded(m, 2))-\(padded(d, 2))"
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// The days a rule, list or parameter value applies: from `start` through `end`, both included.
public struct Period: Sendable, Hashable, CustomStringConvertible {
    public var start: Day?
    public var end: Day?

    public init(start: Day? = nil, end: Day? = nil) {
        self.start = start
        self.end = end
    }

    public func contains(_ day: Day) -> Bool {
        if let start, day < start { return false }
        if let end, day > end { return false }
        return true
    }

    public var description: String {
        "\(start.map(\.description) ?? "always") … \(end.map(\.description) ?? "open-ended")"
    }
}

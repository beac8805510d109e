/// The stretch of days over which the law adds up exported persons, as a policy parameter names
/// it: "since 1 January of the current year" (Provisions) or "since 1 January of the previous
/// year" (Security Assessment Measures, 2022).
public struct VolumeWindow: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        case calendarYear = "calendar-year"
        case previousAndCurrentYear = "previous-and-current-year"
    }

    public var kind: Kind
    public var start: Day
    /// The transfer's own date: transfers dated after it are not "already exported".
    public var end: Day

    public init(kind: Kind, endingOn day: Day) {
        self.kind = kind
        end = day
        let january = day.startOfYear
        switch kind {
        case .calendarYear: start = january
        case .previousAndCurrentYear: start = Day(year: day.year - 1, month: 1, day: 1) ?? january
        }
    }

    public var description: String { "\(start)…\(end) (\(kind.rawValue))" }
}

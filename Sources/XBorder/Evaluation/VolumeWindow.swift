/// The stretch of days over which the law adds up exported persons, as a policy parameter names
/// it: "since 1 January of the current year" (Provisions) or "since 1 January of the previous
/// year" (Security Assessment Measures, 2022).
public struct VolumeWindow: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        case calendarYear = "calendar-year"
        case previousAndCurrentYear = "previous-and-current-year"
    }

    public var kind: Kind
    /// The transfer's own date: transfers dated after it are not "already exported".
    public var end: Day

    public init(kind: Kind, endingOn day: Day) {
        self.kind = kind
        end = day
    }

    /// Worked out when asked (reports, the ledger), not for every decision.
    public var start: Day {
        let january = end.startOfYear
        switch kind {
        case .calendarYear: return january
        case .previousAndCurrentYear: return Day(year: end.year - 1, month: 1, day: 1) ?? january
        }
    }

    public var description: String { "\(start)…\(end) (\(kind.rawValue))" }
}

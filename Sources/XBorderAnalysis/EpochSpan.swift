import XBorder

/// The days of one epoch of a compiled policy (the same rules, lists and parameter values in
/// force) that flows can be dated on, and the day a witness is dated.
struct EpochSpan {
    var number: Int
    var first: Day
    /// Nil: open-ended.
    var last: Day?

    /// Every epoch with a day on or after the coverage start.
    static func all(_ policy: CompiledPolicy) -> [EpochSpan] {
        let starts = policy.index.epochStarts
        var spans: [EpochSpan] = []
        for (number, start) in starts.enumerated() {
            let last = number + 1 < starts.count ? starts[number + 1].adding(days: -1) : nil
            var first = start
            if let coverage = policy.coverage?.from, first < coverage { first = coverage }
            // The open past before the first dated element: only dated flows are decided, so
            // stand it in with the day before the first change.
            if first.ordinal == Int32.min { first = last ?? Day(year: 2000, month: 1, day: 1) ?? start }
            if let last, last < first { continue }
            spans.append(EpochSpan(number: number, first: first, last: last))
        }
        return spans
    }

    var description: String { "\(first) to \(last.map(\.description) ?? "open-ended")" }
}

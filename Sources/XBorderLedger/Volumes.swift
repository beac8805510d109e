/// Per exporter, calendar year and counter: the figures of ``VolumeRow``, added up with checks.
public struct Volumes: Sendable {
    struct Key: Hashable, Comparable, Sendable {
        var exporter: String
        var year: Int
        var counter: String
        static func < (lhs: Key, rhs: Key) -> Bool {
            (lhs.exporter, lhs.year, lhs.counter) < (rhs.exporter, rhs.year, rhs.counter)
        }
    }

    public init() {}

    private(set) var table: [Key: VolumeRow] = [:]

    public mutating func add(exporter: String, date: String, counted: Bool, counter: String, persons: Int) throws(LedgerError) {
        let year = Int(date.prefix(4)) ?? 0
        let key = Key(exporter: exporter, year: year, counter: counter)
        var row = table[key] ?? VolumeRow(
            exporter: exporter, year: year, counter: counter, countedPersons: 0, uncountedPersons: 0,
            transfers: 0, uncountedTransfers: 0)
        let what = "volume of \(exporter) in \(year) for \(counter)"
        if counted {
            row.countedPersons = try Volume.add(row.countedPersons, persons, what: what)
        } else {
            row.uncountedPersons = try Volume.add(row.uncountedPersons, persons, what: what)
            row.uncountedTransfers += 1
        }
        row.transfers += 1
        table[key] = row
    }

    /// Sorted by exporter, year, counter.
    public var rows: [VolumeRow] {
        table.keys.sorted().compactMap { table[$0] }
    }
}

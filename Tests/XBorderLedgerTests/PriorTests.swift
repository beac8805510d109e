import Testing
@testable import XBorderLedger

@Suite("prior volumes in a counting window")
struct PriorTests {
    let exporter = "91310000MA1FL0000X"

    @Test("sums counted persons per counter inside the window, both ends inclusive")
    func sumsInsideWindow() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        for entry in [
            Sample.entry("before", date: "2024-12-31", personal: 1),
            Sample.entry("first-day", date: "2025-01-01", personal: 10, sensitive: 2),
            Sample.entry("middle", date: "2025-03-15", personal: 100),
            Sample.entry("last-day", date: "2025-06-10", personal: 1_000, sensitive: 3),
            Sample.entry("after", date: "2025-06-11", personal: 10_000),
            Sample.entry("other-exporter", exporter: "someone else", date: "2025-03-15", personal: 7),
        ] {
            try ledger.record(entry, audit: Sample.audit(for: entry))
        }
        let window = CountingWindow(start: "2025-01-01", end: "2025-06-10")
        #expect(try ledger.prior(exporter: exporter, window: window, excludingFlow: nil)
            == ["personal": 1_110, "sensitive": 5])
        #expect(try ledger.prior(exporter: "nobody", window: window, excludingFlow: nil) == [:])
    }

    @Test("the flow being checked is left out of its own prior")
    func excludesTheFlowItself() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        try ledger.recordSamples(3)  // f1, f2, f3: 1,000 personal each
        let window = CountingWindow(start: "2025-01-01", end: "2025-12-31")
        #expect(try ledger.prior(exporter: exporter, window: window, excludingFlow: "f2") == ["personal": 2_000])
        #expect(try ledger.prior(exporter: exporter, window: window, excludingFlow: "unknown") == ["personal": 3_000])
    }

    @Test("uncounted (exempted) transfers add nothing to the prior")
    func uncountedEntriesDoNotCount() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        let counted = Sample.entry("counted", personal: 500)
        let exempted = Sample.entry("exempted", personal: 90_000, counted: false)
        try ledger.record(counted, audit: Sample.audit(for: counted))
        try ledger.record(exempted, audit: Sample.audit(for: exempted))
        let window = CountingWindow(start: "2025-01-01", end: "2025-12-31")
        #expect(try ledger.prior(exporter: exporter, window: window, excludingFlow: nil) == ["personal": 500])
    }

    @Test("two flows of 60,000 in one year: the second sees 60,000; a year apart: it sees 0")
    func sixtyThousandScenario() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        let first = Sample.entry("first", date: "2025-02-01", personal: 60_000)
        try ledger.record(first, audit: Sample.audit(for: first))

        // Same year: the caller's window for a flow dated 2025-09-01 is that calendar year.
        let sameYear = CountingWindow(start: "2025-01-01", end: "2025-09-01")
        let priorSameYear = try ledger.prior(exporter: exporter, window: sameYear, excludingFlow: "second")
        #expect(priorSameYear == ["personal": 60_000])
        let second = Sample.entry("second", date: "2025-09-01", personal: 60_000)
        let stored = try ledger.record(second, audit: Sample.audit(for: second, prior: priorSameYear))
        #expect(stored.counters["personal"] == .init(prior: 60_000, flow: 60_000, total: 120_000, source: .ledger))

        // A year apart: a flow dated 2026-02-01 has the window of 2026, where nothing is yet.
        let nextYear = CountingWindow(start: "2026-01-01", end: "2026-02-01")
        #expect(try ledger.prior(exporter: exporter, window: nextYear, excludingFlow: "third") == [:])
    }

    @Test("a malformed or backwards window is an error, not an empty sum")
    func invalidWindows() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        #expect(throws: LedgerError.invalidWindow(start: "2025-06-01", end: "2025-01-01")) {
            try ledger.prior(exporter: exporter, window: .init(start: "2025-06-01", end: "2025-01-01"), excludingFlow: nil)
        }
        #expect(throws: LedgerError.invalidDate("2025-02-29", field: "window end")) {
            try ledger.prior(exporter: exporter, window: .init(start: "2025-01-01", end: "2025-02-29"), excludingFlow: nil)
        }
        #expect(throws: LedgerError.self) {
            try ledger.prior(exporter: exporter, window: .init(start: "2025-1-1", end: "2025-12-31"), excludingFlow: nil)
        }
    }

    @Test("calendar days are checked, leap years included")
    func isoDays() {
        #expect(ISODay.isValid("2024-02-29"))
        #expect(!ISODay.isValid("2025-02-29"))
        #expect(ISODay.isValid("2000-02-29"))
        #expect(!ISODay.isValid("1900-02-29"))
        #expect(!ISODay.isValid("2025-13-01"))
        #expect(!ISODay.isValid("2025-04-31"))
        #expect(!ISODay.isValid("2025-04-00"))
        #expect(!ISODay.isValid("20250401"))
        #expect(!ISODay.isValid("2025-04-0a"))
        #expect(CountingWindow(start: "2025-01-01", end: "2025-06-10").contains("2025-06-10"))
        #expect(!CountingWindow(start: "2025-01-01", end: "2025-06-10").contains("2025-06-11"))
    }
}

import Testing
@testable import XBorder

@Suite("Days and periods")
struct DayTests {
    @Test(arguments: ["2024-03-22", "2000-02-29", "1970-01-01", "2026-12-31"])
    func roundTrips(_ text: String) throws {
        #expect(try #require(Day(iso: text)).description == text)
    }

    @Test(arguments: ["2025-02-29", "2024-13-01", "2024-3-22", "24-03-22", "2024-03-22T00:00"])
    func refusesWhatIsNotADay(_ text: String) {
        #expect(Day(iso: text) == nil)
    }

    @Test func periodsIncludeBothEnds() throws {
        let period = Period(start: Day(iso: "2024-05-17"), end: Day(iso: "2025-05-16"))
        #expect(try period.contains(#require(Day(iso: "2025-05-16"))))
        #expect(try !period.contains(#require(Day(iso: "2025-05-17"))))
        #expect(try !period.contains(#require(Day(iso: "2024-05-16"))))
    }

    @Test func windows() throws {
        let day = try #require(Day(iso: "2023-10-01"))
        #expect(VolumeWindow(kind: .calendarYear, endingOn: day).start.description == "2023-01-01")
        #expect(VolumeWindow(kind: .previousAndCurrentYear, endingOn: day).start.description == "2022-01-01")
    }
}

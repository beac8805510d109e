import ArgumentParser
import Foundation
import XBorder
import XBorderAnalysis

/// `xborder lint [DIR]`: every finding of the analysis, with witnesses and proofs.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Find impossible, dead and overlapping rules, gaps and authoring slips in a policy folder, proved with an SMT solver."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, sarif
    }

    @Argument(help: ArgumentHelp("Policy folder (default: the bundled policies).", valueName: "dir"))
    var directory: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The day lists are judged ended on (default: today).", valueName: "date"))
    var asOf: String?

    @Flag(help: "Fail on unacknowledged warnings too.")
    var strict = false

    @Option(help: "Output format: text, json or sarif.")
    var format: Format = .text

    @Option(name: .customLong("items"), help: ArgumentHelp("The most items a flow of the analysis has.", valueName: "n"))
    var itemCount = 3

    func validate() throws {
        if let asOf, Day(iso: asOf) == nil { throw ValidationError("--as-of '\(asOf)' is not a date: write YYYY-MM-DD") }
        if !(1...6).contains(itemCount) { throw ValidationError("--items must be from 1 to 6") }
    }

    func run() throws {
        let folder = PolicyFolder.directory(directory)
        let (policy, set) = try PolicyFolder.load(folder)
        let day = asOf.flatMap { Day(iso: $0) } ?? Self.today
        let report = Linter(asOf: day, itemCount: itemCount).lint(policy: policy, set: set)
        switch format {
        case .text: print(report.text())
        case .json: print(report.json())
        case .sarif: print(report.sarif(toolVersion: "0.1.0"))
        }
        if report.fails(strict: strict) { throw AnalyzeExit.findings }
    }

    static var today: Day {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC") ?? .current, from: Date())
        return Day(year: parts.year ?? 2000, month: parts.month ?? 1, day: parts.day ?? 1) ?? Day(ordinal: 0)
    }
}

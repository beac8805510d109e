import ArgumentParser
import Foundation
import XBorder
import XBorderDocs

struct DocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs",
        abstract: "Write the bilingual (中文 / English) handbook of a policy folder as static HTML.",
        discussion: """
        Writes index.html, a page per pack, list and catalog, the codes and the scenario cases \
        into the output folder, with handbook.css and handbook.js beside them. Conditions are \
        said in words, parameters show their value on --as-of (default: today) and link to their \
        timeline, and each rule lists the scenario cases whose decision it decides (the cases are \
        decided with the same policies). See docs/handbook.md.
        """
    )

    @Argument(help: ArgumentHelp("Policy folder (default: the bundled policies).", valueName: "dir"))
    var directory: String?

    @Option(help: ArgumentHelp("The folder to write the handbook into; created when missing.", valueName: "dir"))
    var out: String

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The day whose law the handbook states (YYYY-MM-DD; default: today, UTC).", valueName: "date"))
    var asOf: String?

    @Option(help: ArgumentHelp("Scenario suites whose cases the rules list (default: the project's Scenarios/).", valueName: "path"))
    var scenarios: [String] = []

    func validate() throws {
        if let asOf, Day(iso: asOf) == nil { throw ValidationError("--as-of takes a date written YYYY-MM-DD, not '\(asOf)'") }
    }

    func run() throws {
        let started = ContinuousClock.now
        let folder = PolicyOptions.directory(directory)
        let (model, result) = PolicyLoader().loadModel(directory: folder)
        guard let model else {
            let errors = result.diagnostics.filter { $0.severity == .error }
            Console.error(result.renderer.render(errors))
            Console.error("error: the policies in '\(folder)' have \(errors.count) error(s); run 'xborder validate \(folder)'")
            throw ExitStatus.invalid
        }
        let day = asOf.flatMap(Day.init(iso:)) ?? Self.today
        let paths = scenarios.isEmpty ? [TestCommand.relative(TestCommand.defaultScenarios)] : scenarios
        let cases = CaseIndex.run(scenarios: paths, policies: folder)
        let handbook = Handbook(model: model, asOf: day, cases: cases)
        let files: [String]
        do {
            files = try handbook.write(to: out)
        } catch {
            Console.error("error: cannot write the handbook to '\(out)': \(error.localizedDescription)")
            throw ExitStatus.failure
        }
        let elapsed = ContinuousClock.now - started
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let pages = files.filter { $0.hasSuffix(".html") }.count
        Console.out("wrote \(pages) pages to '\(out)': \(model.policy.rules.count) rules, \(model.set.lists.count) lists, \(cases.caseCount) cases, law as of \(day), in \(String(format: "%.0f", ms)) ms")
        Console.out("open \(URL(fileURLWithPath: out).appendingPathComponent("index.html").path)")
    }

    /// Today in UTC: the law's days are calendar days, and the handbook should not depend on the
    /// machine's time zone.
    static var today: Day {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return Day(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1) ?? Day(ordinal: 0)
    }
}

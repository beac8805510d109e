import ArgumentParser
import Foundation
import XBorder
import XBorderScenarios

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run scenario suites: cases that state, from the law, how flows must be decided.",
        discussion: """
        Finds every suite (a .yaml/.yml file whose first key is 'suite:') below the paths, skipping \
        folders named 'examples'. See docs/scenarios.md for the format.

        Exit status: 0 when every selected case passed, 1 when a case failed, when no case was \
        selected, or when coverage is below --min-coverage, 2 when a suite, a case or a policy is \
        invalid (or on a usage error).

        With --record FLOW --to SUITE, decides FLOW with today's policies and appends it to SUITE \
        as a new case (creating the file if needed), printing the case for review.
        """
    )

    enum Format: String, ChoiceArgument {
        case text
        case json
    }

    @Argument(help: ArgumentHelp("Suite files or folders (default: the project's Scenarios/).", valueName: "path"))
    var paths: [String] = []

    @OptionGroup var policyOptions: PolicyOptions

    @Option(help: ArgumentHelp("Run only cases whose name, suite title or a tag contains this text.", valueName: "text"))
    var filter: String?

    @Flag(help: "Show only failing and invalid cases.")
    var failOnly = false

    @Option(help: "Output format: text for people, json for tools.")
    var format: Format = .text

    @Option(help: ArgumentHelp("Also write a JUnit XML report to this file.", valueName: "file"))
    var junit: String?

    @Flag(help: "Report which rules, lists, list scenarios and exceptions the cases exercised.")
    var coverage = false

    @Option(help: ArgumentHelp("Fail when fewer than this percentage of rules and lists are exercised.", valueName: "percent"))
    var minCoverage: Double?

    @Option(help: ArgumentHelp("Record this flow file as a new case (with --to).", valueName: "flow"))
    var record: String?

    @Option(help: ArgumentHelp("The suite file to append the recorded case to; created when missing.", valueName: "suite"))
    var to: String?

    @Option(help: ArgumentHelp("The recorded case's name (default: the flow's id or file name).", valueName: "name"))
    var name: String?

    func validate() throws {
        if (record == nil) != (to == nil) { throw ValidationError("--record and --to go together: '--record FLOW --to SUITE.yaml'") }
        if record != nil, !paths.isEmpty || filter != nil || junit != nil || coverage || minCoverage != nil || failOnly {
            throw ValidationError("--record takes only --to, --name and --policies")
        }
        if record != nil, policyOptions.bundle != nil { throw ValidationError("--record decides with a policy folder: use --policies, not --bundle") }
        if name != nil, record == nil { throw ValidationError("--name names a recorded case: use it with --record") }
        if let minCoverage, !(0...100).contains(minCoverage) { throw ValidationError("--min-coverage must be between 0 and 100") }
    }

    func run() throws {
        if let record, let to { return try recordCase(record, to: to) }
        let folders = paths.isEmpty ? [Self.relative(Self.defaultScenarios)] : paths
        let runner = try policyOptions.scenarioRunner(filter: filter)
        let result = runner.run(paths: folders)
        let coverage = result.coverage
        let exercised = coverage.reduce(0) { $0 + $1.exercised }
        let total = coverage.reduce(0) { $0 + $1.total }
        let percent = total == 0 ? 100 : Double(exercised) * 100 / Double(total)
        let belowMinimum = minCoverage.map { percent < $0 } ?? false

        switch format {
        case .json:
            Console.out(result.json(coverage: coverage.isEmpty ? false : (self.coverage || minCoverage != nil)).serialized(pretty: true))
        case .text:
            let report = TextReport(color: Console.colorOnStdout, failOnly: failOnly)
            var text = report.render(result)
            if self.coverage { text += "\n" + coverage.map(report.render).joined(separator: "\n") }
            if let minCoverage {
                let shown = String(format: "%.1f", percent)
                text += "\ncoverage \(shown)% of rules and lists" + (belowMinimum ? ", below the minimum of \(String(format: "%g", minCoverage))%" : "")
            }
            Console.out(text)
        }
        if let junit {
            do {
                try Data(JUnitReport().xml(result).utf8).write(to: URL(fileURLWithPath: junit))
            } catch {
                Console.error("error: cannot write the JUnit report to '\(junit)': \(error.localizedDescription)")
                throw ExitStatus.failure
            }
        }
        switch result.verdict {
        case .invalid: throw ExitStatus.invalid
        case .failed: throw ExitCode(1)
        case .passed: if belowMinimum { throw ExitCode(1) }
        }
    }

    private func recordCase(_ flow: String, to suite: String) throws {
        let recording: Recording
        do {
            recording = try ScenarioRecorder(defaultPolicies: policyOptions.directory).record(flow: flow, to: suite, name: name)
        } catch {
            Console.error(error.renderer.render(error.diagnostics))
            throw ExitStatus.invalid
        }
        do {
            try recording.write()
        } catch {
            Console.error("error: cannot write '\(suite)': \(error.localizedDescription)")
            throw ExitStatus.failure
        }
        Console.out("\(recording.createsSuite ? "created" : "appended to") \(suite): case '\(recording.caseName)' — \(recording.actual.outcome)")
        Console.out(String(recording.caseText.dropLast()))
        Console.out("review it with 'git diff \(suite)', then run 'xborder test \(suite)'")
    }

    /// A path below the working directory as a relative one, so that reports read `Scenarios/cn/…:12`.
    static func relative(_ path: String) -> String {
        let here = FileManager.default.currentDirectoryPath
        let prefix = here.hasSuffix("/") ? here : here + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// The project's `Scenarios/`: `XBORDER_SCENARIOS`, an installed copy next to the binary, or
    /// the folder beside this source tree, found the way `PolicyOptions` finds `Policies/`.
    static var defaultScenarios: String {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["XBORDER_SCENARIOS"], !path.isEmpty { return path }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        let installed = executable.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("share/xborder/Scenarios").path
        if FileManager.default.fileExists(atPath: installed) { return installed }
        let source = URL(fileURLWithPath: #filePath)
        return source.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scenarios").path
    }
}

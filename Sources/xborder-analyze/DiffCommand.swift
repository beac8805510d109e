import ArgumentParser
import Foundation
import XBorder
import XBorderAnalysis

/// `xborder diff OLD NEW`: the impact of a change of the policies.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what a change of the policies changes: the flows decided differently, and a witness or a proof for each difference.",
        discussion: """
        Re-decides the flows (default: every case of the project's Scenarios/) under both policy \
        folders and lists every flow whose outcome, deciding rules or obligations change, grouped \
        by rule and by article. Then, with the SMT solver, for each rule, parameter value, list \
        entry or catalog entry that differs: a witness flow that it alone makes decide differently, \
        or the proof that it changes no decision; and the same for the whole new set.
        Exit status: 0 when no decision differs, 1 when some does, 2 on invalid policies or usage.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: ArgumentHelp("The policy folder before the change.", valueName: "old"))
    var old: String

    @Argument(help: ArgumentHelp("The policy folder after the change.", valueName: "new"))
    var new: String

    @Option(name: .customLong("flows"), parsing: .upToNextOption,
            help: ArgumentHelp("Flow files, folders or JSON Lines inventories to re-decide (default: every case of Scenarios/).", valueName: "path"))
    var flows: [String] = []

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Option(name: .customLong("items"), help: ArgumentHelp("The most items a flow of the proofs has.", valueName: "n"))
    var itemCount = 3

    @Flag(name: .customLong("no-proofs"), help: "Only re-decide the flows; do not run the solver.")
    var noProofs = false

    func validate() throws {
        if !(1...6).contains(itemCount) { throw ValidationError("--items must be from 1 to 6") }
    }

    func run() throws {
        let (beforePolicy, beforeSet) = try PolicyFolder.load(old)
        let (afterPolicy, afterSet) = try PolicyFolder.load(new)
        let source: PolicyDiff.Flows = flows.isEmpty ? .scenarios(PolicyFolder.scenarios) : .files(flows)
        let report = PolicyDiff(itemCount: itemCount, symbolic: !noProofs, crossCheck: PolicyFolder.scenarios).run(
            before: PolicyDiff.Side(path: old, policy: beforePolicy, set: beforeSet),
            after: PolicyDiff.Side(path: new, policy: afterPolicy, set: afterSet),
            flows: source)
        switch format {
        case .text: print(report.text())
        case .json: print(report.json())
        }
        if report.decisionsDiffer { throw AnalyzeExit.findings }
    }
}

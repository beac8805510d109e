import ArgumentParser
import XBorder

/// `xborder explain FLOW`: the decision `check` gives, with the whole argument behind it.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a decision: the facts, every rule and list in force that day and why it applied or not, the parameter values used.",
        discussion: """
        The outcome and the deciding rules are those of 'xborder check' (the same evaluation). \
        Exit status as for check: 0 exempt, 1 a mechanism is needed or the flow is prohibited, 2 invalid input, policy or usage.
        """
    )

    enum Format: String, ChoiceArgument {
        case text
        case json
    }

    @Argument(help: ArgumentHelp("A flow file (.yaml, .json); a JSON Lines file explains each line.", valueName: "flow"))
    var flow: String

    @OptionGroup var policyOptions: PolicyOptions

    @Option(help: "Output format: text for people, json for tools.")
    var format: Format = .text

    @Option(help: ArgumentHelp("Languages of the text and of the JSON explanation: en, zh or both.", valueName: "en|zh|both"))
    var lang: DecisionReport.Languages = .both

    func run() throws {
        let policy = try policyOptions.load()
        let evaluator = Evaluator(policy: policy)
        let exempt = policy.table(.outcomes).codes.first
        var invalid = false, needsMechanism = false, count = 0
        var output = Console.Buffered()
        defer { output.flush() }
        FlowInput().forEach([flow]) { entry in
            let resolved: ResolvedFlow
            do throws(DiagnosticList) {
                resolved = try policy.resolve(try entry.flow.get())
            } catch {
                output.flush()
                Console.error(DiagnosticRenderer(sources: entry.source.map { [$0] } ?? []).render(error.errors.isEmpty ? error.diagnostics : error.errors))
                invalid = true
                return
            }
            let report = ExplainReport(trace: evaluator.trace(resolved), flow: resolved, policy: policy)
            switch format {
            case .json: output.line(report.json(languages: lang).serialized(pretty: !entry.fromJSONLines))
            case .text: output.line((count == 0 ? "" : "\n") + report.text(color: Console.colorOnStdout, languages: lang))
            }
            count += 1
            if report.outcome != exempt { needsMechanism = true }
        }
        output.flush()
        if invalid { throw ExitStatus.invalid }
        if needsMechanism { throw ExitStatus.needsMechanism }
    }
}

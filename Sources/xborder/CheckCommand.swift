import ArgumentParser
import XBorder
import XBorderLedger

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Decide one flow or a whole inventory: files, folders or JSON Lines.",
        discussion: """
        Exit status: 0 when every flow is exempt, 1 when at least one needs a mechanism or is \
        prohibited, 2 or more on invalid input, policy or usage.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @Argument(help: ArgumentHelp("Flow files (.yaml, .json), JSON Lines files (.jsonl) or folders.", valueName: "flow"))
    var flows: [String]

    @OptionGroup var policyOptions: PolicyOptions

    @Option(help: "Output format: text for people, json for tools.")
    var format: Format = .text

    @Flag(help: "Record each decided flow in the ledger of yearly volumes and the audit trail. Flows without 'prior' take it from the ledger.")
    var record = false

    @Flag(help: "Append an audit record for each decision, without touching the volumes ledger.")
    var audit = false

    @Flag(name: .customLong("mask-names"), help: "Keep names (exporter, recipient, items) out of audit records.")
    var maskNames = false

    @Option(help: ArgumentHelp("The ledger and audit database.", valueName: "path"))
    var db: String = ".xborder/xborder.db"

    func validate() throws {
        if flows.isEmpty { throw ValidationError("name at least one flow file, JSON Lines file or folder") }
    }

    func run() throws {
        let policy = try policyOptions.load()
        let evaluator = Evaluator(policy: policy)
        var recorder: DecisionRecorder?
        if record || audit {
            do {
                recorder = DecisionRecorder(ledger: try Ledger(path: db), evaluator: evaluator, maskNames: maskNames)
            } catch {
                Console.error("error: \(error)")
                throw ExitStatus.failure
            }
        }
        var invalid = false
        var needsMechanism = false
        var decided = 0
        let exempt = policy.table(.outcomes).codes.first
        // One flow file gets indented JSON; inventories get JSON Lines, one decision per line.
        var isDirectory: ObjCBool = false
        let single = flows.count == 1 && !flows[0].hasSuffix(".jsonl")
            && FileManager.default.fileExists(atPath: flows[0], isDirectory: &isDirectory) && !isDirectory.boolValue
        var output = Console.Buffered()
        defer { output.flush() }
        FlowInput().forEach(flows) { entry in
            let resolved: ResolvedFlow
            do throws(DiagnosticList) {
                resolved = try policy.resolve(try entry.flow.get())
            } catch {
                invalid = true
                output.flush()
                let renderer = DiagnosticRenderer(sources: entry.source.map { [$0] } ?? [])
                Console.error(renderer.render(error.errors.isEmpty ? error.diagnostics : error.errors))
                return
            }
            let report: DecisionReport
            if let recorder {
                do {
                    let (made, stored) = try recorder.decide(resolved, label: entry.label, mode: record ? .record : .auditOnly)
                    report = made
                    if format == .text {
                        output.flush()
                        Console.error("recorded: audit #\(stored.sequence), ledger \(stored.ledger.rawValue)")
                    }
                } catch {
                    // Nothing was written for this flow: the ledger and the audit record share one transaction.
                    output.flush()
                    Console.error("error: \(entry.label): \(error)")
                    invalid = true
                    return
                }
            } else {
                report = DecisionReport(decision: evaluator.decide(resolved), flow: resolved, policy: policy)
            }
            if report.outcome != exempt { needsMechanism = true }
            switch format {
            case .json: output.line(report.json.serialized(pretty: single))
            case .text: output.line((decided > 0 ? "\n" : "") + report.text(color: Console.colorOnStdout))
            }
            decided += 1
        }
        output.flush()
        if invalid { throw ExitStatus.invalid }
        if needsMechanism { throw ExitStatus.needsMechanism }
    }
}

import Foundation

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

    @Option(help: ArgumentHelp("Languages of the text output and of the JSON explanation: en, zh or both (citations stay English in the JSON 'cite').",
                               valueName: "en|zh|both"))
    var lang: DecisionReport.Languages = .both

    @Flag(help: "Record each decided flow in the ledger of yearly volumes and the audit trail. Every flow needs an 'id'; flows without 'prior' take it from the ledger. Exits 3 when the ledger cannot be written.")
    var record = false

    @Flag(help: "Append an audit record for each decision, without touching the volumes ledger.")
    var audit = false

    @Flag(name: .customLong("mask-names"), help: "Keep names, flow ids and subjects labels out of audit records (keyed pseudonyms instead).")
    var maskNames = false

    @Option(help: ArgumentHelp("The ledger and audit database.", valueName: "path"))
    var db: String = ".xborder/xborder.db"

    func validate() throws {
        if flows.isEmpty { throw ValidationError("name at least one flow file, JSON Lines file or folder") }
    }

    /// What deciding one entry produced: its rendering, or the diagnostics and messages to print.
    struct Result: Sendable {
        var output: String?
        var errors: String?
        var notices: String?
        var outcome: String?
        /// The ledger could not be written (full disk, read-only file…): recording stops.
        var fatal = false
    }

    func decide(_ entry: FlowInput.Entry, policy: CompiledPolicy, evaluator: Evaluator, recorder: DecisionRecorder?, single: Bool,
                first: Bool) -> Result {
        let resolved: ResolvedFlow
        do throws(DiagnosticList) {
            resolved = try policy.resolve(try entry.flow.get())
        } catch {
            let renderer = DiagnosticRenderer(sources: entry.source.map { [$0] } ?? [])
            let problems = error.errors.isEmpty ? error.diagnostics : error.errors
            // Flow format 1.1: in a JSON Lines inventory decided as JSON, a line that cannot be
            // read is answered on its own output line, so output line n answers input line n.
            var record: String?
            if format == .json, let line = entry.line, let first = problems.first {
                record = JSONValue.object([("line", .number(line)), ("error", .object([
                    ("code", .string(first.code.rawValue)), ("message", .string(first.message)),
                    ("at", .string("\(first.location)")),
                ]))]).serialized(pretty: false)
            }
            return Result(output: record, errors: renderer.render(problems))
        }
        let report: DecisionReport
        var notices: String?
        if let recorder {
            do {
                let (made, stored) = try recorder.decide(resolved, label: entry.label, mode: record ? .record : .auditOnly)
                report = made
                if format == .text { notices = "recorded: audit #\(stored.sequence), ledger \(stored.ledger.rawValue)" }
            } catch {
                // Nothing was written for this flow: the ledger and the audit record share one transaction.
                return Result(errors: "\(entry.label): error: \(error)", fatal: (error as? LedgerError)?.isEnvironmental ?? false)
            }
        } else {
            report = DecisionReport(decision: evaluator.decide(resolved), flow: resolved, policy: policy)
        }
        let text: String = switch format {
        case .json: report.json(languages: lang).serialized(pretty: single)
        case .text: (first ? "" : "\n") + report.text(color: Console.colorOnStdout, languages: lang)
        }
        return Result(output: text, notices: notices, outcome: report.outcome)
    }

    func emit(_ result: Result, to output: inout Console.Buffered, invalid: inout Bool, needsMechanism: inout Bool, exempt: String?) {
        if let errors = result.errors {
            invalid = true
            output.flush()
            Console.error(errors)
        }
        if let notices = result.notices {
            output.flush()
            Console.error(notices)
        }
        if let text = result.output { output.line(text) }
        if let outcome = result.outcome, outcome != exempt { needsMechanism = true }
    }

    func run() throws {
        let (policy, bundle) = try policyOptions.loadWithBundle()
        let evaluator = Evaluator(policy: policy)
        var recorder: DecisionRecorder?
        if record || audit {
            do {
                recorder = DecisionRecorder(ledger: try Ledger(path: db), evaluator: evaluator, maskNames: maskNames, bundle: bundle)
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
        if let recorder {
            // Recording is sequential: each flow's prior comes from the ledger as left by the last.
            // An error of the database itself would repeat for every flow: the first one stops.
            struct Stop: Error {}
            do {
                try FlowInput().forEach(flows) { entry in
                    let result = decide(entry, policy: policy, evaluator: evaluator, recorder: recorder, single: single, first: decided == 0)
                    emit(result, to: &output, invalid: &invalid, needsMechanism: &needsMechanism, exempt: exempt)
                    decided += 1
                    if result.fatal { throw Stop() }
                }
            } catch {
                output.flush()
                Console.error("error: recording stopped at flow \(decided): the ledger could not be written; every flow before it is recorded in full, none after it was decided")
                throw ExitStatus.failure
            }
        } else {
            // Without the ledger, flows are independent: batches are read, resolved, decided and
            // rendered on every core, then written in input order.
            var batch: [FlowInput.Entry] = []
            func decideBatch() {
                let before = decided
                let results = Parallel.map(Array(batch.enumerated())) { index, entry in
                    decide(entry, policy: policy, evaluator: evaluator, recorder: nil, single: single, first: before + index == 0)
                }
                for result in results { emit(result, to: &output, invalid: &invalid, needsMechanism: &needsMechanism, exempt: exempt) }
                decided += batch.count
                batch.removeAll(keepingCapacity: true)
            }
            // A batch is also bounded in bytes, so that long lines cannot pile up in memory.
            var batchBytes = 0
            FlowInput().forEach(flows) { entry in
                batch.append(entry)
                batchBytes += entry.source?.text.utf8.count ?? 0
                if batch.count >= 4096 || batchBytes >= ParseLimits.standard.maxBytes {
                    decideBatch()
                    batchBytes = 0
                }
            }
            decideBatch()
        }
        output.flush()
        if invalid { throw ExitStatus.invalid }
        if needsMechanism { throw ExitStatus.needsMechanism }
    }
}

import Foundation

extension DecisionReport.Languages: ExpressibleByArgument {}

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

    enum Format: String, ChoiceArgument {
        case text
        case json
    }

    enum ColorChoice: String, ChoiceArgument {
        case auto, always, never
    }

    var colored: Bool {
        switch color {
        case .auto: Console.colorOnStdout
        case .always: true
        case .never: false
        }
    }

    var explanation: ReportWriter.Explain { explain ?? ReportWriter.Explain(lang) }

    @Argument(help: ArgumentHelp("Flow files (.yaml, .json), JSON Lines files (.jsonl), folders, or - for JSON on standard input.", valueName: "flow"))
    var flows: [String]

    @OptionGroup var policyOptions: PolicyOptions

    @Option(help: "Output format: text for people, json for tools.")
    var format: Format = .text

    @Option(help: ArgumentHelp("Languages of the text output and of the JSON explanation: en, zh or both (citations stay English in the JSON 'cite').",
                               valueName: "en|zh|both"))
    var lang: DecisionReport.Languages = .both

    @Option(help: ArgumentHelp("The explanation in the JSON output: none (a compact line), en, zh or both (default: as --lang).",
                               valueName: "none|en|zh|both"))
    var explain: ReportWriter.Explain?

    @Option(help: ArgumentHelp("Colour in the text output: auto (on a terminal, unless NO_COLOR is set), always or never.", valueName: "when"))
    var color: ColorChoice = .auto

    @Flag(name: .shortAndLong, help: "No progress line and no closing tally on standard error.")
    var quiet = false

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
                record = InventoryDecider.errorRecord(first, line: line)
            }
            return Result(output: record, errors: renderer.render(problems))
        }
        let report: DecisionReport
        var notices: String?
        if let recorder {
            do {
                let mode: DecisionRecorder.Mode = record ? .record : .auditOnly
                let (made, stored) = try Blocking.run { try await recorder.decide(resolved, mode: mode) }
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
        case .json: report.json(explain: explanation).serialized(pretty: single)
        case .text: (first ? "" : "\n") + report.text(color: colored, languages: lang)
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
        // Deciding reads only the compiled policy: it may come from the cache.
        let (policy, bundle) = try policyOptions.loadWithBundle(cached: true)
        let evaluator = Evaluator(policy: policy)
        var recorder: DecisionRecorder?
        if record || audit {
            do {
                let location = db
                let store = try Blocking.run { try await LedgerStores.open(location) }
                recorder = DecisionRecorder(store: store, evaluator: evaluator, maskNames: maskNames, bundle: bundle, toolVersion: ToolInfo.version)
            } catch {
                Console.error("error: \(error)")
                throw ExitStatus.failure
            }
        }
        defer {
            if let store = recorder?.store { _ = try? Blocking.run { await store.close() } }
        }
        var run = Run(policy: policy, started: ContinuousClock.now)
        let exempt = policy.table(.outcomes).codes.first
        // One flow file (or one document on standard input) gets indented JSON; inventories get
        // JSON Lines, one decision per line.
        let input = FlowInput()
        let sources = input.sources(flows)
        var standardInput: StandardInput.Sniffed?
        if sources.contains(where: { if case .standardInput = $0 { true } else { false } }) {
            standardInput = StandardInput.sniff(limit: input.limits.maxBytes)
        }
        let single: Bool = switch sources.first {
        case .file? where sources.count == 1: true
        case .standardInput? where sources.count == 1: standardInput?.isOneDocument ?? false
        default: false
        }
        var output = Console.Buffered()
        defer { output.flush() }
        if let recorder {
            // Recording is sequential: each flow's prior comes from the ledger as left by the last.
            // An error of the database itself would repeat for every flow: the first one stops.
            struct Stop: Error {}
            do {
                try input.forEach(flows, standardInput: standardInput) { entry in
                    let result = decide(entry, policy: policy, evaluator: evaluator, recorder: recorder, single: single, first: run.decided == 0)
                    run.emit(result, to: &output, exempt: exempt)
                    if result.fatal { throw Stop() }
                }
            } catch {
                output.flush()
                Console.error("error: recording stopped at flow \(run.decided): the ledger could not be written; every flow before it is recorded in full, none after it was decided")
                throw ExitStatus.failure
            }
            try finish(run)
            return
        }
        // Without the ledger, flows are independent. JSON Lines are streamed through the
        // inventory decider (every core busy, memory flat); flow files are read, decided and
        // rendered in parallel batches; both are written in input order.
        var batch: [FlowInput.Entry] = []
        var batchBytes = 0
        func decideBatch() {
            let before = run.decided
            let results = Parallel.map(Array(batch.enumerated())) { index, entry in
                decide(entry, policy: policy, evaluator: evaluator, recorder: nil, single: single, first: before + index == 0)
            }
            for result in results { run.emit(result, to: &output, exempt: exempt) }
            batch.removeAll(keepingCapacity: true)
            batchBytes = 0
        }
        func add(_ entry: FlowInput.Entry) {
            batch.append(entry)
            // A batch is also bounded in bytes, so that large files cannot pile up in memory.
            batchBytes += entry.source?.text.utf8.count ?? 0
            if batch.count >= 4096 || batchBytes >= ParseLimits.standard.maxBytes { decideBatch() }
        }
        // Prepared only when an inventory is streamed: one flow file is decided without it, and
        // its preparation (every report fragment) would be a third of the time to that decision.
        lazy var decider = InventoryDecider(policy: policy, format: format == .json ? .json(explanation) : .text(color: colored, languages: lang))
        for source in sources {
            switch source {
            case .problem(let entry): add(entry)
            case .file: input.forEach([path(of: source)], add)
            case .jsonLines(let path):
                decideBatch()
                output.flush()
                let opened: (fd: Int32, size: Int?)
                switch input.openJSONLines(path) {
                case .success(let file): opened = file
                case .failure(let error):
                    add(input.failure(error))
                    continue
                }
                defer { close(opened.fd) }
                run.stream(decider, fd: opened.fd, path: path, size: opened.size, prefix: [], showProgress: !quiet)
            case .standardInput:
                let sniffed = standardInput ?? StandardInput.sniff(limit: input.limits.maxBytes)
                if sniffed.isOneDocument {
                    add(input.standardInputDocument(sniffed.bytes))
                } else {
                    decideBatch()
                    output.flush()
                    run.stream(decider, fd: STDIN_FILENO, path: FlowReader.standardInputPath, size: nil, prefix: sniffed.bytes, showProgress: !quiet)
                }
            }
        }
        decideBatch()
        output.flush()
        try finish(run)
    }

    private func path(of source: FlowInput.Source) -> String {
        if case .file(let path) = source { return path }
        return ""
    }

    /// The closing tally and the exit status.
    private func finish(_ run: Run) throws {
        if !quiet, run.decided + run.tally.invalid > 1 { Console.error(run.summary()) }
        let needsMechanism = run.tally.outcomes.dropFirst().contains { $0 > 0 }
        if run.tally.invalid > 0 { throw needsMechanism ? ExitStatus.invalidAndNeedsMechanism : ExitStatus.invalid }
        if needsMechanism { throw ExitStatus.needsMechanism }
    }

    /// What a check has decided so far, across every input.
    struct Run {
        let policy: CompiledPolicy
        let started: ContinuousClock.Instant
        var tally: InventoryDecider.Tally
        var decided: Int { tally.flows }

        init(policy: CompiledPolicy, started: ContinuousClock.Instant) {
            self.policy = policy
            self.started = started
            tally = InventoryDecider.Tally(outcomes: policy.table(.outcomes).count)
        }

        mutating func emit(_ result: Result, to output: inout Console.Buffered, exempt: String?) {
            if let errors = result.errors {
                output.flush()
                Console.error(errors)
            }
            if let notices = result.notices {
                output.flush()
                Console.error(notices)
            }
            if let text = result.output { output.line(text) }
            if let outcome = result.outcome, let number = policy.table(.outcomes).codes.firstIndex(of: outcome) {
                tally.outcomes[number] += 1
            } else if result.errors != nil {
                tally.invalid += 1
            }
        }

        /// Streams one JSON Lines input, with a progress line on a terminal.
        mutating func stream(_ decider: InventoryDecider, fd: Int32, path: String, size: Int?, prefix: [UInt8], showProgress: Bool) {
            let progress = showProgress && isatty(STDERR_FILENO) == 1 ? Progress(total: size, before: tally) : nil
            let sink = InventoryDecider.Sink(
                output: { Console.write(STDOUT_FILENO, $0) },
                diagnostic: { text in
                    progress?.clear()
                    Console.error(text)
                },
                progress: { tally, bytes in progress?.update(tally, bytes: bytes) })
            let streamed = decider.run(fd: fd, path: path, prefix: prefix, reportBefore: decided > 0, sink: sink)
            progress?.clear()
            tally.add(streamed)
        }

        /// `200,000 flows in 0.98 s (204,082/s): exempt 120,000 · contract 50,000 · …`
        func summary() -> String {
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let outcomes = policy.table(.outcomes)
            var parts = outcomes.codes.enumerated().map { "\($0.element) \(Progress.grouped(tally.outcomes[$0.offset]))" }
            if tally.invalid > 0 { parts.append("invalid \(Progress.grouped(tally.invalid))") }
            let rate = seconds > 0 ? " (\(Progress.grouped(Int(Double(decided) / seconds)))/s)" : ""
            return "decided \(Progress.grouped(decided)) flow\(decided == 1 ? "" : "s") in \(String(format: "%.2f", seconds)) s\(rate): " + parts.joined(separator: " · ")
        }
    }
}

import Foundation

extension DecisionReport.Languages: ChoiceArgument {}
extension ReportWriter.Explain: ChoiceArgument {}

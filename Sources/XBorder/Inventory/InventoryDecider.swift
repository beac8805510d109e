import Foundation

/// Decides a JSON Lines inventory as a stream: one thread reads batches of lines, every core
/// parses, decides and renders a share of a batch into its own byte buffer, and one writer emits
/// the buffers in input order. Memory stays flat whatever the inventory's size (a few batches are
/// in flight at once), and output line n answers input line n: a line that cannot be read is
/// answered in place with `{"line": N, "error": …}`, a blank line with a blank line.
///
/// A flow is read the fast way (`FlowDecoder`, no tree, no locations); only a flow with a problem
/// is read again the located way, so its diagnostics are those of any other reader.
///
/// Recording (`--record`) does not come here: each recorded flow's prior volume is read from the
/// ledger as the previous one left it, so recording is sequential by nature.
public struct InventoryDecider: Sendable {
    /// The shares a batch of `count` lines is cut into: a few per core, so that a share of slow
    /// lines does not hold the rest, contiguous, in order, none empty, covering every line once.
    /// (Dividing into a fixed number of shares of a rounded-up size leaves the last ones empty
    /// or past the end: 10 lines in 8 shares of 2.)
    static func shares(of count: Int, cores: Int) -> [Range<Int>] {
        guard count > 0 else { return [] }
        let wanted = min(count, max(1, cores) * 4)
        let size = (count + wanted - 1) / wanted
        return stride(from: 0, to: count, by: size).map { $0..<min(count, $0 + size) }
    }

    public enum Format: Sendable {
        case json(ReportWriter.Explain)
        case text(color: Bool, languages: DecisionReport.Languages)
    }

    /// How many flows were decided to each outcome, and how many lines could not be.
    public struct Tally: Sendable {
        public var outcomes: [Int]
        public var invalid: Int = 0
        public var flows: Int { outcomes.reduce(0, +) }

        public init(outcomes: Int) { self.outcomes = [Int](repeating: 0, count: outcomes) }

        public mutating func add(_ other: Tally) {
            for k in outcomes.indices where k < other.outcomes.count { outcomes[k] += other.outcomes[k] }
            invalid += other.invalid
        }
    }

    /// Where the results go, called on one thread in input order.
    public struct Sink: Sendable {
        /// Bytes for standard output.
        public var output: @Sendable (UnsafeRawBufferPointer) -> Void
        /// A rendered diagnostic for standard error, after the output that precedes it.
        public var diagnostic: @Sendable (String) -> Void
        /// After each batch: flows and invalid lines so far, bytes of input read.
        public var progress: @Sendable (Tally, Int) -> Void

        public init(output: @escaping @Sendable (UnsafeRawBufferPointer) -> Void, diagnostic: @escaping @Sendable (String) -> Void,
                    progress: @escaping @Sendable (Tally, Int) -> Void = { _, _ in }) {
            self.output = output
            self.diagnostic = diagnostic
            self.progress = progress
        }
    }

    public let policy: CompiledPolicy
    public let format: Format
    public var limits: ParseLimits
    let evaluator: Evaluator
    let writer: ReportWriter
    let tables: ResolutionTables
    /// Lines per batch and bytes per batch: small enough that the batches in flight, with their
    /// rendered output (about ten times the input), stay within a few megabytes.
    public var batchLines = 512
    public var batchBytes = 1 << 18
    /// Batches between reading and writing at most: one being read, one decided, one written.
    static let batchesInFlight = 3

    public init(policy: CompiledPolicy, format: Format, limits: ParseLimits = .standard) {
        self.policy = policy
        self.format = format
        self.limits = limits
        evaluator = Evaluator(policy: policy)
        writer = ReportWriter(policy: policy)
        tables = ResolutionTables(policy)
    }

    /// Decides every line of `fd` (which the caller opened and closes). `path` names the input in
    /// diagnostics; `prefix` holds bytes already read from it; `reportBefore` says whether a text
    /// report was already written (text reports are separated by a blank line).
    public func run(fd: Int32, path: String, prefix: [UInt8] = [], reportBefore: Bool = false, sink: Sink) -> Tally {
        let totalLimit = limits.maxBytes.multipliedReportingOverflow(by: FlowInput.jsonLinesSizeFactor)
        let maxTotal = totalLimit.overflow ? Int.max : totalLimit.partialValue
        var lines = LineStream(fd: fd, maxLineBytes: limits.maxBytes, maxTotalBytes: maxTotal, chunk: 1 << 20, prefix: prefix)
        let outcomes = policy.table(.outcomes).count
        var isText = false
        if case .text = format { isText = true }
        let state = RunState(tally: Tally(outcomes: outcomes), stripSeparator: isText && !reportBefore)
        let writerQueue = DispatchQueue(label: "xborder.inventory.writer")
        let workQueue = DispatchQueue(label: "xborder.inventory.work", attributes: .concurrent)
        // At most this many batches between reading and writing: memory stays flat.
        let inFlight = DispatchSemaphore(value: Self.batchesInFlight)
        let everything = DispatchGroup()
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let buffers = OutputBuffers(limit: Self.batchesInFlight * cores * 4)
        var previousLine = 0
        var found = false
        var batches = 0
        while let batch = lines.nextBatch(maxBytes: batchBytes, maxLines: batchLines) {
            found = true
            let before = previousLine
            previousLine = batch.entries.last?.number ?? previousLine
            let bytesRead = lines.bytesRead
            inFlight.wait()
            everything.enter()
            let ranges = Self.shares(of: batch.entries.count, cores: cores)
            let shareCount = ranges.count
            let results = ShareResults(count: shareCount)
            let shares = DispatchGroup()
            for (share, range) in ranges.enumerated() {
                workQueue.async(group: shares) {
                    let lower = range.lowerBound, upper = range.upperBound
                    let previous = lower == 0 ? before : batch.entries[lower - 1].number
                    results.set(share, decide(batch, lower..<upper, previousLine: previous, path: path, buffers: buffers))
                }
            }
            let sequence = batches
            batches += 1
            shares.notify(queue: writerQueue) {
                // Batches finish in any order (a later one may hold faster lines); they are
                // written in the order they were read.
                state.decided[sequence] = (results, shareCount, bytesRead)
                while let (results, shareCount, bytesRead) = state.decided.removeValue(forKey: state.nextToWrite) {
                    state.nextToWrite += 1
                    for share in 0..<shareCount {
                        guard var result = results.take(share) else { continue }
                        state.write(result, sink: sink)
                        buffers.give(&result.bytes)
                    }
                    sink.progress(state.tally, bytesRead)
                    inFlight.signal()
                    everything.leave()
                }
            }
        }
        everything.wait()
        if !found {
            let problem = Diagnostic(.unreadable, "the file holds no flows", at: SourceLocation(path: path, line: 1, column: 1))
            sink.diagnostic(DiagnosticRenderer(sources: []).render([problem]))
            state.tally.invalid += 1
        }
        return state.tally
    }

    /// What one share of a batch produced: output bytes, with the diagnostics that go to standard
    /// error after the output written before them.
    struct ShareResult: Sendable {
        var bytes: [UInt8] = []
        var messages: [(after: Int, text: String)] = []
        var tally: Tally
    }

    /// Decides lines `range` of the batch, rendering them into a buffer from `buffers`.
    func decide(_ batch: LineStream.Batch, _ range: Range<Int>, previousLine: Int, path: String, buffers: OutputBuffers? = nil) -> ShareResult {
        // Taken straight into the result, so that the buffer has one owner and grows in place.
        var result = ShareResult(bytes: buffers?.take() ?? [], tally: Tally(outcomes: policy.table(.outcomes).count))
        if result.bytes.capacity == 0 { result.bytes.reserveCapacity(range.count * 2048) }
        var previous = previousLine
        batch.bytes.withUnsafeBufferPointer { all in
            for index in range {
                let entry = batch.entries[index]
                if case .json = format {
                    // A blank line is answered by a blank line: output line n stays input line n.
                    for _ in 0..<max(0, entry.number - previous - 1) { result.bytes.append(0x0A) }
                }
                previous = entry.number
                if let problem = entry.problem {
                    fail([Self.diagnostic(problem, path: path, line: entry.number)], source: nil, line: entry.number, into: &result)
                    continue
                }
                decideLine(UnsafeBufferPointer(rebasing: all[entry.range]), line: entry.number, path: path, into: &result)
            }
        }
        return result
    }

    /// Reads, decides and renders one line.
    func decideLine(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, path: String, into result: inout ShareResult) {
        if let flow = FlowDecoder.decode(bytes) {
            do throws(DiagnosticList) {
                let located = LocatedFlow(flow: flow, locations: FlowLocations(root: SourceLocation(path: path, line: line, column: 1)))
                let resolved = try policy.resolve(located, using: tables)
                render(resolved, into: &result)
                return
            } catch {
                // Read again below, the located way, for the diagnostics' places.
            }
        }
        // The located way: the same diagnostics as every other reader gives.
        let source = SourceFile(path: path, text: String(decoding: bytes, as: UTF8.self), lineOffset: line - 1)
        do throws(DiagnosticList) {
            let node: Node
            do {
                node = try JSONParser(limits: limits).parseDocument(bytes, path: path, lineOffset: line - 1)
            } catch {
                throw DiagnosticList([error])
            }
            render(try policy.resolve(try FlowReader().read(node)), into: &result)
        } catch {
            fail(error.errors.isEmpty ? error.diagnostics : error.errors, source: source, line: line, into: &result)
        }
    }

    /// Decides a flow and appends its rendering.
    func render(_ resolved: ResolvedFlow, into result: inout ShareResult) {
        let decision = evaluator.decide(resolved)
        if Int(decision.outcome) < result.tally.outcomes.count { result.tally.outcomes[Int(decision.outcome)] += 1 }
        switch format {
        case .json(let explain):
            writer.writeJSON(decision, flow: resolved, explain: explain, into: &result.bytes)
            result.bytes.append(0x0A)
        case .text(let color, let languages):
            let report = DecisionReport(decision: decision, flow: resolved, policy: policy)
            result.bytes.append(0x0A)
            result.bytes.append(contentsOf: report.text(color: color, languages: languages).utf8)
            result.bytes.append(0x0A)
        }
    }

    /// A line that cannot be decided: its error record in JSON, its diagnostics on standard error.
    func fail(_ problems: [Diagnostic], source: SourceFile?, line: Int, into result: inout ShareResult) {
        result.tally.invalid += 1
        if case .json = format, let first = problems.first {
            result.bytes.append(contentsOf: Self.errorRecord(first, line: line).utf8)
            result.bytes.append(0x0A)
        }
        result.messages.append((result.bytes.count, DiagnosticRenderer(sources: source.map { [$0] } ?? []).render(problems)))
    }

    /// `{"line": N, "error": {"code", "message", "at"}}`: flow format 1.1's answer to a line that
    /// cannot be read.
    public static func errorRecord(_ problem: Diagnostic, line: Int) -> String {
        JSONValue.object([("line", .number(line)), ("error", .object([
            ("code", .string(problem.code.rawValue)), ("message", .string(problem.message)), ("at", .string("\(problem.location)")),
        ]))]).serialized(pretty: false)
    }

    static func diagnostic(_ problem: LineStream.Line, path: String, line: Int) -> Diagnostic {
        let at = SourceLocation(path: path, line: line, column: 1)
        let maxBytes = ParseLimits.standard.maxBytes
        switch problem {
        case .tooLong:
            return Diagnostic(.limitExceeded, "the line is longer than \(maxBytes) bytes", at: at, help: "a flow on one line is held to the size limit of a flow file")
        case .notUTF8(let column):
            return Diagnostic(.unreadable, "the line is not UTF-8 text", at: SourceLocation(path: path, line: line, column: column))
        case .unreadable:
            return Diagnostic(.unreadable, "the file cannot be read past this line", at: at)
        case .fileTooLarge:
            return Diagnostic(.limitExceeded, "the file is larger than the limit of \(maxBytes * FlowInput.jsonLinesSizeFactor) bytes; nothing after this line is read", at: at)
        case .text:
            return Diagnostic(.unreadable, "the line cannot be read", at: at)
        }
    }

    /// The writer's side: the running tally and whether the first text separator is still to drop.
    private final class RunState: @unchecked Sendable {
        // Touched only on the writer queue, and read after every batch is written.
        var tally: Tally
        var stripSeparator: Bool
        /// Batches decided but not yet written, by their number in reading order.
        var decided: [Int: (results: ShareResults, shares: Int, bytesRead: Int)] = [:]
        var nextToWrite = 0

        init(tally: Tally, stripSeparator: Bool) {
            self.tally = tally
            self.stripSeparator = stripSeparator
        }

        func write(_ share: ShareResult, sink: Sink) {
            tally.add(share.tally)
            share.bytes.withUnsafeBytes { all in
                var written = 0
                func emit(upTo end: Int) {
                    guard end > written else { return }
                    var from = written
                    if stripSeparator, all[from] == 0x0A {
                        from += 1
                    }
                    stripSeparator = false
                    if end > from { sink.output(UnsafeRawBufferPointer(rebasing: all[from..<end])) }
                    written = end
                }
                for message in share.messages {
                    emit(upTo: message.after)
                    sink.diagnostic(message.text)
                }
                emit(upTo: all.count)
            }
        }
    }
}

/// What the shares of one batch produced, each taken once by the writer so that its buffer can
/// go back to the pool without a copy.
final class ShareResults: @unchecked Sendable {
    private var storage: [InventoryDecider.ShareResult?]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: InventoryDecider.ShareResult) {
        lock.lock()
        storage[index] = value
        lock.unlock()
    }

    func take(_ index: Int) -> InventoryDecider.ShareResult? {
        lock.lock()
        defer { lock.unlock() }
        let value = storage[index]
        storage[index] = nil
        return value
    }
}

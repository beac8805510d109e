import Crypto
import Foundation
import Hummingbird
import Logging
import XBorder
import XBorderScenarios

/// What the service is started with, beyond its policies.
public struct ServiceConfiguration: Sendable {
    public var limits: ServiceLimits
    /// The bearer token that `?record=true` needs; without one recording is refused.
    public var token: String?
    /// Where recorded decisions go; without one recording is refused.
    public var recording: Recording?

    public init(limits: ServiceLimits = .standard, token: String? = nil, recording: Recording? = nil) {
        self.limits = limits
        self.token = token
        self.recording = recording
    }
}

/// The HTTP decision service: the library's deciding and rendering behind routes. Handlers
/// decide on the request's own task and write the same bytes the command line writes.
public struct DecisionService: Sendable {
    public let holder: PolicyHolder
    public let metrics: ServiceMetrics
    public let configuration: ServiceConfiguration
    let logger: Logger

    public init(holder: PolicyHolder, configuration: ServiceConfiguration = ServiceConfiguration(), metrics: ServiceMetrics = ServiceMetrics(),
                logger: Logger = Logger(label: "xborder.serve")) {
        self.holder = holder
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
    }

    /// A route the service answers: the list `openapi.yaml` is checked against.
    public struct Route: Sendable, Hashable {
        public var method: String
        public var path: String
    }

    typealias Handler = @Sendable (DecisionService, Request, BasicRequestContext) async throws -> Response

    /// Every route, with its handler: the router is built from this list and nothing else, so
    /// the list is the router.
    static let table: [(method: HTTPRequest.Method, path: String, handler: Handler)] = [
        (.post, "/v1/check", { try await $0.check($1, $2) }),
        (.post, "/v1/explain", { try await $0.explain($1, $2) }),
        (.post, "/v1/test", { try await $0.test($1, $2) }),
        (.get, "/v1/policy", { service, _, _ in service.document(\.policyDocument) }),
        (.get, "/v1/vocabulary", { service, _, _ in service.document(\.vocabularyDocument) }),
        (.get, "/healthz", { service, _, _ in service.json(#"{"status":"alive"}"#, digest: service.holder.snapshot.digest) }),
        (.get, "/readyz", { service, _, _ in await service.ready() }),
        (.get, "/metrics", { service, _, _ in service.metricsPage() }),
        (.get, "/openapi.yaml", { _, _, _ in asset(PackageResources.openapi_yaml, type: "application/yaml; charset=utf-8") }),
        (.get, "/", { _, _, _ in asset(PackageResources.index_html, type: "text/html; charset=utf-8") }),
        (.get, "/app.js", { _, _, _ in asset(PackageResources.app_js, type: "text/javascript; charset=utf-8") }),
        (.get, "/style.css", { _, _, _ in asset(PackageResources.style_css, type: "text/css; charset=utf-8") }),
    ]

    public static var routes: [Route] { table.map { Route(method: $0.method.rawValue, path: $0.path) } }

    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ServiceMiddleware(holder: holder, metrics: metrics, logger: logger))
        for route in Self.table {
            let handler = route.handler
            router.on(RouterPath(route.path), method: route.method) { request, context in try await handler(self, request, context) }
        }
        return router
    }

    // MARK: deciding

    /// The body's kind, from its content type: JSON when none is given.
    enum BodyKind {
        case json, yaml, jsonLines

        init(_ contentType: String?) throws(Problem) {
            let media = (contentType ?? "application/json").split(separator: ";", maxSplits: 1).first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            } ?? ""
            switch media {
            case "application/json", "": self = .json
            case "application/yaml", "application/x-yaml", "text/yaml": self = .yaml
            case "application/x-ndjson": self = .jsonLines
            default:
                throw Problem(status: .unsupportedMediaType, title: "unsupported media type",
                              detail: "send a flow as application/json or application/yaml, or flows as application/x-ndjson, not '\(media)'",
                              kind: "unsupported-media-type")
            }
        }

        /// The name diagnostics give the body: its extension decides how it is parsed.
        var path: String {
            switch self {
            case .json: "request.json"
            case .yaml: "request.yaml"
            case .jsonLines: "request.jsonl"
            }
        }
    }

    func check(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let snapshot = holder.snapshot
        let explain = try choice(request, "explain", default: ReportWriter.Explain.both)
        let record = try flag(request, "record")
        let kind = try BodyKind(request.headers[.contentType])
        var recorder: Recording.Bound?
        if record { recorder = try authorized(request).bound(to: snapshot) }
        let body = try await collect(request)
        if kind == .jsonLines {
            if record {
                throw Problem.badRequest("a recorded decision is one flow per request: post each flow on its own (recording is sequential by nature)",
                                         kind: "record-batch")
            }
            return try jsonLines(body, snapshot: snapshot, explain: explain)
        }
        let resolved = try resolve(body, kind: kind, snapshot: snapshot)
        let started = ContinuousClock.now
        let report: DecisionReport
        var headers = decisionHeaders(snapshot, type: "application/json")
        if let recorder {
            let (made, sequence) = try await recorder.decide(resolved)
            report = made
            headers[Header.auditSequence] = String(sequence)
        } else {
            report = DecisionReport(decision: snapshot.evaluator.decide(resolved), flow: resolved, policy: snapshot.policy)
        }
        var bytes = ByteBuffer(string: report.json(explain: explain).serialized(pretty: true))
        bytes.writeString("\n")
        metrics.decisionTook(ContinuousClock.now - started, kind: "single")
        metrics.decided(report.outcome)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: bytes))
    }

    func explain(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let snapshot = holder.snapshot
        let languages = try choice(request, "lang", default: DecisionReport.Languages.both)
        let kind = try BodyKind(request.headers[.contentType])
        if kind == .jsonLines { throw Problem.badRequest("explain one flow per request, as application/json or application/yaml") }
        let body = try await collect(request)
        let resolved = try resolve(body, kind: kind, snapshot: snapshot)
        let report = ExplainReport(trace: snapshot.evaluator.trace(resolved), flow: resolved, policy: snapshot.policy)
        var bytes = ByteBuffer(string: report.json(languages: languages).serialized(pretty: true))
        bytes.writeString("\n")
        return Response(status: .ok, headers: decisionHeaders(snapshot, type: "application/json"), body: ResponseBody(byteBuffer: bytes))
    }

    /// Runs a posted suite with the service's policy. Its `policies:` is not followed, and no
    /// `flow-file:` is read: a caller may not make the service read files it names.
    func test(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let snapshot = holder.snapshot
        let format = try choice(request, "format", default: TestFormat.json)
        let junit = format == .junit || (request.headers[.accept]?.contains("application/xml") ?? false)
        let body = try await collect(request)
        let text = try utf8(body, path: "request.yaml")
        var reader = SuiteReader(limits: parseLimits)
        reader.root = "/nonexistent/xborder-serve/flow-files"
        var suite = reader.read(SourceFile(path: "request.yaml", text: text))
        if suite.isInvalid { throw Problem.invalid(DiagnosticList(suite.diagnostics), what: "suite") }
        suite.policies = nil
        var runner = ScenarioRunner(defaultPolicies: PolicySnapshot.suitePolicies, limits: parseLimits)
        runner.preloaded = [snapshot.loaded]
        let result = runner.run(suites: [suite])
        var headers = decisionHeaders(snapshot, type: junit ? "application/xml; charset=utf-8" : "application/json")
        headers[Header.verdict] = result.verdict.rawValue
        let rendered = junit ? JUnitReport().xml(result) : result.json(coverage: false).serialized(pretty: true) + "\n"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: rendered)))
    }

    enum TestFormat: String, CaseIterable { case json, junit }

    /// Reads and resolves one flow, or the problem that locates what is wrong with it.
    func resolve(_ body: ByteBuffer, kind: BodyKind, snapshot: PolicySnapshot) throws -> ResolvedFlow {
        let source = SourceFile(path: kind.path, text: try utf8(body, path: kind.path))
        do throws(DiagnosticList) {
            return try snapshot.policy.resolve(try FlowReader().read(source, limits: parseLimits))
        } catch {
            throw Problem.invalid(error)
        }
    }

    /// A JSON Lines inventory, decided by the library's inventory decider on its own threads
    /// and streamed as each batch is written: output line n answers input line n, a bad line is
    /// answered in place by its error record, as `xborder check --format json FILE.jsonl` does.
    func jsonLines(_ body: ByteBuffer, snapshot: PolicySnapshot, explain: ReportWriter.Explain) throws -> Response {
        let bytes = Array(body.readableBytesView)
        let items = Self.countItems(bytes)
        if items > configuration.limits.maxItems {
            throw Problem.tooLarge("the request holds \(items) flows; at most \(configuration.limits.maxItems) are decided in one request")
        }
        if items == 0 {
            let location = SourceLocation(path: BodyKind.jsonLines.path, line: 1, column: 1)
            throw Problem.invalid(DiagnosticList([Diagnostic(.unreadable, "the request holds no flows", at: location)]))
        }
        guard let decider = snapshot.deciders[explain] else { throw Problem.badRequest("no decider for explain '\(explain.rawValue)'") }
        // The decider reads a file descriptor after its prefix: every byte is in the prefix, and
        // /dev/null ends the input.
        let empty = open("/dev/null", O_RDONLY)
        guard empty >= 0 else {
            throw Problem(status: .internalServerError, title: "internal error", detail: "cannot open /dev/null", kind: "internal")
        }
        let (stream, continuation) = AsyncStream<ByteBuffer>.makeStream()
        let metrics = self.metrics
        let outcomes = snapshot.policy.table(.outcomes).codes
        // The decider waits for its shares, which run on the shared dispatch threads: waiting on
        // one of those too would leave a burst of batch requests waiting for threads that are
        // all waiting (p90 of 600 ms at 16 connections); the waiting is done on a thread of its own.
        Thread.detachNewThread {
            let started = ContinuousClock.now
            let sink = InventoryDecider.Sink(output: { continuation.yield(ByteBuffer(bytes: $0)) }, diagnostic: { _ in })
            let tally = decider.run(fd: empty, path: BodyKind.jsonLines.path, prefix: bytes, sink: sink)
            close(empty)
            metrics.decisionTook(ContinuousClock.now - started, kind: "batch")
            for (index, count) in tally.outcomes.enumerated() where index < outcomes.count { metrics.decided(outcomes[index], count: count) }
            for _ in 0..<tally.invalid { metrics.failed("invalid-flow") }
            continuation.finish()
        }
        return Response(status: .ok, headers: decisionHeaders(snapshot, type: "application/x-ndjson"), body: ResponseBody(asyncSequence: stream))
    }

    /// Lines holding anything but blanks: the flows of a JSON Lines body.
    static func countItems(_ bytes: [UInt8]) -> Int {
        var count = 0
        var blank = true
        for byte in bytes {
            switch byte {
            case 0x0A:
                if !blank { count += 1 }
                blank = true
            case 0x20, 0x09, 0x0D: break
            default: blank = false
            }
        }
        return blank ? count : count + 1
    }

    // MARK: reading requests

    var parseLimits: ParseLimits {
        var limits = ParseLimits.standard
        limits.maxBytes = min(limits.maxBytes, configuration.limits.maxBodyBytes)
        return limits
    }

    /// The body, refused past the byte limit before it is all read, and refused when it does not
    /// arrive within the time limit (a caller sending slowly holds a connection, not the service).
    func collect(_ request: Request) async throws -> ByteBuffer {
        let limit = configuration.limits.maxBodyBytes
        let timeout = configuration.limits.timeout
        let body = request.body
        return try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask {
                var collected = ByteBuffer()
                for try await part in body {
                    if collected.readableBytes + part.readableBytes > limit {
                        throw Problem.tooLarge("the request body is larger than the limit of \(limit) bytes")
                    }
                    collected.writeImmutableBuffer(part)
                }
                return collected
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let collected = first else {
                throw Problem(status: .requestTimeout, title: "request timeout", detail: "the request body did not arrive within \(timeout)",
                              kind: "timeout")
            }
            return collected
        }
    }

    func utf8(_ body: ByteBuffer, path: String) throws -> String {
        guard let text = String(validating: body.readableBytesView, as: UTF8.self) else {
            let location = SourceLocation(path: path, line: 1, column: 1)
            throw Problem.invalid(DiagnosticList([Diagnostic(.unreadable, "the request body is not UTF-8 text", at: location)]))
        }
        return text
    }

    func choice<Value: RawRepresentable & CaseIterable>(_ request: Request, _ name: String, default value: Value) throws -> Value
        where Value.RawValue == String {
        guard let given = request.uri.queryParameters[name[...]] else { return value }
        guard let chosen = Value(rawValue: String(given)) else {
            let choices = Value.allCases.map(\.rawValue).joined(separator: "|")
            throw Problem.badRequest("'\(name)' is '\(given)'; it must be one of \(choices)", kind: "bad-parameter")
        }
        return chosen
    }

    func flag(_ request: Request, _ name: String) throws -> Bool {
        guard let given = request.uri.queryParameters[name[...]] else { return false }
        switch given {
        case "true": return true
        case "false": return false
        default: throw Problem.badRequest("'\(name)' is '\(given)'; it must be true or false", kind: "bad-parameter")
        }
    }

    /// The recording a request may use: only with the service's token, compared in constant
    /// time (as SHA-256 digests, whose comparison in swift-crypto does not stop at the first
    /// difference, and whose length does not depend on the token's).
    func authorized(_ request: Request) throws -> Recording {
        guard let token = configuration.token else {
            throw Problem(status: .forbidden, title: "recording is off",
                          detail: "this service was started without --token-file, so it records nothing; decide without ?record=true",
                          kind: "record-refused")
        }
        guard let recording = configuration.recording else {
            throw Problem(status: .forbidden, title: "recording is off",
                          detail: "this service was started without --db, so it has no ledger to record into", kind: "record-refused")
        }
        var challenge = HTTPFields()
        challenge[.wwwAuthenticate] = #"Bearer realm="xborder""#
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw Problem(status: .unauthorized, title: "unauthorized", detail: "recording needs 'Authorization: Bearer <token>'",
                          kind: "unauthorized", headers: challenge)
        }
        let given = SHA256.hash(data: Array(header.utf8.dropFirst("Bearer ".utf8.count)))
        guard given == SHA256.hash(data: Array(token.utf8)) else {
            throw Problem(status: .forbidden, title: "forbidden", detail: "the bearer token is not this service's", kind: "forbidden")
        }
        return recording
    }

    // MARK: answers

    func decisionHeaders(_ snapshot: PolicySnapshot, type: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[Header.policyDigest] = snapshot.digest
        return headers
    }

    func document(_ path: KeyPath<PolicySnapshot, [UInt8]>) -> Response {
        let snapshot = holder.snapshot
        return Response(status: .ok, headers: decisionHeaders(snapshot, type: "application/json"),
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: snapshot[keyPath: path])))
    }

    func json(_ text: String, digest: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[Header.policyDigest] = digest
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    /// Ready when a policy is loaded (always, once started) and the store, if any, answers.
    func ready() async -> Response {
        let digest = holder.snapshot.digest
        var store = "none"
        if let recording = configuration.recording {
            store = await recording.isReachable() ? "reachable" : "unreachable"
        }
        let ready = store != "unreachable"
        let body = JSONValue.object([("status", .string(ready ? "ready" : "not ready")), ("policy", .string(digest)), ("store", .string(store))])
        return json(body.serialized(), digest: digest, status: ready ? .ok : .serviceUnavailable)
    }

    func metricsPage() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
    }

    static func asset(_ bytes: [UInt8], type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

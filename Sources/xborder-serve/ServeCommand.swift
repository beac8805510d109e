import ArgumentParser
import Foundation
import Logging
import XBorder
import XBorderCLI
import XBorderService

/// `xborder serve`: the decisions of `xborder check` over HTTP.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve decisions over HTTP: POST /v1/check, /v1/explain, /v1/test; the desk page at /.",
        discussion: """
        SIGHUP reloads the policies (a reload that fails keeps the policy in force); SIGTERM stops \
        taking connections, answers the requests in flight and exits 0. The API is described at /openapi.yaml.
        """
    )

    @Option(help: ArgumentHelp("The address to listen on.", valueName: "host"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("The port to listen on (0: any free port, logged at start).", valueName: "port"))
    var port = 8080

    @OptionGroup var policyOptions: PolicyOptions

    @Option(help: ArgumentHelp("The ledger and audit database for ?record=true: a path (SQLite) or postgres://…", valueName: "path|url"))
    var db: String?

    @Option(help: ArgumentHelp("A file holding the bearer token that ?record=true needs; without it recording is refused.", valueName: "file"))
    var tokenFile: String?

    @Flag(name: .customLong("mask-names"), help: "Keep names, flow ids and subjects labels out of audit records (keyed pseudonyms instead).")
    var maskNames = false

    @Option(help: ArgumentHelp("Largest request body, in bytes.", valueName: "bytes"))
    var maxBodyBytes = ServiceLimits.standard.maxBodyBytes

    @Option(help: ArgumentHelp("Most flows in one application/x-ndjson request.", valueName: "count"))
    var maxItems = ServiceLimits.standard.maxItems

    @Option(help: ArgumentHelp("Longest a request body may take to arrive, in seconds.", valueName: "seconds"))
    var timeout = 30

    @Option(help: ArgumentHelp("Log level: trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel = "info"

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
        if maxBodyBytes < 1 { throw ValidationError("--max-body-bytes must be at least 1") }
        if maxItems < 1 { throw ValidationError("--max-items must be at least 1") }
        if timeout < 1 { throw ValidationError("--timeout must be at least 1 second") }
        if Logger.Level(rawValue: logLevel) == nil { throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical") }
        if tokenFile != nil, db == nil { throw ValidationError("--token-file allows recording, which needs --db: give both") }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "xborder.serve")
        let holder: PolicyHolder
        do {
            holder = try PolicyHolder(source: policySource())
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(2)
        }
        var configuration = ServiceConfiguration(limits: ServiceLimits(maxBodyBytes: maxBodyBytes, maxItems: maxItems, timeout: .seconds(timeout)))
        if let tokenFile { configuration.token = try Self.readToken(tokenFile) }
        if let db {
            configuration.recording = try await Recording.open(db, maskNames: maskNames, toolVersion: ToolInfo.version)
        }
        let service = DecisionService(holder: holder, configuration: configuration, logger: logger)
        logger.notice("policies loaded", metadata: ["digest": "\(holder.snapshot.digest)", "source": "\(holder.source.name)"])
        try await service.run(host: host, port: port)
        await configuration.recording?.close()
    }

    /// The policies, loaded again on every reload: a folder through the policy cache, or the
    /// signed bundle, verified again against the trusted keys each time.
    func policySource() -> PolicySource {
        guard let bundle = policyOptions.bundle else {
            return PolicySource.directory(policyOptions.directory, cache: PolicyCache.standard())
        }
        let trust = policyOptions.trust
        return PolicySource(name: bundle) {
            let keys = try trust.map { (path) throws(BundleError) in try KeyFile.readVerifyingKey(path: path) }
            let verified = try VerifiedBundle.open(path: bundle, trusting: keys)
            return (PolicyLoader().load(bundle: verified), verified)
        }
    }

    /// The token, without the line end an editor adds; an empty or unreadable file is refused.
    static func readToken(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("cannot read the token file '\(path)'")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if token.isEmpty { throw ValidationError("the token file '\(path)' is empty") }
        if token.count < 16 { throw ValidationError("the token in '\(path)' is shorter than 16 characters: use a long random one") }
        return token
    }
}

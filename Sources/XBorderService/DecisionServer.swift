import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals

extension DecisionService {
    /// Reloads the policies and logs what happened: what SIGHUP calls. A reload that fails
    /// keeps the policy in force and logs the diagnostics that refused the new one.
    @discardableResult
    public func reload() -> PolicyHolder.ReloadOutcome {
        let outcome = holder.reload()
        switch outcome {
        case .reloaded(let from, let to):
            logger.notice("policies reloaded", metadata: ["from": "\(from)", "digest": "\(to)", "source": "\(holder.source.name)"])
        case .unchanged(let digest):
            logger.notice("policies reloaded, unchanged", metadata: ["digest": "\(digest)"])
        case .failed(let keeping, let diagnostics):
            metrics.failed("reload")
            logger.error("policies not reloaded; the policy in force stays\n\(diagnostics)", metadata: ["digest": "\(keeping)"])
        }
        return outcome
    }

    /// The HTTP application, for running or for testing with HummingbirdTesting.
    public func application(host: String, port: Int, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol {
        Application(router: router(), configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
                    onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) }, logger: logger)
    }

    /// Serves until SIGTERM or SIGINT, then stops taking connections, answers the requests in
    /// flight, and returns; SIGHUP reloads the policies meanwhile.
    public func run(host: String, port: Int) async throws {
        let logger = self.logger
        let app = application(host: host, port: port) { bound in
            logger.notice("listening on http://\(host):\(bound)", metadata: ["port": "\(bound)"])
        }
        let group = ServiceGroup(services: [app, PolicyReloader(service: self)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}

/// Waits for SIGHUP and reloads, until the service shuts down.
struct PolicyReloader: Service {
    let service: DecisionService

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            service.reload()
        }
    }
}

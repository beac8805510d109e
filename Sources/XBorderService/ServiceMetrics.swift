import Metrics
import Prometheus

/// The service's metrics, kept in a registry of its own (not the process-wide metrics system),
/// so that two services in one process (as in tests) count apart, and `/metrics` shows only them.
public struct ServiceMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory

    static let decisions = "xborder_decisions_total"
    static let decisionSeconds = "xborder_decision_duration_seconds"
    static let errors = "xborder_errors_total"
    static let requests = "xborder_http_requests_total"
    static let requestSeconds = "xborder_http_request_duration_seconds"

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Deciding one flow takes microseconds; a batch of a hundred, milliseconds.
        factory.durationHistogramBuckets[Self.decisionSeconds] = [
            .microseconds(10), .microseconds(25), .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500),
            .milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(100), .seconds(1),
        ]
        self.factory = factory
    }

    /// Flows decided to `outcome`.
    func decided(_ outcome: String, count: Int = 1) {
        guard count > 0 else { return }
        Counter(label: Self.decisions, dimensions: [("outcome", outcome)], factory: factory).increment(by: count)
    }

    /// Time to decide and render one request's flows: `single` for one flow, `batch` for JSON Lines.
    func decisionTook(_ duration: Duration, kind: String) {
        Timer(label: Self.decisionSeconds, dimensions: [("kind", kind)], factory: factory).recordNanoseconds(Self.nanoseconds(duration))
    }

    /// A duration in nanoseconds, held at `Int64.max` rather than wrapping.
    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, overflow) = duration.components.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return .max }
        let (total, overflowAgain) = seconds.addingReportingOverflow(duration.components.attoseconds / 1_000_000_000)
        return overflowAgain ? .max : total
    }

    /// A request that could not be answered as asked, by why: `invalid-flow`, `too-large`, …
    func failed(_ kind: String) {
        Counter(label: Self.errors, dimensions: [("kind", kind)], factory: factory).increment()
    }

    func request(method: String, route: String, status: Int, duration: Duration) {
        let dimensions = [("method", method), ("route", route), ("status", String(status))]
        Counter(label: Self.requests, dimensions: dimensions, factory: factory).increment()
        Timer(label: Self.requestSeconds, dimensions: [("route", route)], factory: factory).recordNanoseconds(Self.nanoseconds(duration))
    }

    /// The Prometheus text format.
    func exposition() -> [UInt8] {
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        return bytes
    }
}

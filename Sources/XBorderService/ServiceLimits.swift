/// How much one request may ask of the service. A decision service faces callers it does not
/// control: every request is bounded before it is read, so that one caller cannot take the
/// memory or the cores from the others.
public struct ServiceLimits: Sendable, Equatable {
    /// Largest request body accepted, in bytes.
    public var maxBodyBytes: Int
    /// Most flows (non-blank lines) in one JSON Lines request. An operating limit of the service
    /// (`--max-items`), not a figure of the law: volume thresholds are parameters in `Policies/`.
    public var maxItems: Int
    /// Longest a request's body may take to arrive. Deciding is bounded by the byte and item
    /// limits; a caller sending slowly is what holds a request open.
    public var timeout: Duration

    public init(maxBodyBytes: Int = 8 << 20, maxItems: Int = 10_000, timeout: Duration = .seconds(30)) {
        self.maxBodyBytes = maxBodyBytes
        self.maxItems = maxItems
        self.timeout = timeout
    }

    public static let standard = ServiceLimits()
}

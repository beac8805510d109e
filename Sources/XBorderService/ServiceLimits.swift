/// How much one request may ask of the service. A decision service faces callers it does not
/// control: every request is bounded before it is read, so that one caller cannot take the
/// memory or the cores from the others.
public struct ServiceLimits: Sendable, Equatable {
    /// Largest request body accepted, in bytes.
    public var maxBodyBytes: Int
    /// Most flows (non-blank lines) in one JSON Lines request.
    public var maxItems: Int
    /// Longest a request may take, from its first byte read to its response's head.
    public var timeout: Duration

    public init(maxBodyBytes: Int = 8 << 20, maxItems: Int = 10_000, timeout: Duration = .seconds(30)) {
        self.maxBodyBytes = maxBodyBytes
        self.maxItems = maxItems
        self.timeout = timeout
    }

    public static let standard = ServiceLimits()
}

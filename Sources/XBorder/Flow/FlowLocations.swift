/// Where each field of a flow was written, so that a code unknown to the policy can be pointed
/// at. Keys are paths such as `purpose`, `exporter.sector`, `items.2.class`.
public struct FlowLocations: Sendable {
    public var root: SourceLocation
    public var fields: [String: SourceLocation] = [:]

    public init(root: SourceLocation) { self.root = root }

    public subscript(path: String) -> SourceLocation { fields[path] ?? root }
}

/// A flow together with where it came from.
public struct LocatedFlow: Sendable {
    public var flow: Flow
    public var locations: FlowLocations

    public init(flow: Flow, locations: FlowLocations) {
        self.flow = flow
        self.locations = locations
    }
}

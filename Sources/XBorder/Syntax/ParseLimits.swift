/// Bounds on what the parser accepts, so that hostile input (alias bombs, deep nesting, huge
/// files) is refused with a located error instead of exhausting memory or time.
public struct ParseLimits: Sendable {
    /// Largest file accepted, in bytes.
    public var maxBytes: Int
    /// Deepest nesting of mappings and sequences.
    public var maxDepth: Int
    /// Most nodes a document may contain once aliases are counted at their full size.
    public var maxNodes: Int
    /// Most aliases a document may use.
    public var maxAliases: Int

    public init(maxBytes: Int, maxDepth: Int, maxNodes: Int, maxAliases: Int) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
        self.maxAliases = maxAliases
    }

    /// Generous for policy packs and inventories, far below what would hurt the machine.
    public static let standard = ParseLimits(maxBytes: 64 << 20, maxDepth: 64, maxNodes: 4 << 20, maxAliases: 1 << 12)
}

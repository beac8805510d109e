import XBorder

/// Merges a suite's `defaults` under a case's flow at the level of syntax nodes.
///
/// Merging nodes rather than decoded flows keeps every value's own location: an error in a
/// default points at the defaults, an error in the case at the case.
public enum FlowDefaults {
    /// Mappings merge key by key, recursively; anywhere else the case's value wins whole
    /// (a case's `items` replace the defaults' items).
    public static func merge(_ defaults: Node, under flow: Node) -> Node {
        guard let base = defaults.pairs, let own = flow.pairs else { return flow }
        var merged: [Pair] = []
        for pair in base {
            if let mine = own.first(where: { $0.key == pair.key }) {
                merged.append(Pair(key: mine.key, keyLocation: mine.keyLocation, value: merge(pair.value, under: mine.value)))
            } else {
                merged.append(pair)
            }
        }
        for pair in own where !base.contains(where: { $0.key == pair.key }) { merged.append(pair) }
        return Node(.mapping(merged), at: flow.location)
    }

    /// The smallest flow that, merged with `defaults`, gives `flow` back: what a recorded case
    /// needs to say. Falls back to the whole flow when no smaller one does.
    public static func reduce(_ flow: Node, by defaults: Node) -> Node {
        let reduced = subtract(flow, defaults)
        return merge(defaults, under: reduced) == merge(defaults, under: flow) ? reduced : flow
    }

    private static func subtract(_ flow: Node, _ defaults: Node) -> Node {
        guard let own = flow.pairs, let base = defaults.pairs else { return flow }
        var kept: [Pair] = []
        for pair in own {
            guard let theirs = base.first(where: { $0.key == pair.key }) else {
                kept.append(pair)
                continue
            }
            if theirs.value == pair.value { continue }
            if theirs.value.pairs != nil, pair.value.pairs != nil {
                let inner = subtract(pair.value, theirs.value)
                if inner.pairs?.isEmpty == false { kept.append(Pair(key: pair.key, keyLocation: pair.keyLocation, value: inner)) }
                continue
            }
            kept.append(pair)
        }
        return Node(.mapping(kept), at: flow.location)
    }
}

/// A YAML node with the place it was written, built straight from libyaml's events.
///
/// Equality ignores locations: two documents that say the same thing are equal wherever they
/// say it.
public struct Node: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case scalar(Scalar)
        case mapping([Pair])
        case sequence([Node])
    }

    public var kind: Kind
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    public static func == (lhs: Node, rhs: Node) -> Bool { lhs.kind == rhs.kind }

    /// What a reader expected to find, in words for a diagnostic.
    public var kindName: String {
        switch kind {
        case .scalar(let scalar): scalar.isNull ? "nothing" : "a value"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }

    public var scalar: Scalar? {
        if case .scalar(let scalar) = kind { return scalar }
        return nil
    }

    public var pairs: [Pair]? {
        if case .mapping(let pairs) = kind { return pairs }
        return nil
    }

    public var elements: [Node]? {
        if case .sequence(let elements) = kind { return elements }
        return nil
    }

    /// The value under `key` in a mapping.
    public subscript(key: String) -> Node? {
        pairs?.first { $0.key == key }?.value
    }
}

/// A key and its value in a mapping. Keys are scalars; their location is where the key is written.
public struct Pair: Sendable, Equatable {
    public var key: String
    public var keyLocation: SourceLocation
    public var value: Node

    public init(key: String, keyLocation: SourceLocation, value: Node) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
    }

    public static func == (lhs: Pair, rhs: Pair) -> Bool { lhs.key == rhs.key && lhs.value == rhs.value }
}

/// A scalar as written. Plain scalars may be numbers, booleans or null; quoted ones are text.
public struct Scalar: Sendable, Equatable {
    public var text: String
    public var isPlain: Bool

    public init(text: String, isPlain: Bool) {
        self.text = text
        self.isPlain = isPlain
    }

    public var isNull: Bool { isPlain && (text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL") }

    public var bool: Bool? {
        guard isPlain else { return nil }
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// A whole number; `_` separators are allowed so that lawyers can write `40_000`.
    public var integer: Int? {
        guard isPlain else { return nil }
        let digits = text.replacingOccurrences(of: "_", with: "")
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "+") }) else { return nil }
        return Int(digits)
    }
}

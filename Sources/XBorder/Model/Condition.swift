/// A condition as the lawyer wrote it, before codes and parameters are resolved.
public indirect enum Condition: Sendable {
    case all([Condition], SourceLocation)
    case any([Condition], SourceLocation)
    case not(Condition, SourceLocation)
    /// `items: {any|all|none: …}`: a quantifier over the items still under the rules;
    /// `all-items:` also sees the items that lists released (for duties that survive a release).
    case items(Quantifier, Condition, SourceLocation, includingReleased: Bool)
    /// `parameter: name`: a yes/no parameter on the flow's date.
    case parameter(String, SourceLocation)
    /// A field and the tests it must pass.
    case field(FieldPath, [Test])

    public var location: SourceLocation {
        switch self {
        case .all(_, let l), .any(_, let l), .not(_, let l), .items(_, _, let l, _), .parameter(_, let l): l
        case .field(let path, _): path.location
        }
    }
}

public enum Quantifier: String, Sendable, CaseIterable {
    case any
    case all
    case none
}

/// A dotted field name (`exporter.ciio`, `persons.personal`, `class`) and where it was written.
public struct FieldPath: Sendable {
    public var name: String
    public var location: SourceLocation

    public init(name: String, location: SourceLocation) {
        self.name = name
        self.location = location
    }
}

/// One test on a field, with the legal words for boundaries.
public struct Test: Sendable {
    public enum Kind: Sendable {
        case equals(Literal)
        case oneOf([Literal])
        case notIn([Literal])
        /// 以上: the number itself included.
        case atLeast(Amount)
        /// 不满: the number itself excluded.
        case below(Amount)
        /// 超过: the number itself excluded.
        case above(Amount)
        /// 以下: the number itself included.
        case atMost(Amount)
        case within([Literal])
        case present(Bool)
    }

    public var kind: Kind
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

/// A scalar written in a condition; what it means depends on the field it is compared with.
public struct Literal: Sendable {
    public var scalar: Scalar
    public var location: SourceLocation

    public init(_ scalar: Scalar, at location: SourceLocation) {
        self.scalar = scalar
        self.location = location
    }
}

/// A number in a comparison: written out, or a parameter's value on the flow's date.
public enum Amount: Sendable {
    case number(Int, SourceLocation)
    case parameter(String, SourceLocation)
}

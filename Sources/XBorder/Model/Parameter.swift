/// A dated value of the law: a threshold, a counting window, an answer to an open question.
public struct Parameter: Sendable {
    public var name: String
    public var title: Bilingual?
    public var note: String?
    public var values: [ParameterValue]
    public var location: SourceLocation

    public init(name: String, title: Bilingual?, note: String?, values: [ParameterValue], location: SourceLocation) {
        self.name = name
        self.title = title
        self.note = note
        self.values = values
        self.location = location
    }
}

/// A parameter's value from a date until the next value's date.
public struct ParameterValue: Sendable {
    public var from: Day
    public var value: ParameterLiteral
    public var cite: String
    public var note: String?
    public var location: SourceLocation

    public init(from: Day, value: ParameterLiteral, cite: String, note: String?, location: SourceLocation) {
        self.from = from
        self.value = value
        self.cite = cite
        self.note = note
        self.location = location
    }
}

public enum ParameterLiteral: Sendable, Hashable, CustomStringConvertible {
    case integer(Int)
    case boolean(Bool)
    case code(String)

    public var description: String {
        switch self {
        case .integer(let n): String(n)
        case .boolean(let b): String(b)
        case .code(let c): c
        }
    }

    var typeName: String {
        switch self {
        case .integer: "a number"
        case .boolean: "true or false"
        case .code: "a code"
        }
    }
}

/// The codes of one vocabulary section, numbered, so that evaluation compares integers.
public struct CodeTable: Sendable {
    public private(set) var codes: [String] = []
    public private(set) var labels: [Bilingual] = []
    private var index: [String: Int32] = [:]

    public init() {}

    public var count: Int { codes.count }

    @discardableResult
    mutating func add(_ code: String, label: Bilingual) -> Int32 {
        if let existing = index[code] { return existing }
        let number = Int32(codes.count)
        codes.append(code)
        labels.append(label)
        index[code] = number
        return number
    }

    public subscript(code: String) -> Int32? { index[code] }

    public func code(_ number: Int32) -> String { number >= 0 && Int(number) < codes.count ? codes[Int(number)] : "?" }

    public func label(_ number: Int32) -> Bilingual {
        number >= 0 && Int(number) < labels.count ? labels[Int(number)] : Bilingual(zh: "?", en: "?")
    }
}

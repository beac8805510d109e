/// Text in both languages of the product: every label and explanation exists in 中文 and English.
public struct Bilingual: Sendable, Hashable, Codable {
    public var zh: String
    public var en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }
}

import XBorder

/// Numbers of persons the way each language of the law writes them: 1,000,000 in English,
/// 100万 in Chinese (the Provisions speak of 10万人, 100万人, 1万人).
enum Numbers {
    static func en(_ n: Int) -> String { DecisionReport.grouped(n) }

    static func zh(_ n: Int) -> String {
        if n >= ChineseUnits.wan, n % ChineseUnits.wan == 0 { return "\(n / ChineseUnits.wan)万" }
        return String(n)
    }
}

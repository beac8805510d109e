/// Numbers of persons the way each language of the law writes them: 1,000,000 in English,
/// 100万 in Chinese (the Provisions speak of 10万人, 100万人, 1万人).
enum Numbers {
    static func en(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return n < 0 ? "-" + out : out
    }

    static func zh(_ n: Int) -> String {
        if n >= 10_000, n % 10_000 == 0 { return "\(n / 10_000)万" }
        return String(n)
    }
}

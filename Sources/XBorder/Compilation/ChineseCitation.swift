import Foundation

/// Renders an English citation (`Provisions Arts. 5(4), 8; PIPL Art. 39`) the way Chinese legal
/// text cites: 《促进和规范数据跨境流动规定》第五条第（四）项、第八条；《个人信息保护法》第三十九条.
///
/// The instruments' Chinese names come from the vocabulary's `instruments:`, so a lawyer adds an
/// instrument without a code change; a citation the renderer cannot read is reported, and the
/// author writes `cite-zh:` instead.
struct ChineseCitation {
    /// English short name → Chinese name without the book-title marks.
    var instruments: [String: String]

    func render(_ cite: String) -> String? {
        var parts: [String] = []
        for part in cite.split(separator: ";") {
            guard let rendered = renderPart(Self.trimmed(part)) else { return nil }
            parts.append(rendered)
        }
        return parts.isEmpty ? nil : parts.joined(separator: "；")
    }

    private func renderPart(_ part: String) -> String? {
        // The longest instrument name that starts the citation, so "Lin-gang General Data List
        // (ICV)" wins over "Lin-gang General Data Lists".
        // Compared as bytes: every candidate is a prefix of the same text, so the longest in bytes
        // is the longest in characters, and no name is copied to test it.
        let bytes = part.utf8
        var best: (length: Int, zh: String)?
        for (name, zh) in instruments where name.utf8.count > (best?.length ?? -1) && bytes.starts(with: name.utf8) {
            let end = bytes.index(bytes.startIndex, offsetBy: name.utf8.count)
            if end == bytes.endIndex || bytes[end] == UInt8(ascii: " ") { best = (name.utf8.count, zh) }
        }
        guard let (length, zh) = best else { return nil }
        let rest = Self.trimmed(Substring(bytes[bytes.index(bytes.startIndex, offsetBy: length)...]))
        if rest.isEmpty { return "《\(zh)》" }
        let articles: Substring
        if rest.hasPrefix("Arts. ") {
            articles = rest.dropFirst(6)
        } else if rest.hasPrefix("Art. ") {
            articles = rest.dropFirst(5)
        } else {
            return nil
        }
        var rendered: [String] = []
        for reference in articles.split(separator: ",") {
            guard let article = Self.article(Self.trimmed(reference)) else { return nil }
            rendered.append(article)
        }
        return "《\(zh)》" + rendered.joined(separator: "、")
    }

    /// The text without surrounding white space. Citations are nearly always plain ASCII with no
    /// space at either end; only the others pay for Foundation's Unicode trimming.
    static func trimmed(_ text: Substring) -> String {
        if let first = text.utf8.first, let last = text.utf8.last, (0x21..<0x80).contains(first), (0x21..<0x80).contains(last) {
            return String(text)
        }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// `5(4)` → 第五条第（四）项; `39` → 第三十九条.
    static func article(_ text: String) -> String? {
        var number = text, item: String?
        if let open = text.firstIndex(of: "("), text.hasSuffix(")") {
            number = String(text[..<open])
            item = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        }
        guard let n = Int(number), let article = numeral(n) else { return nil }
        guard let item else { return "第\(article)条" }
        guard let k = Int(item), k > 0, k < 100, let itemNumeral = numeral(k) else { return nil }
        return "第\(article)条第（\(itemNumeral)）项"
    }

    /// Chinese numerals as laws number their articles: 十, 十一, 二十, 一百零五, 一千二百.
    static func numeral(_ n: Int) -> String? {
        // Up to 9999, in units of 千, 百, 十: more than any instrument has articles.
        guard n > 0, n <= 9999 else { return nil }
        let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        if n < 10 { return digits[n] }
        if n < 20 { return "十" + (n % 10 == 0 ? "" : digits[n % 10]) }
        let units = [(1000, "千"), (100, "百"), (10, "十")]
        var out = "", rest = n, zeroPending = false
        for (value, unit) in units {
            let d = rest / value
            rest %= value
            if d > 0 {
                if zeroPending { out += "零" }
                out += digits[d] + unit
                zeroPending = false
            } else if !out.isEmpty {
                zeroPending = true
            }
        }
        if rest > 0 {
            if zeroPending { out += "零" }
            out += digits[rest]
        }
        return out
    }
}

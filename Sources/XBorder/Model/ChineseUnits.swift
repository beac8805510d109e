/// The units Chinese counts in: the law writes 10万人 and 100万人, where English writes 100,000
/// and 1,000,000. These are words of the language, not thresholds of the law (those are
/// parameters in `Policies/`); they are stated once here for every reader and writer of
/// Chinese numbers.
public enum ChineseUnits {
    /// 万: ten thousand.
    public static let wan = 10_000
    /// 亿: a hundred million (万万).
    public static let yi = wan * wan
}

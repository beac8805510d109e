import ArgumentParser

/// An option whose values are the raw values of an enum (`--format text|json`).
///
/// argument-parser's own listing of such values goes through a key path and string
/// interpolation, which the first time in a process cost runtime type look-ups worth several
/// million instructions of `check`'s start-up; reading the raw values gives the same strings.
protocol ChoiceArgument: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {}

extension ChoiceArgument {
    public static var allValueStrings: [String] { allCases.map { $0.rawValue } }

    public var defaultValueDescription: String { rawValue }

    /// Empty, as argument-parser's would be: no value is described apart from its name.
    public static var allValueDescriptions: [String: String] { [:] }
}

import ArgumentParser

/// The exit statuses of the public contract.
enum ExitStatus {
    /// Every flow decided exempt.
    static let exempt = ExitCode(0)
    /// At least one flow needs a mechanism or is prohibited.
    static let needsMechanism = ExitCode(1)
    /// Invalid input, policy or usage.
    static let invalid = ExitCode(2)
    /// The environment failed (a database or file could not be written).
    static let failure = ExitCode(3)
    /// Some input was invalid, and at least one flow that could be read needs a mechanism or is
    /// prohibited: still "2 or higher" for invalid input, and still saying what the valid flows need.
    static let invalidAndNeedsMechanism = ExitCode(4)
}

import ArgumentParser

/// The exit statuses of the public contract.
public enum ExitStatus {
    /// Every flow decided exempt.
    public static let exempt = ExitCode(0)
    /// At least one flow needs a mechanism or is prohibited.
    public static let needsMechanism = ExitCode(1)
    /// Invalid input, policy or usage.
    public static let invalid = ExitCode(2)
    /// The environment failed (a database or file could not be written).
    public static let failure = ExitCode(3)
    /// Some input was invalid, and at least one flow that could be read needs a mechanism or is
    /// prohibited: still "2 or higher" for invalid input, and still saying what the valid flows need.
    public static let invalidAndNeedsMechanism = ExitCode(4)
}

import ArgumentParser
import XBorder

/// `xborder bundle`: signed policy releases, built from a folder, verified before use.
struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Build, sign and verify policy bundles: a policy folder as one signed file.",
        discussion: """
        A bundle holds every policy file of a folder and a manifest of their SHA-256 digests; \
        'sign' adds an Ed25519 signature of the manifest. 'check' and 'test' decide from a bundle \
        with '--bundle FILE --trust KEY.pub' and refuse one that is unsigned, signed by another \
        key or altered. See docs/policy-bundles.md.
        """,
        subcommands: [BundleBuildCommand.self, BundleKeygenCommand.self, BundleSignCommand.self, BundleVerifyCommand.self]
    )

    /// Prints a refusal and turns it into the exit status it deserves.
    static func fail(_ error: BundleError) -> ExitCode {
        Console.error(error.description)
        switch error {
        case .unwritable: return ExitStatus.failure
        default: return ExitStatus.invalid
        }
    }
}

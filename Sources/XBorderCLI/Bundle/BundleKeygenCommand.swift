import ArgumentParser
import XBorder

struct BundleKeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create an Ed25519 key pair for signing bundles: KEY (private, mode 0600) and KEY.pub.",
        discussion: "Each file is the raw 32-byte key as one line of base64. Existing files are never overwritten."
    )

    @Option(help: ArgumentHelp("The private key file to create; the public key goes to the same name plus '.pub'.", valueName: "key"))
    var out: String

    func run() throws {
        do {
            let key = try KeyFile.generate(at: out)
            Console.out("wrote \(out) (private, mode 0600) and \(out).pub; key \(key.fingerprint)")
        } catch {
            throw BundleCommand.fail(error)
        }
    }
}

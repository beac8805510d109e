import ArgumentParser
import Foundation
import XBorder
import XBorderScenarios

/// `--policies`, or `--bundle` with `--trust`, shared by every command that decides or validates.
public struct PolicyOptions: ParsableArguments, Sendable {
    public init() {}

    @Option(name: .long, help: ArgumentHelp("Policy folder (default: the policies bundled with xborder).", valueName: "dir"))
    public var policies: String?

    @Option(name: .long, help: ArgumentHelp("A signed policy bundle to decide with instead of a folder; needs --trust.", valueName: "file"))
    public var bundle: String?

    @Option(name: .long, help: ArgumentHelp("A trusted public key (KEY.pub) for --bundle; repeat to trust several.", valueName: "key"))
    public var trust: [String] = []

    public func validate() throws {
        if bundle != nil, policies != nil { throw ValidationError("--bundle and --policies name two sources of policies: give one") }
        if bundle != nil, trust.isEmpty { throw ValidationError("--bundle needs the key to trust: '--bundle FILE --trust KEY.pub'") }
        if bundle == nil, !trust.isEmpty { throw ValidationError("--trust names the keys a --bundle must be signed by: use it with --bundle") }
    }

    /// The folder to load: the option, then `XBORDER_POLICIES`, then an installed copy next to the
    /// binary, then the project's own `Policies/` (found from this source file's place, so that
    /// `swift run` works from any directory and an edited policy takes effect without a rebuild).
    public var directory: String { Self.directory(policies) }

    public static func directory(_ explicit: String?) -> String {
        if let explicit { return explicit }
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["XBORDER_POLICIES"], !path.isEmpty { return path }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        let installed = executable.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("share/xborder/Policies").path
        if FileManager.default.fileExists(atPath: installed) { return installed }
        let source = URL(fileURLWithPath: #filePath)
        return source.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Policies").path
    }

    /// Loads and compiles, printing diagnostics; throws the invalid exit status on errors.
    public func load() throws -> CompiledPolicy {
        try loadWithBundle().policy
    }

    /// Loads and compiles, from the verified bundle when one is named (returned too, for the
    /// audit record); a bundle that does not verify is refused before anything is compiled.
    /// With `cached`, a folder's compiled policy is taken from the policy cache when it holds
    /// the policy of exactly these files (see `PolicyCache.standard` for turning it off).
    public func loadWithBundle(cached: Bool = false) throws -> (policy: CompiledPolicy, bundle: VerifiedBundle?) {
        let verified = try verifiedBundle()
        let result = verified.map { PolicyLoader().load(bundle: $0) }
            ?? PolicyLoader().load(directory: directory, cache: cached ? PolicyCache.standard() : nil)
        guard let policy = result.policy else {
            let errors = result.diagnostics.filter { $0.severity == .error }
            Console.error(result.renderer.render(errors))
            if let verified {
                Console.error("error: the policies in the bundle '\(verified.path)' have \(errors.count) error(s)")
            } else {
                Console.error("error: the policies in '\(directory)' have \(errors.count) error(s); run 'xborder validate \(directory)'")
            }
            throw ExitStatus.invalid
        }
        return (policy, verified)
    }

    /// The named bundle, verified against the trusted keys; nil without `--bundle`. Prints the
    /// refusal and throws the invalid exit status when it does not verify.
    public func verifiedBundle() throws -> VerifiedBundle? {
        guard let bundle else { return nil }
        do {
            let keys = try trust.map { (path) throws(BundleError) in try KeyFile.readVerifyingKey(path: path) }
            return try VerifiedBundle.open(path: bundle, trusting: keys)
        } catch {
            Console.error(error.description)
            throw ExitStatus.invalid
        }
    }

    /// A scenario runner whose default policies are the folder, or the verified bundle, named here.
    func scenarioRunner(filter: String?) throws -> ScenarioRunner {
        guard let verified = try verifiedBundle() else { return ScenarioRunner(defaultPolicies: directory, filter: filter) }
        var runner = ScenarioRunner(defaultPolicies: verified.path, filter: filter)
        runner.preloaded = [LoadedPolicy(directory: verified.path, result: PolicyLoader().load(bundle: verified))]
        return runner
    }
}

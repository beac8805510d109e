import XBorder
import XBorderScenarios

/// Where the service's policies come from, loaded again on every reload. The loader is given by
/// the command (a folder, or a signed bundle verified again each time), so that the service
/// knows nothing of command-line options.
public struct PolicySource: Sendable {
    /// What a reload's log line names: the folder or the bundle's path.
    public var name: String
    /// Loads and compiles; a bundle that no longer verifies throws, and its description is logged.
    public var load: @Sendable () throws -> (result: PolicyLoader.Result, bundle: VerifiedBundle?)

    public init(name: String, load: @escaping @Sendable () throws -> (result: PolicyLoader.Result, bundle: VerifiedBundle?)) {
        self.name = name
        self.load = load
    }

    /// A policy folder, compiled from its files (or taken from the policy cache when given one).
    public static func directory(_ path: String, cache: PolicyCache? = nil) -> PolicySource {
        PolicySource(name: path) { (PolicyLoader().load(directory: path, cache: cache), nil) }
    }
}

/// One compiled policy and everything prepared from it for answering requests. A request takes
/// the snapshot once and uses it to the end, so its answer and the digest it names always agree
/// even when a reload lands in between.
public struct PolicySnapshot: Sendable {
    public let policy: CompiledPolicy
    public let bundle: VerifiedBundle?
    let evaluator: Evaluator
    /// The loaded policy as scenario suites posted to `/v1/test` use it.
    let loaded: LoadedPolicy
    /// Prepared once per explanation choice: preparing a decider renders every report fragment.
    let deciders: [ReportWriter.Explain: InventoryDecider]
    /// `/v1/policy` and `/v1/vocabulary`, rendered once: they change only with the policy.
    let policyDocument: [UInt8]
    let vocabularyDocument: [UInt8]

    public var digest: String { policy.digest }

    /// The name that posted suites' `policies:` is replaced by: they are decided with the
    /// service's policy, never with a folder the caller names.
    static let suitePolicies = "<service policy>"

    init(result: PolicyLoader.Result, policy: CompiledPolicy, bundle: VerifiedBundle?, limits: ParseLimits) {
        self.policy = policy
        self.bundle = bundle
        evaluator = Evaluator(policy: policy)
        loaded = LoadedPolicy(directory: Self.suitePolicies, result: result)
        var deciders: [ReportWriter.Explain: InventoryDecider] = [:]
        for explain in ReportWriter.Explain.allCases {
            deciders[explain] = InventoryDecider(policy: policy, format: .json(explain), limits: limits)
        }
        self.deciders = deciders
        policyDocument = Array((PolicyDocuments.policy(policy).serialized(pretty: true) + "\n").utf8)
        vocabularyDocument = Array((PolicyDocuments.vocabulary(policy).serialized(pretty: true) + "\n").utf8)
    }
}

/// Why policies could not be loaded: the rendered diagnostics, for the log and for startup.
public struct PolicyLoadFailure: Error, CustomStringConvertible {
    public var description: String
}

/// Holds the snapshot in force and replaces it whole on reload.
public final class PolicyHolder: Sendable {
    public let source: PolicySource
    let limits: ParseLimits
    private let current: Locked<PolicySnapshot>
    /// Reloads one at a time: two signals in quick succession compile twice, in order, and the
    /// later files win.
    private let reloading = Locked(0)

    /// Loads the policies once; throws when they do not compile, so that a service never starts
    /// without a policy.
    public init(source: PolicySource, limits: ParseLimits = .standard) throws {
        self.source = source
        self.limits = limits
        current = Locked(try Self.compile(source, limits: limits))
    }

    public var snapshot: PolicySnapshot { current.get() }

    public enum ReloadOutcome: Sendable, Equatable {
        case reloaded(from: String, to: String)
        case unchanged(String)
        /// The old policy stays in force; the diagnostics say why the new one was refused.
        case failed(keeping: String, diagnostics: String)
    }

    /// Compiles the policies aside and swaps them in only when they compile: a reload that fails
    /// keeps the policy in force, whole. This is what SIGHUP calls.
    @discardableResult
    public func reload() -> ReloadOutcome {
        reloading.withLock { count in
            count += 1
            let before = current.get().digest
            do {
                let next = try Self.compile(source, limits: limits)
                current.set(next)
                return next.digest == before ? .unchanged(before) : .reloaded(from: before, to: next.digest)
            } catch {
                return .failed(keeping: before, diagnostics: "\(error)")
            }
        }
    }

    static func compile(_ source: PolicySource, limits: ParseLimits) throws -> PolicySnapshot {
        let (result, bundle): (PolicyLoader.Result, VerifiedBundle?)
        do {
            (result, bundle) = try source.load()
        } catch {
            throw PolicyLoadFailure(description: "\(error)")
        }
        guard let policy = result.policy else {
            let errors = result.diagnostics.filter { $0.severity == .error }
            throw PolicyLoadFailure(description: result.renderer.render(errors)
                + "\nerror: the policies in '\(source.name)' have \(errors.count) error(s)")
        }
        return PolicySnapshot(result: result, policy: policy, bundle: bundle, limits: limits)
    }
}

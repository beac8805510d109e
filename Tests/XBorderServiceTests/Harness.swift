import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import XBorder
@testable import XBorderService

/// A service on the project's policies (or a copy), and the checks every test's requests share.
enum Harness {
    static let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let policies = projectRoot.appendingPathComponent("Policies").path
    static let scenarios = projectRoot.appendingPathComponent("Scenarios").path
    static let examples = projectRoot.appendingPathComponent("Scenarios/examples")

    /// Compiled once for the tests that do not reload: compiling is the slow part.
    static let sharedHolder: Result<PolicyHolder, any Error> = Result { try PolicyHolder(source: .directory(policies)) }

    static func service(limits: ServiceLimits = .standard, token: String? = nil, recording: Recording? = nil,
                        holder: PolicyHolder? = nil) throws -> DecisionService {
        DecisionService(holder: try holder ?? sharedHolder.get(), configuration: ServiceConfiguration(limits: limits, token: token, recording: recording))
    }

    /// What `openapi.yaml` documents: for each path, each method's status codes.
    static let documented: [String: [String: Set<Int>]] = {
        let source = SourceFile(path: "openapi.yaml", text: String(decoding: ServiceAssets.openAPI, as: UTF8.self))
        guard let root = try? YAMLParser().parseDocument(source), let paths = root["paths"]?.pairs else { return [:] }
        var result: [String: [String: Set<Int>]] = [:]
        for path in paths {
            for operation in path.value.pairs ?? [] {
                let codes = (operation.value["responses"]?.pairs ?? []).compactMap { Int($0.key) }
                result[path.key, default: [:]][operation.key.uppercased()] = Set(codes)
            }
        }
        return result
    }()

    /// Sends a request and checks what every response must be: its status documented for its
    /// route, the policy digest named, the page's security policy set.
    @discardableResult
    static func send(_ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], body: String? = nil,
                     sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws -> TestResponse {
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        let path = String(uri.split(separator: "?", maxSplits: 1).first ?? "")
        let codes = documented[path]?[method.rawValue] ?? []
        #expect(codes.contains(response.status.code), "\(method) \(path) answered \(response.status.code), which openapi.yaml does not document",
                sourceLocation: sourceLocation)
        #expect(response.headers[Header.policyDigest]?.hasPrefix("sha256:") == true, "no policy digest header", sourceLocation: sourceLocation)
        #expect(response.headers[Header.contentSecurityPolicy] == "default-src 'self'", sourceLocation: sourceLocation)
        return response
    }

    static func yaml(_ type: String = "application/yaml") -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = type
        return headers
    }

    static func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
        return object as? [String: Any] ?? [:]
    }

    /// A folder for one test's files, removed by `remove`.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("xborder-service-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A copy of the project's policies to edit.
    static func policyCopy(in folder: URL) throws -> URL {
        let copy = folder.appendingPathComponent("Policies")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: policies), to: copy)
        return copy
    }
}

/// The built binaries, run the way a user runs them.
enum Binary {
    struct Run {
        var status: Int32
        var stdout: Data
        var stderr: String
    }

    /// `name` next to the test bundle in the build folder.
    static func path(_ name: String) -> String {
        var directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return Harness.projectRoot.appendingPathComponent(".build/debug/\(name)").path
    }

    static func run(_ name: String, _ arguments: [String], cwd: URL? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path(name))
        process.arguments = arguments
        if let cwd { process.currentDirectoryURL = cwd }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["XBORDER_POLICY_CACHE"] = "off"
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: stdout, stderr: String(decoding: stderr, as: UTF8.self))
    }
}

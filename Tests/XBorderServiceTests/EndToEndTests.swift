import Foundation
import Testing
@testable import XBorderService

/// A spawned `xborder-serve serve`, spoken to over loopback sockets.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    private let errors = Pipe()
    private let lock = NSLock()
    // Guarded by `lock`: what the service logged so far.
    private var logged = ""

    init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: Binary.path("xborder-serve"))
        process.arguments = ["serve", "--port", "0"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["XBORDER_POLICY_CACHE"] = "off"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.lock()
            self.logged += String(decoding: data, as: UTF8.self)
            self.lock.unlock()
        }
        try process.run()
    }

    var log: String {
        lock.lock()
        defer { lock.unlock() }
        return logged
    }

    /// Waits (polling, up to a minute) for something to be true.
    static func eventually(_ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if try condition() { return true }
            usleep(50_000)
        }
        return false
    }

    /// The port from the `listening on` line.
    func port() throws -> Int {
        var found: Int?
        _ = Self.eventually {
            if let range = log.range(of: "listening on http://127.0.0.1:") {
                found = Int(log[range.upperBound...].prefix { $0.isNumber })
            }
            return found != nil || !process.isRunning
        }
        return try #require(found, "the service did not start: \(log)")
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        errors.fileHandleForReading.readabilityHandler = nil
    }
}

/// HTTP/1.1 over a plain socket: enough to hold a request half-sent across a signal.
struct Connection {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0, "cannot connect to port \(port)")
    }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            sent += n
        }
    }

    /// Everything until the server closes the connection.
    func receive() -> String {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            data += buffer[0..<n]
        }
        close(fd)
        return String(decoding: data, as: UTF8.self)
    }

    static func request(port: Int, _ method: String, _ path: String, type: String = "application/json", body: String = "") throws -> String {
        let connection = try Connection(port: port)
        connection.send("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: \(type)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        return connection.receive()
    }
}

@Suite("xborder-serve, end to end", .serialized)
struct EndToEndTests {
    static let flow = LimitsTests.flow

    @Test("SIGHUP reloads an edited copy of the policies; the responses name the new digest")
    func sighup() throws {
        let folder = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = try Harness.policyCopy(in: folder)
        let serve = try ServeProcess(["--policies", copy.path])
        defer { serve.stop() }
        let port = try serve.port()
        let first = try Connection.request(port: port, "POST", "/v1/check", body: Self.flow)
        #expect(first.hasPrefix("HTTP/1.1 200"))
        let digest = try #require(Self.header("x-xborder-policy-digest", in: first))

        let pipl = copy.appendingPathComponent("cn/pipl.yaml")
        let text = try String(contentsOf: pipl, encoding: .utf8)
        try text.replacingOccurrences(of: "pack: cn.pipl\n", with: "pack: cn.pipl\nversion: \"2099.2\"\n").write(to: pipl, atomically: true, encoding: .utf8)
        kill(serve.process.processIdentifier, SIGHUP)
        var latest = digest
        let changed = try ServeProcess.eventually {
            latest = Self.header("x-xborder-policy-digest", in: try Connection.request(port: port, "GET", "/v1/policy")) ?? latest
            return latest != digest
        }
        #expect(changed, "the digest did not change after SIGHUP: \(serve.log)")
        #expect(try Connection.request(port: port, "GET", "/v1/policy").contains("2099.2"))
        #expect(serve.log.contains("policies reloaded"))
        #expect(!serve.log.contains("newsletter subscribers"), "a flow's contents were logged")
    }

    @Test("SIGTERM: the request in flight is answered, then the process exits 0")
    func sigterm() throws {
        let serve = try ServeProcess(["--policies", Harness.policies])
        defer { serve.stop() }
        let port = try serve.port()
        let body = Array(Self.flow.utf8)
        let connection = try Connection(port: port)
        connection.send("POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n")
        connection.send(String(decoding: body[..<20], as: UTF8.self))
        // The service has read the request head once it answers on another connection.
        #expect(try Connection.request(port: port, "GET", "/healthz").hasPrefix("HTTP/1.1 200"))
        kill(serve.process.processIdentifier, SIGTERM)
        connection.send(String(decoding: body[20...], as: UTF8.self))
        let response = connection.receive()
        #expect(response.hasPrefix("HTTP/1.1 200"), "\(response)\n\(serve.log)")
        #expect(response.contains("\"outcome\": \"exempt\""))
        serve.process.waitUntilExit()
        #expect(serve.process.terminationReason == .exit)
        #expect(serve.process.terminationStatus == 0)
    }

    @Test("xborder-serve offers every xborder command")
    func commands() throws {
        let help = try Binary.run("xborder-serve", ["--help"])
        for command in ["check", "explain", "validate", "test", "ledger", "audit", "serve"] {
            #expect(String(decoding: help.stdout, as: UTF8.self).contains("  \(command)"), "\(command)")
        }
        let file = Harness.examples.appendingPathComponent("retail-members.yaml").path
        let viaServe = try Binary.run("xborder-serve", ["check", "--format", "json", "--policies", Harness.policies, file])
        let viaCLI = try Binary.run("xborder", ["check", "--format", "json", "--policies", Harness.policies, file])
        #expect(viaServe.stdout == viaCLI.stdout)
        #expect(viaServe.status == viaCLI.status)
        #expect(try Binary.run("xborder-serve", ["serve", "--port", "70000"]).status == 2)
    }

    static func header(_ name: String, in response: String) -> String? {
        for line in response.split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == name { return parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return nil
    }
}

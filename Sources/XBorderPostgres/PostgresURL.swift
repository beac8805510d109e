import Foundation
import PostgresNIO
import XBorderLedger

/// A `postgres://user:pass@host:port/db?sslmode=…` location, read once so that every
/// connection (the check made on opening and the pool's) uses the same settings, and so that
/// messages can name the server without its password.
struct PostgresURL: Sendable, Equatable {
    var host: String
    var port: Int
    /// A folder holding the server's Unix socket (`?host=/run/postgresql`), used instead of TCP.
    var socketFolder: String?
    var username: String
    var password: String?
    var database: String
    var sslMode: SSLMode
    /// `application_name`, shown in the server's `pg_stat_activity`.
    var applicationName: String
    /// Seconds to wait for the TCP connection (`connect_timeout`, libpq's name).
    var connectTimeout: Int
    /// The URL as given, with the password replaced by `***`: what messages show.
    var location: String
    /// The URL as given, password included: only ever used to connect.
    var text: String

    /// libpq's `sslmode` values, so that a URL written for `psql` means the same here.
    enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    static let schemes: Set<String> = ["postgres", "postgresql"]
    static let defaultPort = 5432

    /// Reads `text`; every malformed part is ``LedgerError/cannotOpen(path:reason:)`` naming
    /// the URL without its password, since the person reads the message, maybe in a log.
    init(_ text: String) throws(LedgerError) {
        let shown = Self.redacted(text)
        func bad(_ reason: String) -> LedgerError { .cannotOpen(path: shown, reason: reason) }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              Self.schemes.contains(scheme)
        else {
            throw bad("not a postgres://user:password@host:port/database URL")
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] {
            guard query[item.name] == nil else { throw bad("the parameter '\(item.name)' is given twice") }
            query[item.name] = item.value ?? ""
        }
        let known: Set<String> = ["sslmode", "host", "port", "user", "password", "dbname", "application_name", "connect_timeout"]
        if let unknown = query.keys.sorted().first(where: { !known.contains($0) }) {
            throw bad("unknown parameter '\(unknown)' (known: sslmode, host, port, user, password, dbname)")
        }
        let modeText = query["sslmode"] ?? SSLMode.prefer.rawValue
        guard let mode = SSLMode(rawValue: modeText) else {
            throw bad("sslmode '\(modeText)' is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        sslMode = mode
        applicationName = query["application_name"] ?? "xborder"
        let timeoutText = query["connect_timeout"] ?? "10"
        guard let timeout = Int(timeoutText), timeout > 0, timeout <= 3_600 else {
            throw bad("connect_timeout '\(timeoutText)' is not a number of seconds from 1 to 3600")
        }
        connectTimeout = timeout

        let hostParameter = query["host"].flatMap { $0.isEmpty ? nil : $0 }
        if let hostParameter, hostParameter.hasPrefix("/") {
            socketFolder = hostParameter
            host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        } else {
            socketFolder = nil
            host = hostParameter ?? components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }

        if let portText = query["port"] {
            guard let value = Int(portText) else { throw bad("port '\(portText)' is not a number") }
            port = value
        } else {
            port = components.port ?? Self.defaultPort
        }
        guard (1...65_535).contains(port) else { throw bad("port \(port) is not between 1 and 65535") }

        let user = query["user"] ?? components.user
        guard let user, !user.isEmpty else { throw bad("it names no user (postgres://USER:password@host/database)") }
        username = user
        password = query["password"] ?? components.password

        var path = components.path
        if path.hasPrefix("/") { path.removeFirst() }
        let name = query["dbname"] ?? path
        guard !name.isEmpty else { throw bad("it names no database (postgres://user:password@host/DATABASE)") }
        guard !name.contains("/") else { throw bad("database name '\(name)' contains a '/'") }
        database = name
        location = shown
        self.text = text
    }

    /// The connection settings postgres-nio's pool takes.
    func clientConfiguration(readOnly: Bool) throws(LedgerError) -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let socketFolder {
            configuration = .init(
                unixSocketPath: socketPath(in: socketFolder), username: username, password: password, database: database)
        } else {
            configuration = .init(
                host: host, port: port, username: username, password: password, database: database,
                tls: try clientTLS())
        }
        configuration.options.additionalStartupParameters = startupParameters(readOnly: readOnly)
        configuration.options.connectTimeout = .seconds(connectTimeout)
        // Fewer connections than postgres-nio's default of 20: a server is shared by every desk.
        configuration.options.maximumConnections = 8
        return configuration
    }

    /// The settings of the single connection made on opening, which reports a refused
    /// connection, a wrong password or a missing database at once (the pool retries those
    /// silently).
    func connectionConfiguration(readOnly: Bool) throws(LedgerError) -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if let socketFolder {
            configuration = .init(
                unixSocketPath: socketPath(in: socketFolder), username: username, password: password, database: database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            do {
                switch try tlsConfiguration() {
                case .none: tls = .disable
                case .some((let settings, let required)):
                    let context = try NIOSSLContext(configuration: settings)
                    tls = required ? .require(context) : .prefer(context)
                }
            } catch let error as LedgerError {
                throw error
            } catch {
                throw LedgerError.cannotOpen(path: location, reason: "cannot set up TLS: \(error)")
            }
            configuration = .init(
                host: host, port: port, username: username, password: password, database: database, tls: tls)
        }
        configuration.options.additionalStartupParameters = startupParameters(readOnly: readOnly)
        configuration.options.connectTimeout = .seconds(Int64(connectTimeout))
        return configuration
    }

    /// The same server with another database: the tests create and drop one each.
    func with(database name: String) throws(LedgerError) -> PostgresURL {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = username
        components.password = password
        components.host = host
        components.port = port
        components.path = "/" + name
        var items = [URLQueryItem(name: "sslmode", value: sslMode.rawValue)]
        if let socketFolder { items.append(URLQueryItem(name: "host", value: socketFolder)) }
        components.queryItems = items
        guard let text = components.string else {
            throw LedgerError.cannotOpen(path: location, reason: "cannot name database '\(name)' in a URL")
        }
        return try PostgresURL(text)
    }

    /// `default_transaction_read_only` makes the server itself refuse a write on a store
    /// opened for reading.
    private func startupParameters(readOnly: Bool) -> [(String, String)] {
        // lock_timeout bounds a writer's wait for the write lock, as SQLite's busy timeout
        // does (PostgresLedger.waitSeconds).
        var parameters = [("application_name", applicationName), ("lock_timeout", "30s")]
        if readOnly { parameters.append(("default_transaction_read_only", "on")) }
        return parameters
    }

    private func socketPath(in folder: String) -> String {
        (folder.hasSuffix("/") ? folder : folder + "/") + ".s.PGSQL.\(port)"
    }

    private func clientTLS() throws(LedgerError) -> PostgresClient.Configuration.TLS {
        switch try tlsConfiguration() {
        case .none: return .disable
        case .some((let settings, let required)): return required ? .require(settings) : .prefer(settings)
        }
    }

    /// libpq's meaning of each mode: `require` encrypts without checking the certificate,
    /// `verify-ca` checks the chain, `verify-full` the chain and the host name. `allow` is
    /// read as `prefer` (postgres-nio cannot try without TLS first).
    private func tlsConfiguration() throws(LedgerError) -> (TLSConfiguration, required: Bool)? {
        var settings = TLSConfiguration.makeClientConfiguration()
        switch sslMode {
        case .disable:
            return nil
        case .allow, .prefer:
            settings.certificateVerification = .none
            return (settings, false)
        case .require:
            settings.certificateVerification = .none
            return (settings, true)
        case .verifyCA:
            settings.certificateVerification = .noHostnameVerification
            return (settings, true)
        case .verifyFull:
            return (settings, true)
        }
    }

    /// `text` with the password (in the user part or a `password=` parameter) shown as `***`.
    static func redacted(_ text: String) -> String {
        LedgerStores.redacted(text)
    }
}

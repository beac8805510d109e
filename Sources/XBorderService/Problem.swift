import Hummingbird
import XBorder

/// An answer other than the one asked for, as RFC 9457 problem details
/// (`application/problem+json`): `{"type","title","status","detail","diagnostics":[…]}`, where
/// `diagnostics` are the located diagnostics `xborder check` gives as JSON.
struct Problem: HTTPResponseError {
    var status: HTTPResponse.Status
    var title: String
    var detail: String
    var diagnostics: [Diagnostic] = []
    /// The metric's `kind` of error: stable words for dashboards.
    var kind: String
    var headers: HTTPFields = [:]

    func response(from request: Request, context: some RequestContext) throws -> Response { response() }

    func response() -> Response {
        let body = JSONValue.object([
            ("type", .string("about:blank")),
            ("title", .string(title)),
            ("status", .number(status.code)),
            ("detail", .string(detail)),
            ("diagnostics", .array(diagnostics.map(\.json))),
        ]).serialized(pretty: true) + "\n"
        var fields = headers
        fields[.contentType] = "application/problem+json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// A flow (or suite) that cannot be read or decided: its diagnostics, errors first.
    static func invalid(_ list: DiagnosticList, what: String = "flow") -> Problem {
        let problems = list.errors.isEmpty ? list.diagnostics : list.errors
        return Problem(status: .badRequest, title: "the \(what) cannot be decided", detail: problems.first.map { "\($0.location): \($0.message)" } ?? "the \(what) is invalid",
                       diagnostics: problems, kind: "invalid-\(what)")
    }

    static func badRequest(_ detail: String, kind: String = "bad-request") -> Problem {
        Problem(status: .badRequest, title: "bad request", detail: detail, kind: kind)
    }

    static func tooLarge(_ detail: String) -> Problem {
        Problem(status: .contentTooLarge, title: "request too large", detail: detail, kind: "too-large")
    }
}

/// The response header names the service adds.
enum Header {
    static let policyDigest = name("X-XBorder-Policy-Digest")
    static let auditSequence = name("X-XBorder-Audit-Sequence")
    static let verdict = name("X-XBorder-Verdict")
    static let contentSecurityPolicy = name("Content-Security-Policy")
    static let contentTypeOptions = name("X-Content-Type-Options")

    /// Every name above is a constant token that is valid by construction.
    private static func name(_ text: String) -> HTTPFields.Element.Name {
        guard let name = HTTPFields.Element.Name(text) else { preconditionFailure("'\(text)' is not an HTTP field name") }
        return name
    }
}

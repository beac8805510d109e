import Foundation
import Hummingbird
import Logging

/// Around every request: errors become problem details, every response names the policy digest
/// and carries the page's security headers, and each request is counted and logged on one line
/// (method, path, status, duration, digest — never the flow, which may name people).
struct ServiceMiddleware<Context: RequestContext>: RouterMiddleware {
    let holder: PolicyHolder
    let metrics: ServiceMetrics
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch let problem as Problem {
            metrics.failed(problem.kind)
            response = problem.response()
        } catch let error as HTTPError {
            let kind = error.status == .notFound ? "not-found" : "http"
            metrics.failed(kind)
            response = Problem(status: error.status, title: error.status.reasonPhrase, detail: error.body ?? error.status.reasonPhrase, kind: kind).response()
        } catch {
            metrics.failed("internal")
            logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            response = Problem(status: .internalServerError, title: "internal error", detail: "the request could not be answered", kind: "internal").response()
        }
        if response.headers[Header.policyDigest] == nil { response.headers[Header.policyDigest] = holder.snapshot.digest }
        response.headers[Header.contentSecurityPolicy] = "default-src 'self'"
        response.headers[Header.contentTypeOptions] = "nosniff"
        let took = ContinuousClock.now - started
        metrics.request(method: request.method.rawValue, route: context.endpointPath ?? "unmatched", status: response.status.code, duration: took)
        let milliseconds = Double(ServiceMetrics.nanoseconds(took)) / 1e6
        logger.info("\(request.method.rawValue) \(request.uri.path) \(response.status.code) \(String(format: "%.3f", milliseconds)) ms",
                    metadata: ["digest": "\(response.headers[Header.policyDigest] ?? "")"])
        return response
    }
}

import Foundation

/// Runs the stores' async calls from the command line's synchronous commands.
///
/// A command runs on the main thread, which is not one of the concurrency pool's, so waiting
/// here blocks no task the call itself needs. The commands stay synchronous because their
/// inventory loops hand flows to callbacks one by one, and each recorded flow must be stored
/// before the next one is decided.
enum Blocking {
    private final class Outcome<T: Sendable>: @unchecked Sendable {
        // Written once by the task before it signals, read once after the wait.
        var result: Result<T, any Error>?
    }

    static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = Outcome<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do {
                outcome.result = .success(try await body())
            } catch {
                outcome.result = .failure(error)
            }
            done.signal()
        }
        done.wait()
        guard let result = outcome.result else { throw CancellationError() }
        return try result.get()
    }
}

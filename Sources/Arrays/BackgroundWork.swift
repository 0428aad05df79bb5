import Dispatch
import Foundation
import Synchronization

/// Work that runs on another thread while the caller goes on (writing one output while the next
/// is computed); `value()` waits for it and returns its result or rethrows its error.
public final class BackgroundWork<Value: Sendable, Failure: Error>: Sendable {
    private let finished = DispatchSemaphore(value: 0)
    private let outcome = Mutex<Result<Value, Failure>?>(nil)

    /// Starts `work` at once on a thread of its own (not one of the shared worker threads, which
    /// the caller's own parallel loops may all be using).
    public init(_ work: @escaping @Sendable () throws(Failure) -> Value) {
        let thread = Thread { [self] in
            let result = Result<Value, Failure> { () throws(Failure) -> Value in try work() }
            outcome.withLock { $0 = result }
            finished.signal()
        }
        thread.start()
    }

    /// Waits until the work has ended; its value, or its error. May be called more than once.
    public func value() throws(Failure) -> Value {
        finished.wait()
        finished.signal()
        return try outcome.withLock { $0! }.get()
    }
}

import ServiceLifecycle

/// The pause of a sink service's loop: sleeps `interval`, or less when the service group begins a
/// graceful shutdown; true then (the service takes its queue one last time and returns).
func pauseEndsInShutdown(_ interval: Duration) async -> Bool {
    do {
        try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        return false
    } catch {
        return true
    }
}

/// The phases a request went through, in order: what AWS's execution logs narrate
/// (`loggingLevel: INFO`) and what the pipeline order test reads. Recorded only when a stage asks
/// for it; a request without one pays a nil check per phase.
public final class ExecutionTrace {
    public private(set) var phases: [PhaseKind] = []
    /// Free-form notes by phases (what they decided), in order.
    public private(set) var notes: [String] = []

    public init() {}

    func entered(_ phase: PhaseKind) { phases.append(phase) }

    public func note(_ text: String) { notes.append(text) }
}

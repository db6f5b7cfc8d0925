namespace Emu.Core.Machine;

/// <summary>
/// What the run loop needs from the CPU: run a bounded slice, stop early on request, and report
/// whether it is halted. The loop never sees registers or decoding, so it can be driven by a
/// scripted processor in tests.
/// </summary>
public interface IGuestProcessor
{
    /// <summary>Executed instructions since power-on (the deterministic clock's source).</summary>
    long InstructionCount { get; }

    /// <summary>True after HLT until an interrupt (or a reset) wakes the processor.</summary>
    bool Halted { get; }

    /// <summary>EFLAGS.IF: whether a maskable interrupt can end a halt.</summary>
    bool InterruptsEnabled { get; }

    /// <summary>Runs at most <paramref name="maxInstructions"/>; returns how many ran (0 when halted with nothing to wake it).</summary>
    long Run(long maxInstructions);

    /// <summary>Makes the current or next <see cref="Run"/> return at the next block boundary. Safe from any thread.</summary>
    void RequestExit();

    /// <summary>Puts the processor in its power-on state (SDM Vol. 3, 9.1.1).</summary>
    void Reset();
}

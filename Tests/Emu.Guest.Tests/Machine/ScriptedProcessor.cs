using Emu.Core.Machine;
using Emu.Core.Timing;

namespace Emu.Guest.Tests.Machine;

/// <summary>
/// A processor that "executes" by counting: it halts when the count reaches <see cref="HaltAt"/>
/// and wakes when <see cref="RaiseInterrupt"/> was called while interrupts are enabled.
/// </summary>
internal sealed class ScriptedProcessor : IGuestProcessor, IInstructionCounter
{
    private bool _interruptPending;

    public long InstructionCount { get; private set; }

    public bool Halted { get; set; }

    public bool InterruptsEnabled { get; set; } = true;

    public long HaltAt { get; set; } = long.MaxValue;

    public int Wakeups { get; private set; }

    public int ExitRequests { get; private set; }

    public List<long> Budgets { get; } = [];

    public void RaiseInterrupt() => _interruptPending = true;

    public long Run(long maxInstructions)
    {
        Budgets.Add(maxInstructions);
        if (Halted)
        {
            if (!(_interruptPending && InterruptsEnabled))
            {
                return 0;
            }

            Halted = false;
            Wakeups++;
        }

        _interruptPending = false;
        long run = Math.Min(maxInstructions, Math.Max(0, HaltAt - InstructionCount));
        InstructionCount += run;
        if (InstructionCount >= HaltAt)
        {
            Halted = true;
            HaltAt = long.MaxValue;
        }

        return run;
    }

    public void RequestExit() => ExitRequests++;

    public void Reset()
    {
        Halted = false;
    }
}

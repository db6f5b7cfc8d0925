namespace Emu.Core.Timing;

/// <summary>The CPU's retired-instruction count: the deterministic clock's source.</summary>
public interface IInstructionCounter
{
    long InstructionCount { get; }
}

namespace Emu.Core.Machine;

/// <summary>The interpreter as the run loop sees it.</summary>
public sealed class CpuProcessor : IGuestProcessor
{
    private readonly Cpu.Cpu _cpu;

    public CpuProcessor(Cpu.Cpu cpu)
    {
        _cpu = cpu;
    }

    public long InstructionCount => _cpu.InstructionCount;

    public bool Halted => _cpu.Halted;

    public bool InterruptsEnabled => _cpu.InterruptsEnabled;

    public long Run(long maxInstructions) => _cpu.Run(maxInstructions);

    public void RequestExit() => _cpu.RequestExit();

    public void Reset() => _cpu.Reset();
}

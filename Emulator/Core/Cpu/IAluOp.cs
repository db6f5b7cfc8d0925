namespace Emu.Core.Cpu;

/// <summary>A two-operand ALU operation as a type parameter: computes the result and records lazy flags.</summary>
internal interface IAluOp
{
    static abstract bool Writes { get; }

    static abstract uint Exec(Cpu cpu, uint a, uint b, uint sign);
}

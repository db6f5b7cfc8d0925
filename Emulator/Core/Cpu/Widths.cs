namespace Emu.Core.Cpu;

/// <summary>Operand width as a type parameter, so width-generic handlers compile to one body per width.</summary>
internal interface IWidth
{
    static abstract uint Mask { get; }

    static abstract uint Sign { get; }

    static abstract int Bytes { get; }

    static abstract uint GetReg(Cpu cpu, int index, int shift);

    static abstract void SetReg(Cpu cpu, int index, int shift, uint value);

    static abstract bool Read(Cpu cpu, int seg, uint offset, out uint value);

    static abstract bool Write(Cpu cpu, int seg, uint offset, uint value);
}

using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>
/// The operands of one decoded instruction, resolved once at decode time, plus its handler.
/// Register fields are indexes into the CPU's register file (EAX=0 … EDI=7, 8 = constant zero);
/// an 8-bit register is an index plus a shift (AH = EAX index, shift 8). A memory operand is
/// <c>(reg[Base] + (reg[Index] &lt;&lt; Shift) + Disp) &amp; AddrMask</c> in segment <see cref="Seg"/>.
/// </summary>
internal unsafe struct Ops
{
    public HandlerFn Handler;

    /// <summary>Memory displacement.</summary>
    public uint Disp;

    /// <summary>Immediate operand, or the near branch target.</summary>
    public uint Imm;

    /// <summary>0xFFFF under 16-bit addressing, 0xFFFFFFFF under 32-bit.</summary>
    public uint AddrMask;

    public byte Base;

    public byte Index;

    public byte Shift;

    /// <summary>Segment register index (ES=0 … GS=5) of the memory operand.</summary>
    public byte Seg;

    /// <summary>Register index of operand 0 (<see cref="NoReg"/> when it is memory).</summary>
    public byte R0;

    public byte R0Sh;

    public byte R1;

    public byte R1Sh;

    /// <summary>Operand width in bytes (1, 2 or 4).</summary>
    public byte Width;

    /// <summary>A small per-handler parameter (condition code, string op flags, …).</summary>
    public byte Aux;

    public const byte NoReg = 0xFF;

    public const byte ZeroReg = 8;
}

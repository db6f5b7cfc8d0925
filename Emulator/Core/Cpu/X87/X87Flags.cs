namespace Emu.Core.Cpu.X87;

/// <summary>
/// The exception flags an x87 operation raises, at their status-word positions (SDM Vol. 1 8.1.3,
/// Figure 8-4), plus C1, which after an inexact result says the result was rounded up (SDM Vol. 1 8.1.3.1).
/// </summary>
[Flags]
public enum X87Flags : ushort
{
    None = 0,
    Invalid = 0x01,
    Denormal = 0x02,
    ZeroDivide = 0x04,
    Overflow = 0x08,
    Underflow = 0x10,
    Precision = 0x20,
    RoundedUp = 0x200,
}

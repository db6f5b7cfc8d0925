namespace Emu.Core.Cpu;

/// <summary>EFLAGS bits (Intel SDM Vol. 1, 3.4.3).</summary>
[Flags]
public enum EFlags : uint
{
    CF = 1u << 0,
    Reserved1 = 1u << 1,
    PF = 1u << 2,
    AF = 1u << 4,
    ZF = 1u << 6,
    SF = 1u << 7,
    TF = 1u << 8,
    IF = 1u << 9,
    DF = 1u << 10,
    OF = 1u << 11,
    IOPL = 3u << 12,
    NT = 1u << 14,
    RF = 1u << 16,
    VM = 1u << 17,
    AC = 1u << 18,
    VIF = 1u << 19,
    VIP = 1u << 20,
    ID = 1u << 21,
}

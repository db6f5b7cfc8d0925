namespace Emu.Core.Cpu;

/// <summary>The six segment registers, in the x86 encoding order (ES=0 … GS=5).</summary>
public enum SegmentRegister
{
    ES = 0,
    CS = 1,
    SS = 2,
    DS = 3,
    FS = 4,
    GS = 5,
}

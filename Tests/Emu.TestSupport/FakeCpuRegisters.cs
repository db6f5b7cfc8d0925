using Emu.Core.Cpu;

namespace Emu.TestSupport;

/// <summary>A plain register file for driving firmware services without a CPU.</summary>
public sealed class FakeCpuRegisters : ICpuRegisters
{
    private readonly ushort[] _segments = new ushort[6];

    public uint EAX { get; set; }

    public uint ECX { get; set; }

    public uint EDX { get; set; }

    public uint EBX { get; set; }

    public uint ESP { get; set; }

    public uint EBP { get; set; }

    public uint ESI { get; set; }

    public uint EDI { get; set; }

    public uint EIP { get; set; }

    public uint EFLAGS { get; set; } = 0x2;

    public ushort GetSegment(SegmentRegister segment) => _segments[(int)segment];

    public void SetSegment(SegmentRegister segment, ushort selector) => _segments[(int)segment] = selector;
}

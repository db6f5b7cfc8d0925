using Emu.Core.Cpu.X87;
using Emu.Core.State;

namespace Emu.Core.Cpu;

/// <summary>
/// The processor's saved state (section <c>cpu</c>, QEMU's <c>vmstate_x86_cpu</c> in spirit): the
/// general registers, EIP, EFLAGS, the segment registers with their hidden parts (SDM Vol. 3 3.4.3),
/// LDTR and TR, GDTR/IDTR, CR0-CR4, DR0-DR7, the x87 state, CPL, HLT and the interrupt shadow
/// (SDM Vol. 3 6.8.3), and the retired-instruction count, which is the deterministic clock and (with the
/// MSR's offset) the TSC. The x87 state is its eight physical 80-bit registers bit for bit (significand, then sign and
/// exponent, as FSAVE lays them out: SDM Vol. 1 8.1.10), TOP, the empty bits, and the control and
/// status words as held, so the status word's sticky flags keep an unmasked exception pending for the
/// next waiting x87 instruction (SDM Vol. 1 8.7). Saved only between instructions, so no fault is
/// pending. Mode bits, TLB, fast segment limits and the decoded-block cache are derived and rebuilt on
/// load. Version 3 adds the MSRs (SYSENTER's, PAT, the TSC's offset, MTRRs, machine check), without
/// which a guest that set up SYSENTER would enter the kernel at 0 after loadvm; version 2 has no
/// MSRs and version 1 held the x87 registers as doubles.
/// </summary>
public sealed unsafe partial class Cpu : IStatefulDevice
{
    private const int StateVersion = 3;
    private const int Float80Bytes = 10;

    private static readonly string[] SegmentStateNames = ["es", "cs", "ss", "ds", "fs", "gs"];

    public string StateName => "cpu";

    public void Save(StateWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.BeginSection(StateName, StateVersion);
        Span<byte> gprs = stackalloc byte[8 * 4];
        for (int k = 0; k < 8; k++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(gprs[(k * 4)..], _r[k]);
        }

        writer.Write("gprs", gprs);
        writer.Write("eip", _eip);
        writer.Write("eflags", GetFlagsValue());
        for (int k = 0; k < 6; k++)
        {
            SaveSegment(writer, SegmentStateNames[k], ref _s[k]);
        }

        SaveSegment(writer, "ldtr", ref _ldtr);
        SaveSegment(writer, "tr", ref _tr);
        writer.Write("gdt.base", _gdtBase);
        writer.Write("gdt.limit", _gdtLimit);
        writer.Write("idt.base", _idtBase);
        writer.Write("idt.limit", _idtLimit);
        writer.Write("cr0", _cr0);
        writer.Write("cr2", _cr2);
        writer.Write("cr3", _cr3);
        writer.Write("cr4", _cr4);
        Span<byte> dr = stackalloc byte[8 * 4];
        for (int k = 0; k < 8; k++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(dr[(k * 4)..], _dr[k]);
        }

        writer.Write("dr", dr);
        writer.Write("cpl", _cpl);
        writer.Write("halted", _halted);
        writer.Write("shadow", _shadow);
        writer.Write("icount", _icount);
        SaveFpu(writer);
        _msr.Save(writer);
        writer.EndSection();
    }

    public void Load(StateReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        StateSection s = reader.GetSection(StateName, StateVersion, StateVersion);

        // Read and check every field before changing anything, so a bad section leaves the CPU as it was.
        byte[] gprs = s.GetBytes("gprs");
        byte[] dr = s.GetBytes("dr");
        byte[] st = s.GetBytes("fpu.st");
        if (gprs.Length != 32 || dr.Length != 32 || st.Length != 8 * Float80Bytes)
        {
            throw new StateFormatException("section cpu: gprs, dr or fpu.st has the wrong length");
        }

        uint cr0 = (uint)s.GetInt64("cr0", 0, uint.MaxValue);
        if ((cr0 & 0x8000_0001) == 0x8000_0000)
        {
            throw new StateFormatException("section cpu: cr0 has PG set without PE");
        }

        bool protectedMode = (cr0 & 1) != 0;
        int cpl = s.GetInt32("cpl", 0, protectedMode ? 3 : 0);
        Span<SegmentCache> segments = stackalloc SegmentCache[8];
        for (int k = 0; k < 6; k++)
        {
            segments[k] = LoadSegment(s, SegmentStateNames[k]);
        }

        segments[6] = LoadSegment(s, "ldtr");
        segments[7] = LoadSegment(s, "tr");
        uint eip = (uint)s.GetInt64("eip", 0, uint.MaxValue);
        uint eflags = (uint)s.GetInt64("eflags", 0, uint.MaxValue);
        uint gdtBase = (uint)s.GetInt64("gdt.base", 0, uint.MaxValue);
        uint gdtLimit = (uint)s.GetInt64("gdt.limit", 0, 0xFFFF);
        uint idtBase = (uint)s.GetInt64("idt.base", 0, uint.MaxValue);
        uint idtLimit = (uint)s.GetInt64("idt.limit", 0, 0xFFFF);
        uint cr2 = (uint)s.GetInt64("cr2", 0, uint.MaxValue);
        uint cr3 = (uint)s.GetInt64("cr3", 0, uint.MaxValue);
        uint cr4 = (uint)s.GetInt64("cr4", 0, uint.MaxValue);
        if ((cr4 & ~_cr4Writable) != 0)
        {
            throw new StateFormatException($"section cpu: cr4 = 0x{cr4:x} sets bits this CPU model does not have");
        }

        bool halted = s.GetBool("halted");
        bool shadow = s.GetBool("shadow");
        long icount = s.GetInt64("icount", 0, long.MaxValue);
        int fpuTop = s.GetInt32("fpu.top", 0, 7);
        byte fpuEmpty = s.GetByte("fpu.empty");
        ushort fpuCw = s.GetUInt16("fpu.cw");
        ushort fpuSw = s.GetUInt16("fpu.sw");
        MsrFile msr = MsrFile.Load(s);

        for (int k = 0; k < 8; k++)
        {
            _r[k] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(gprs.AsSpan(k * 4));
            _dr[k] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(dr.AsSpan(k * 4));
            _st[k] = Float80FromState(st.AsSpan(k * Float80Bytes));
        }

        _cr0 = cr0;
        _cr2 = cr2;
        _cr3 = cr3;
        _cr4 = cr4;
        _pe = protectedMode;
        _paging = (cr0 & 0x8000_0000) != 0;
        _wp = (cr0 & 0x1_0000) != 0;
        _cpl = cpl;
        for (int k = 0; k < 6; k++)
        {
            _s[k] = segments[k];
            SetFastLimits(ref _s[k]);
        }

        _ldtr = segments[6];
        _tr = segments[7];
        _gdtBase = gdtBase;
        _gdtLimit = gdtLimit;
        _idtBase = idtBase;
        _idtLimit = idtLimit;
        _eip = eip;
        SetFlagsValue(eflags);
        _mode = (_s[SegCs].Attr >> 14) & 1;
        UpdateStackMask();
        UpdateTlbRights();
        _halted = halted;
        _shadow = shadow;
        _fault = -1;
        _icount = icount;
        _fpuTop = fpuTop;
        _fpuEmpty = fpuEmpty;
        _fpuCw = fpuCw;
        _fpuSw = fpuSw;
        _msr = msr;
        FlushTlb(false);
        FlushBlockCache();
        Redirect();
    }

    private void SaveFpu(StateWriter writer)
    {
        Span<byte> st = stackalloc byte[8 * Float80Bytes];
        for (int k = 0; k < 8; k++)
        {
            Span<byte> value = st[(k * Float80Bytes)..];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(value, _st[k].Significand);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(value[8..], _st[k].SignExponent);
        }

        writer.Write("fpu.st", st);
        writer.Write("fpu.top", _fpuTop);
        writer.Write("fpu.empty", _fpuEmpty);
        writer.Write("fpu.cw", _fpuCw);
        writer.Write("fpu.sw", _fpuSw);
    }

    private static Float80 Float80FromState(ReadOnlySpan<byte> value) => new(
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(value),
        System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(value[8..]));

    private static void SaveSegment(StateWriter writer, string name, ref SegmentCache s)
    {
        writer.Write(name + ".selector", s.Selector);
        writer.Write(name + ".base", s.Base);
        writer.Write(name + ".limit", s.Limit);
        writer.Write(name + ".attr", s.Attr);
        writer.Write(name + ".readable", s.CheckedReadLimit);
        writer.Write(name + ".writable", s.CheckedWriteLimit);
    }

    /// <summary>
    /// The hidden part as it was: the checked limits are the highest offsets the access rights allow
    /// (-1: every access takes the full check), never more than the 4 GiB offset space.
    /// </summary>
    private static SegmentCache LoadSegment(StateSection s, string name) => new()
    {
        Selector = s.GetUInt16(name + ".selector"),
        Base = (uint)s.GetInt64(name + ".base", 0, uint.MaxValue),
        Limit = (uint)s.GetInt64(name + ".limit", 0, uint.MaxValue),
        Attr = s.GetUInt16(name + ".attr"),
        CheckedReadLimit = s.GetInt64(name + ".readable", -1, uint.MaxValue),
        CheckedWriteLimit = s.GetInt64(name + ".writable", -1, uint.MaxValue),
    };
}

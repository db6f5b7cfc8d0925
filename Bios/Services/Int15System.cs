using Emu.Bios.Rom;
using Emu.Bios.Structures;
using Emu.Core.Memory;
using Emu.Core.Timing;

namespace Emu.Bios.Services;

/// <summary>
/// INT 15h system services (pc-platform-bios.md 4.5, memory sizes 1.4, E820 map 1.5). Unknown
/// functions return CF=1, AH=86h with AL unchanged (SeaBIOS). AX=E980h (the Intel SpeedStep
/// query every Linux boot makes) gets the same answer without a warning: SeaBIOS has no such
/// service either, so that answer is the complete behaviour. The waits (83h, 86h) run on
/// virtual time: 86h keeps the caller in the ROM's STI/HLT loop until its deadline, so timer
/// and keyboard interrupts keep running meanwhile.
/// </summary>
public sealed class Int15System : BiosInterruptHandler
{
    private const byte Unsupported86 = 0x86;
    private const ushort Port92 = 0x92;
    private const uint Smap = 0x534D4150;

    private readonly TimerEvent _waitTimer;
    private readonly TimerEvent _intervalTimer;
    private readonly (ulong Base, ulong Length, uint Type)[] _e820;
    private long _waitDeadline = -1;

    public Int15System(BiosContext context)
        : base(context)
    {
        _waitTimer = new TimerEvent("bios-wait", _ => Context.WakeCpu?.Invoke());
        _intervalTimer = new TimerEvent("bios-interval", _ => IntervalExpired());
        _e820 = BuildMemoryMap(context.Memory.RamSize);
        Register(0x24, A20Gate);
        Register(0x4F, () => { });
        Register(0x83, SetInterval);
        Register(0x86, Wait);
        Register(0x87, BlockMove);
        Register(0x88, ExtendedMemorySize);
        Register(0x90, DeviceBusy);
        Register(0x91, DeviceBusy);
        Register(0xC0, ConfigurationTable);
        Register(0xC1, EbdaSegment);
        Register(0xE8, MemoryMapFunctions);
        Register(0xE9, () => Context.Fail(Unsupported86));
    }

    public override byte Vector => 0x15;

    /// <summary>The E820 entries for this machine's RAM (exposed for tests and for the firmware docs).</summary>
    public IReadOnlyList<(ulong Base, ulong Length, uint Type)> MemoryMap => _e820;

    /// <summary>The service waits in the ROM (STI; HLT; retry) while <see cref="BiosContext.RequestRetry"/> says so.</summary>
    public override ushort WriteStub(StubWriter writer) => WriteWaitingStub(writer);

    /// <summary>The map of pc-platform-bios.md 1.5: low RAM, EBDA, BIOS, RAM above 1 MiB, 128 KiB reserved at the top, flash.</summary>
    public static (ulong Base, ulong Length, uint Type)[] BuildMemoryMap(int ramBytes)
    {
        ulong ram = (ulong)ramBytes;
        return
        [
            (0, BiosLayout.EbdaBase, 1),
            (BiosLayout.EbdaBase, 0x400, 2),
            (0xF0000, 0x10000, 2),
            (0x100000, ram - 0x100000 - 0x20000, 1),
            (ram - 0x20000, 0x20000, 2),
            (0xFFFC0000, 0x40000, 2),
        ];
    }

    protected override void Unsupported(byte function)
    {
        WarnOnce(function);
        Context.Fail(Unsupported86);
    }

    /// <summary>AX=2400h/2401h/2402h/2403h: A20 through port 92h (disable, enable, query in AL, support BX=3).</summary>
    private void A20Gate()
    {
        byte port92 = Context.Io.ReadByte(Port92);
        switch (Cpu.AL)
        {
            case 0x00:
                Context.Io.WriteByte(Port92, (byte)(port92 & ~0x03));
                break;
            case 0x01:
                Context.Io.WriteByte(Port92, (byte)((port92 & ~0x01) | 0x02));
                break;
            case 0x02:
                Cpu.AL = (byte)((port92 >> 1) & 1);
                break;
            case 0x03:
                Cpu.BX = 0x0003;
                break;
            default:
                Context.Fail(Unsupported86);
                return;
        }

        Cpu.AH = 0;
        Context.SetCarry(false);
    }

    /// <summary>AH=83h: AL=00h sets a CX:DX µs interval whose end sets bit 7 of the byte at ES:BX; AL=01h cancels.</summary>
    private void SetInterval()
    {
        BiosDataArea bda = Context.Bda;
        if (Cpu.AL == 0x01)
        {
            Context.Scheduler.Cancel(_intervalTimer);
            bda.Write8(BiosDataArea.WaitActive, 0);
            Context.SetCarry(false);
            return;
        }

        if ((bda.Read8(BiosDataArea.WaitActive) & 1) != 0 || _waitDeadline >= 0)
        {
            Context.Fail(0x86);
            return;
        }

        uint microseconds = ((uint)Cpu.CX << 16) | Cpu.DX;
        bda.Write16(BiosDataArea.WaitFlagPointer, Cpu.BX);
        bda.Write16(BiosDataArea.WaitFlagPointer + 2, Cpu.ES);
        bda.Write32(BiosDataArea.WaitCount, microseconds);
        bda.Write8(BiosDataArea.WaitActive, 1);
        Context.Scheduler.ScheduleIn(_intervalTimer, microseconds * 1000L);
        Context.SetCarry(false);
    }

    private void IntervalExpired()
    {
        BiosDataArea bda = Context.Bda;
        uint flag = BiosContext.Linear(bda.Read16(BiosDataArea.WaitFlagPointer + 2), bda.Read16(BiosDataArea.WaitFlagPointer));
        Context.Memory.Write8(flag, (byte)(Context.Memory.Read8(flag) | 0x80));
        bda.Write8(BiosDataArea.WaitActive, 0);
        bda.Write32(BiosDataArea.WaitCount, 0);
    }

    /// <summary>AH=86h: waits CX:DX µs with interrupts enabled; CF=0, AH unchanged. A pending 83h interval: CF=1, AH=83h.</summary>
    private void Wait()
    {
        long now = Context.Scheduler.Now;
        if (_waitDeadline < 0)
        {
            if ((Context.Bda.Read8(BiosDataArea.WaitActive) & 1) != 0)
            {
                Context.Fail(0x83);
                return;
            }

            uint microseconds = ((uint)Cpu.CX << 16) | Cpu.DX;
            _waitDeadline = now + (microseconds * 1000L);
            Context.Scheduler.Schedule(_waitTimer, _waitDeadline);
        }

        if (now < _waitDeadline)
        {
            Context.RequestRetry();
            return;
        }

        _waitDeadline = -1;
        Context.SetCarry(false);
    }

    /// <summary>
    /// AH=87h: copies CX words between the source and destination descriptors of the GDT at ES:SI
    /// (24-bit base at +2, bits 31-24 at +7), with A20 on for the copy. AH=00h, CF=0.
    /// </summary>
    private void BlockMove()
    {
        PhysicalMemory memory = Context.Memory;
        uint gdt = BiosContext.Linear(Cpu.ES, Cpu.SI);
        uint source = DescriptorBase(memory, gdt + 0x10);
        uint destination = DescriptorBase(memory, gdt + 0x18);
        int length = Cpu.CX * 2;
        bool a20 = memory.A20Enabled;
        memory.A20Enabled = true;
        if (Disk.GuestTransfer.IsPlainRam(memory, source, length) && Disk.GuestTransfer.IsPlainRam(memory, destination, length))
        {
            memory.Ram.Slice((int)source, length).CopyTo(memory.Ram.Slice((int)destination, length));
            memory.NotifyRamChanged(destination, length);
        }
        else
        {
            for (int i = 0; i < length; i++)
            {
                memory.Write8(destination + (uint)i, memory.Read8(source + (uint)i));
            }
        }

        memory.A20Enabled = a20;
        Cpu.AH = 0;
        Context.SetCarry(false);
    }

    private static uint DescriptorBase(PhysicalMemory memory, uint descriptor) =>
        memory.Read16(descriptor + 2) | ((uint)memory.Read8(descriptor + 4) << 16) | ((uint)memory.Read8(descriptor + 7) << 24);

    /// <summary>AH=88h: AX = KiB above 1 MiB, capped at 63 MiB; CF=0.</summary>
    private void ExtendedMemorySize()
    {
        long kib = (Context.Memory.RamSize / 1024) - 1024;
        Cpu.AX = (ushort)Math.Min(kib, 0xFC00);
        Context.SetCarry(false);
    }

    /// <summary>AH=90h/91h device busy/post: nothing to wait for. AH=00h, CF=0.</summary>
    private void DeviceBusy()
    {
        Cpu.AH = 0;
        Context.SetCarry(false);
    }

    /// <summary>AH=C0h: ES:BX = F000:E6F5, AH=00h, CF=0.</summary>
    private void ConfigurationTable()
    {
        Cpu.ES = BiosLayout.RomSegment;
        Cpu.BX = BiosLayout.ConfigurationTable;
        Cpu.AH = 0;
        Context.SetCarry(false);
    }

    /// <summary>AH=C1h: ES = EBDA segment, CF=0.</summary>
    private void EbdaSegment()
    {
        Cpu.ES = Context.Bda.Read16(BiosDataArea.EbdaSegment);
        Context.SetCarry(false);
    }

    private void MemoryMapFunctions()
    {
        switch (Cpu.AL)
        {
            case 0x01:
                MemorySizes();
                break;
            case 0x20:
                QueryMemoryMap();
                break;
            default:
                Unsupported(0xE8);
                break;
        }
    }

    /// <summary>AX=E801h: AX=CX = KiB between 1 and 16 MiB, BX=DX = 64 KiB blocks above 16 MiB below the reserved top; CF=0.</summary>
    private void MemorySizes()
    {
        long ram = Context.Memory.RamSize;
        long usable = ram - 0x20000;
        ushort low = (ushort)Math.Clamp((Math.Min(usable, 16L << 20) - (1L << 20)) / 1024, 0, 0x3C00);
        ushort high = (ushort)Math.Clamp((usable - (16L << 20)) / 0x10000, 0, 0xFFFF);
        Cpu.AX = low;
        Cpu.CX = low;
        Cpu.BX = high;
        Cpu.DX = high;
        Context.SetCarry(false);
    }

    /// <summary>
    /// AX=E820h: EDX='SMAP', EBX = continuation, ECX = buffer size, ES:DI = buffer. Writes 20
    /// bytes; EAX='SMAP', ECX=20, EBX = next index or 0 after the last, CF=0. Errors: CF=1, AH=86h.
    /// </summary>
    private void QueryMemoryMap()
    {
        uint index = Cpu.EBX;
        if (Cpu.EDX != Smap || Cpu.ECX < 20 || index >= _e820.Length)
        {
            Context.Fail(Unsupported86);
            return;
        }

        (ulong start, ulong length, uint type) = _e820[index];
        uint buffer = BiosContext.Linear(Cpu.ES, Cpu.DI);
        PhysicalMemory memory = Context.Memory;
        memory.Write32(buffer, (uint)start);
        memory.Write32(buffer + 4, (uint)(start >> 32));
        memory.Write32(buffer + 8, (uint)length);
        memory.Write32(buffer + 12, (uint)(length >> 32));
        memory.Write32(buffer + 16, type);
        Cpu.EAX = Smap;
        Cpu.ECX = 20;
        Cpu.EBX = index + 1 < _e820.Length ? index + 1 : 0;
        Context.SetCarry(false);
    }
}

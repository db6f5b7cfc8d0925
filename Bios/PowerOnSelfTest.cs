using Emu.Bios.Acpi;
using Emu.Bios.Clock;
using Emu.Bios.Disk;
using Emu.Bios.Rom;
using Emu.Bios.Services;
using Emu.Bios.Structures;
using Emu.Bios.Video;
using Emu.Core.Io;
using Emu.Core.Memory;

namespace Emu.Bios;

/// <summary>
/// POST, run through the reset vector on every power-on and reset (pc-platform-bios.md 3.3,
/// SeaBIOS <c>maininit</c> order): IVT, BDA and EBDA, port detection, PIC, PIT and RTC set-up,
/// the tick count from the RTC, the keyboard controller, video mode 03h with the banner, disk
/// tables. The chips are programmed through their ports, as a real BIOS does.
/// </summary>
public sealed class PowerOnSelfTest
{
    private readonly BiosContext _context;
    private readonly BiosConfiguration _configuration;
    private readonly Int10Video _video;
    private readonly Int13Disk _disk;
    private readonly ushort[] _vectorOffsets;
    private readonly ushort[] _vectorSegments;

    public PowerOnSelfTest(BiosContext context, BiosConfiguration configuration, Int10Video video, Int13Disk disk, ushort[] vectorSegments, ushort[] vectorOffsets)
    {
        _context = context;
        _configuration = configuration;
        _video = video;
        _disk = disk;
        _vectorSegments = vectorSegments;
        _vectorOffsets = vectorOffsets;
    }

    public void Run()
    {
        PhysicalMemory memory = _context.Memory;
        _video.ServeItself();
        for (int vector = 0; vector < 256; vector++)
        {
            memory.Write16((uint)(vector * 4), _vectorOffsets[vector]);
            memory.Write16((uint)((vector * 4) + 2), _vectorSegments[vector]);
        }

        BiosDataArea bda = _context.Bda;
        bda.Clear();
        SetUpEbda();
        bda.Write16(BiosDataArea.EbdaSegment, BiosLayout.EbdaSegment);
        bda.Write16(BiosDataArea.MemorySizeKiB, 640 - BiosLayout.EbdaKiB);
        bda.Write16(BiosDataArea.KeyboardBufferStart, BiosDataArea.KeyboardBuffer);
        bda.Write16(BiosDataArea.KeyboardBufferEnd, BiosDataArea.KeyboardBuffer + 32);
        bda.Write16(BiosDataArea.KeyboardHead, BiosDataArea.KeyboardBuffer);
        bda.Write16(BiosDataArea.KeyboardTail, BiosDataArea.KeyboardBuffer);
        bda.Write8(BiosDataArea.KeyboardStatus3, 0x10);

        int serialPorts = DetectSerialPorts();
        int parallelPorts = DetectParallelPorts();
        int floppies = _disk.Floppies.Count;
        ushort equipment = (ushort)(0x0001 | 0x0002 | 0x0020 | ((floppies - 1) << 6) | (serialPorts << 9) | (parallelPorts << 14));
        bda.Write16(BiosDataArea.EquipmentWord, equipment);

        // A20 on through port 92h, as SeaBIOS leaves it (pc-platform-bios.md 1.6).
        _context.Io.WriteByte(0x92, 0x02);
        SetUpPic();
        new Pci.PciSetup(_context.Io).Run();
        SetUpPit();
        SetUpRtc();
        SetUpKeyboardController();
        SetUpDisks();
        SetUpAcpi();
        SetUpSmbios();

        if (_configuration.SerialConsole is not null)
        {
            // SeaBIOS's serial console programs COM1 to 8N1 with the FIFO on (src/sercon.c).
            _context.Io.WriteByte(0x3FB, 0x03);
            _context.Io.WriteByte(0x3FA, 0x01);
        }

        SetBootRegisters();
        if (_configuration.VideoRom is { } rom)
        {
            StartVideoRom(rom);
            return;
        }

        _video.InitializeMode3();
        _video.Print(_configuration.Banner + "\r\n\r\n");
    }

    /// <summary>
    /// Copies the video ROM to C0000h and has the POST stub far call its entry with AX = the PCI
    /// bus/devfn and BX = DX = FFFFh (no ISA PnP), as SeaBIOS <c>callrom</c> does.
    /// </summary>
    private void StartVideoRom(VideoOptionRom rom)
    {
        rom.CopyTo(_context.Memory);
        _context.Cpu.AX = (ushort)(rom.PciDevfn ?? 0);
        _context.Cpu.BX = 0xFFFF;
        _context.Cpu.DX = 0xFFFF;
        _context.PassOn();
    }

    /// <summary>
    /// After the video ROM's initialisation: the INT 10h vector it installed becomes the target the
    /// BIOS's own INT 10h passes calls on to, and the vector points at the BIOS again, so the
    /// <c>-nographic</c> mirror sees every call first (SeaBIOS <c>sercon_setup</c>'s split mode).
    /// </summary>
    public void TakeBackVideoInterrupt()
    {
        PhysicalMemory memory = _context.Memory;
        ushort offset = memory.Read16(0x10 * 4);
        ushort segment = memory.Read16((0x10 * 4) + 2);
        if (segment == _vectorSegments[0x10] && offset == _vectorOffsets[0x10])
        {
            _context.Log.Warning?.Invoke("the video ROM did not hook INT 10h; the built-in text service stays");
            return;
        }

        _video.PassOnTo(segment, offset);
        memory.Write16(0x10 * 4, _vectorOffsets[0x10]);
        memory.Write16((0x10 * 4) + 2, _vectorSegments[0x10]);
    }

    /// <summary>The banner once the video ROM has set mode 03h, and the registers INT 19h expects.</summary>
    public void PrintBannerAfterVideoRom()
    {
        _video.Print(_configuration.Banner + "\r\n\r\n");
        SetBootRegisters();
    }

    private void SetBootRegisters()
    {
        _context.Cpu.SS = 0;
        _context.Cpu.SP = BiosLayout.BootStackPointer;
        _context.Cpu.DS = 0;
        _context.Cpu.ES = 0;
    }

    /// <summary>
    /// The ACPI tables that describe the PIIX4 PM block PCI setup mapped at 600h (pc-pci-acpi.md
    /// 2). Without the PM function (the isapc machine) there is no ACPI, as on QEMU's isapc.
    /// </summary>
    private void SetUpAcpi()
    {
        if (!_configuration.Acpi)
        {
            return;
        }

        uint top = (uint)_context.Memory.RamSize - AcpiLayout.ReservedTopBytes;
        Span<byte> rsdp = _context.Memory.GetRomSpan(BiosLayout.RomBase + AcpiLayout.RsdpRomOffset)[..AcpiTables.RsdpLength];
        AcpiPlacement placement = AcpiTables.Build(_context.Memory.RamForWrite(top, AcpiLayout.ReservedTopBytes), top, rsdp);
        _context.Log.Trace?.Invoke($"ACPI tables at {top:X8}+{placement.Used:X}, RSDP at {BiosLayout.RomBase + AcpiLayout.RsdpRomOffset:X5}");
    }

    /// <summary>
    /// The SMBIOS entry point and structures (SmbiosTables), both in the F segment where an OS scans
    /// for "_SM_" (DSP0134 5.2.1), as SeaBIOS puts a small table there too.
    /// </summary>
    private void SetUpSmbios()
    {
        if (_configuration.Smbios is not { } bios)
        {
            return;
        }

        byte[] table = Smbios.SmbiosTables.Build(_context.Memory.RamSize, Emu.Core.Cpu.Cpu.CpuidSignature, Emu.Core.Cpu.Cpu.CpuidFeaturesEdx, bios);
        if (table.Length > AcpiLayout.SmbiosTableMaxLength)
        {
            throw new InvalidOperationException($"the SMBIOS table ({table.Length} bytes) does not fit its ROM area");
        }

        uint tableAddress = BiosLayout.RomBase + AcpiLayout.SmbiosTableRomOffset;
        table.CopyTo(_context.Memory.GetRomSpan(tableAddress));
        Smbios.SmbiosTables.EntryPoint(table, tableAddress).CopyTo(_context.Memory.GetRomSpan(BiosLayout.RomBase + AcpiLayout.SmbiosEntryRomOffset));
    }

    private void SetUpEbda()
    {
        PhysicalMemory memory = _context.Memory;
        for (uint i = 0; i < BiosLayout.EbdaKiB * 1024; i++)
        {
            memory.Write8(BiosLayout.EbdaBase + i, 0);
        }

        memory.Write8(BiosLayout.EbdaBase, BiosLayout.EbdaKiB);
    }

    /// <summary>SeaBIOS <c>detect_serial</c>: IER must read back 02h and the THR-empty interrupt must show in IIR.</summary>
    private int DetectSerialPorts()
    {
        IoBus io = _context.Io;
        ushort[] candidates = [0x3F8, 0x2F8, 0x3E8, 0x2E8];
        int count = 0;
        foreach (ushort port in candidates)
        {
            io.WriteByte((ushort)(port + 1), 0x02);
            bool present = io.ReadByte((ushort)(port + 1)) == 0x02 && (io.ReadByte((ushort)(port + 2)) & 0x3F) == 0x02;
            io.WriteByte((ushort)(port + 1), 0x00);
            if (present)
            {
                _context.Bda.Write16(BiosDataArea.ComPorts + (count * 2), port);
                _context.Bda.Write8(BiosDataArea.ComTimeouts + count, 0x0A);
                count++;
            }
        }

        return count;
    }

    /// <summary>SeaBIOS <c>detect_parport</c>: a byte written to the data port must read back.</summary>
    private int DetectParallelPorts()
    {
        IoBus io = _context.Io;
        ushort[] candidates = [0x378, 0x278];
        int count = 0;
        foreach (ushort port in candidates)
        {
            io.WriteByte(port, 0xAA);
            if (io.ReadByte(port) == 0xAA)
            {
                _context.Bda.Write16(BiosDataArea.LptPorts + (count * 2), port);
                _context.Bda.Write8(BiosDataArea.LptTimeouts + count, 0x14);
                count++;
            }
        }

        return count;
    }

    /// <summary>ICW1-4 for master (vectors 08h) and slave (70h), then masks B8h/8Eh (SeaBIOS <c>pic_setup</c>, observed masks).</summary>
    private void SetUpPic()
    {
        IoBus io = _context.Io;
        io.WriteByte(0x20, 0x11);
        io.WriteByte(0x21, 0x08);
        io.WriteByte(0x21, 0x04);
        io.WriteByte(0x21, 0x01);
        io.WriteByte(0xA0, 0x11);
        io.WriteByte(0xA1, 0x70);
        io.WriteByte(0xA1, 0x02);
        io.WriteByte(0xA1, 0x01);
        io.WriteByte(0x21, 0xB8);
        io.WriteByte(0xA1, 0x8E);
    }

    /// <summary>Counter 0, mode 2, LSB/MSB, count 0 (65536): IRQ0 at 18.2065 Hz.</summary>
    private void SetUpPit()
    {
        IoBus io = _context.Io;
        io.WriteByte(0x43, 0x34);
        io.WriteByte(0x40, 0x00);
        io.WriteByte(0x40, 0x00);
    }

    /// <summary>Register A = 26h, B = 02h (24 h, BCD); the tick count from the time of day (SeaBIOS <c>clock_setup</c>).</summary>
    private void SetUpRtc()
    {
        CmosPorts cmos = new(_context.Io);
        cmos.Write(CmosPorts.StatusA, 0x26);
        cmos.Write(CmosPorts.StatusB, 0x02);
        cmos.Read(CmosPorts.StatusC);
        int seconds = CmosPorts.FromBcd(cmos.Read(CmosPorts.Seconds));
        int minutes = CmosPorts.FromBcd(cmos.Read(CmosPorts.Minutes));
        int hours = CmosPorts.FromBcd(cmos.Read(CmosPorts.Hours));
        if (seconds > 59 || minutes > 59 || hours > 23)
        {
            return;
        }

        long ms = ((hours * 3600L) + (minutes * 60L) + seconds) * 1000;
        long pmTicks = ((ms * 3_579_545) + 65_535) / 65_536;
        uint ticks = (uint)((pmTicks + 2_999) / 3_000);
        _context.Bda.Write32(BiosDataArea.TimerTicks, ticks);
    }

    /// <summary>i8042 command byte 61h: IRQ1 on, mouse off, translation on (observed at boot).</summary>
    private void SetUpKeyboardController()
    {
        IoBus io = _context.Io;
        io.WriteByte(0x64, 0x60);
        io.WriteByte(0x60, 0x61);
    }

    private void SetUpDisks()
    {
        BiosDataArea bda = _context.Bda;
        bda.Write8(BiosDataArea.HardDiskCount, (byte)_disk.HardDisks.Count);
        bda.Write8(BiosDataArea.HardDiskControl, 0xC0);
        PhysicalMemory memory = _context.Memory;
        for (int i = 0; i < Math.Min(2, _disk.HardDisks.Count); i++)
        {
            ushort offset = i == 0 ? BiosLayout.EbdaFdpt0 : BiosLayout.EbdaFdpt1;
            DiskTables.WriteFdpt(memory, BiosLayout.EbdaBase + offset, _disk.HardDisks[i]);
            int vector = i == 0 ? 0x41 : 0x46;
            memory.Write16((uint)(vector * 4), offset);
            memory.Write16((uint)((vector * 4) + 2), BiosLayout.EbdaSegment);
        }

        _disk.FloppyController.Post();
        if (_disk.Floppies.Count > 0 && _disk.Floppies[0].Floppy is { } a)
        {
            bda.Write8(BiosDataArea.FloppyDriveInfo, 0x07);
            bda.Write8(BiosDataArea.FloppyMediaState, a.MediaState);
            bda.Write8(BiosDataArea.FloppyRecalibrate, 0x01);
        }
    }
}

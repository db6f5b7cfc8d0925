using Emu.Bios.Disk;
using Emu.Bios.Rom;
using Emu.Bios.Services;
using Emu.Bios.Structures;
using Emu.Core.Cpu;

namespace Emu.Bios.Boot;

/// <summary>
/// The boot list walk of SeaBIOS's INT 19h/18h (pc-platform-bios.md 4.8): each entry prints its
/// line and is tried; a failure prints the reason and moves on; when every entry failed,
/// 'No bootable device.' Loads the boot sector at 0000:7C00 (or an El Torito boot image,
/// ide-atapi-bios.md C.10) and sets up the hand-off state of 3.2 (AX=AA55h, DL = drive,
/// segments 0, IF=1), leaving the entry point on the boot stack for the INT 19h stub's RETF.
/// </summary>
public sealed class BootSequence
{
    private readonly BiosContext _context;
    private readonly Int10Video _video;
    private readonly Int13Disk _disk;
    private readonly IReadOnlyList<BootDevice> _order;
    private int _next;

    public BootSequence(BiosContext context, Int10Video video, Int13Disk disk, IReadOnlyList<BootDevice> order)
    {
        _context = context;
        _video = video;
        _disk = disk;
        _order = order;
    }

    /// <summary>CMOS 38h bit 0 clear: check 55AAh on floppies too (QEMU default; <c>-no-fd-bootchk</c> turns it off).</summary>
    public bool CheckFloppySignature { get; set; } = true;

    /// <summary>
    /// Whether the machine has a CD-ROM drive (QEMU's <c>pc</c> has an empty one unless
    /// <c>-nodefaults</c>); the first drive INT 13h knows (E0h) is the one booted.
    /// </summary>
    public bool HasCdromDrive { get; set; }

    /// <summary>The kernel the <see cref="BootDevice.LinuxKernel"/> entry boots.</summary>
    public LinuxKernel? Kernel { get; set; }

    /// <summary>Whether the loaded image is entered with IF=1 (boot sectors) or IF=0 (a Linux kernel, boot.rst).</summary>
    public bool EntryInterruptsEnabled { get; private set; } = true;

    /// <summary>True once every entry failed.</summary>
    public bool Exhausted { get; private set; }

    /// <summary>INT 19h: start over at the first entry.</summary>
    public void Restart()
    {
        _next = 0;
        Exhausted = false;
    }

    /// <summary>Tries entries from the current position; true when a boot sector is loaded and the registers are set.</summary>
    public bool TryBoot()
    {
        while (_next < _order.Count)
        {
            BootDevice device = _order[_next++];
            if (TryDevice(device))
            {
                return true;
            }
        }

        Exhausted = true;
        _video.Print("No bootable device.\r\n");
        return false;
    }

    private bool TryDevice(BootDevice device)
    {
        EntryInterruptsEnabled = true;
        switch (device)
        {
            case BootDevice.LinuxKernel:
                return TryKernel();
            case BootDevice.Floppy:
                _video.Print("Booting from Floppy...\r\n");
                return TryDisk(_disk.Find(0x00), CheckFloppySignature);
            case BootDevice.HardDisk:
                _video.Print("Booting from Hard Disk...\r\n");
                return TryDisk(_disk.Find(0x80), checkSignature: true);
            default:
                if (!HasCdromDrive)
                {
                    return false;
                }

                _video.Print("Booting from DVD/CD...\r\n");
                return TryCdrom(_disk.Find(Int13Disk.FirstCdromNumber));
        }
    }

    private bool TryKernel()
    {
        if (Kernel is null)
        {
            return false;
        }

        _video.Print("Booting from ROM...\r\n");
        string? error = LinuxKernelLoader.Load(Kernel, _context.Memory);
        if (error is not null)
        {
            _context.Log.Warning?.Invoke($"-kernel: {error}");
            _video.Print($"Boot failed: {error}\r\n");
            return false;
        }

        // boot.rst "Running the kernel": segments at the real-mode code, SP at the heap's top, CS = base + 20h.
        ICpuRegisters cpu = _context.Cpu;
        ushort segment = (ushort)(LinuxKernelLoader.RealModeAddress >> 4);
        cpu.EAX = 0;
        cpu.EBX = 0;
        cpu.ECX = 0;
        cpu.EDX = 0;
        cpu.ESI = 0;
        cpu.EDI = 0;
        cpu.EBP = 0;
        cpu.DS = segment;
        cpu.ES = segment;
        cpu.FS = segment;
        cpu.GS = segment;
        cpu.SS = segment;
        ushort sp = LinuxKernelLoader.StackPointer - 4;
        _context.Memory.Write16(LinuxKernelLoader.RealModeAddress + sp, 0);
        _context.Memory.Write16(LinuxKernelLoader.RealModeAddress + sp + 2u, (ushort)(segment + 0x20));
        cpu.ESP = sp;
        EntryInterruptsEnabled = false;
        return true;
    }

    private bool TryCdrom(BiosDrive? drive)
    {
        _disk.CdBoot = null;
        int code = ElToritoLoader.NoMedium;
        ElToritoBoot? boot = null;
        if (drive is not null)
        {
            code = ElToritoLoader.Load(drive, drive.Number, _context.Memory, out boot);
        }

        if (boot is null)
        {
            _video.Print($"Boot failed: Could not read from CDROM (code {code:x4})\r\n");
            return false;
        }

        _disk.CdBoot = boot;
        if (boot.Emulating)
        {
            CountEmulatedDrive(boot);
        }

        // SeaBIOS canonicalises the entry to a 4K-aligned segment (C.10 item 4: 07C0:0000 runs as 0000:7C00).
        ushort segment = (ushort)(boot.LoadSegment & 0xF000);
        ushort offset = (ushort)((boot.LoadSegment & 0x0FFF) << 4);
        HandOff(boot.EmulatedDrive, segment, offset);
        return true;
    }

    /// <summary>
    /// SeaBIOS <c>cdrom_boot</c>: an emulated floppy sets equipment bits 0 and 6 (a floppy, two
    /// drives) whatever drives exist; an emulated hard disk adds one to the BDA disk count.
    /// </summary>
    private void CountEmulatedDrive(ElToritoBoot boot)
    {
        BiosDataArea bda = _context.Bda;
        if (boot.EmulatedDrive < 0x80)
        {
            bda.Write16(BiosDataArea.EquipmentWord, (ushort)(bda.Read16(BiosDataArea.EquipmentWord) | 0x41));
        }
        else
        {
            bda.Write8(BiosDataArea.HardDiskCount, (byte)(bda.Read8(BiosDataArea.HardDiskCount) + 1));
        }
    }

    private bool TryDisk(BiosDrive? drive, bool checkSignature)
    {
        if (drive is null || _disk.ReadBootSector(drive) != DiskStatus.Success)
        {
            _video.Print("Boot failed: could not read the boot disk\r\n\r\n");
            return false;
        }

        if (checkSignature && _context.Memory.Read16(BiosLayout.BootAddress + 510) != 0xAA55)
        {
            _video.Print("Boot failed: not a bootable disk\r\n\r\n");
            return false;
        }

        HandOff(drive.Number, 0, (ushort)BiosLayout.BootAddress);
        return true;
    }

    /// <summary>Sets the hand-off registers and pushes the far entry point the INT 19h stub's RETF pops.</summary>
    private void HandOff(byte driveNumber, ushort segment, ushort offset)
    {
        ICpuRegisters cpu = _context.Cpu;
        cpu.EAX = 0xAA55;
        cpu.EBX = 0;
        cpu.ECX = 0;
        cpu.EDX = driveNumber;
        cpu.ESI = 0;
        cpu.EDI = 0;
        cpu.EBP = 0;
        cpu.DS = 0;
        cpu.ES = 0;
        cpu.FS = 0;
        cpu.GS = 0;
        cpu.SS = 0;
        uint stack = BiosLayout.BootStackPointer - 4;
        _context.Memory.Write16(stack, offset);
        _context.Memory.Write16(stack + 2, segment);
        cpu.ESP = stack;
    }
}

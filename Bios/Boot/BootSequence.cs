using Emu.Bios.Disk;
using Emu.Bios.Rom;
using Emu.Bios.Services;
using Emu.Core.Cpu;

namespace Emu.Bios.Boot;

/// <summary>
/// The boot list walk of SeaBIOS's INT 19h/18h (pc-platform-bios.md 4.8): each entry prints its
/// line and is tried; a failure prints the reason and moves on; when every entry failed,
/// 'No bootable device.' Loads the boot sector at 0000:7C00 and sets up the hand-off state of
/// 3.2 (AX=AA55h, DL = drive, segments 0, IF=1).
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

    /// <summary>Whether the machine has a CD-ROM drive (QEMU's <c>pc</c> has an empty one unless <c>-nodefaults</c>).</summary>
    public bool HasCdromDrive { get; set; }

    /// <summary>Whether a disc is in it (booting it needs El Torito, which this BIOS does not provide).</summary>
    public bool CdromHasMedium { get; set; }

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
        switch (device)
        {
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
                _video.Print(CdromHasMedium
                    ? "Boot failed: CD-ROM boot (El Torito) is not supported by this BIOS\r\n"
                    : "Boot failed: Could not read from CDROM (code 0003)\r\n");
                return false;
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

        HandOff(drive.Number);
        return true;
    }

    private void HandOff(byte driveNumber)
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
        cpu.ESP = BiosLayout.BootStackPointer;
    }
}

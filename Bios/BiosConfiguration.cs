using Emu.Devices.Storage;

namespace Emu.Bios;

/// <summary>What the HLE BIOS is told about the machine when it is built (SeaBIOS learns the same from fw_cfg and CMOS).</summary>
public sealed class BiosConfiguration
{
    /// <summary>QEMU <c>-boot</c> order letters ("cad" when not given).</summary>
    public string BootOrder { get; init; } = Boot.BootOrder.QemuDefault;

    /// <summary>QEMU <c>-kernel</c>/<c>-initrd</c>/<c>-append</c>: booted before the boot order's devices.</summary>
    public Boot.LinuxKernel? Kernel { get; init; }

    /// <summary>False with QEMU's <c>-no-fd-bootchk</c>.</summary>
    public bool CheckFloppySignature { get; init; } = true;

    /// <summary>Floppy drives A: and B: (A: always exists on QEMU's <c>pc</c>; null = empty A:).</summary>
    public BlockDrive? FloppyA { get; init; }

    public BlockDrive? FloppyB { get; init; }

    /// <summary>Hard disks in BIOS order (80h, 81h, ...): IDE disks by index.</summary>
    public IReadOnlyList<BlockDrive> HardDisks { get; init; } = [];

    /// <summary>
    /// The IDENTIFY DEVICE words of a hard disk's device: with it the BIOS takes each disk's
    /// geometry from IDENTIFY and CMOS 39h as SeaBIOS does (<see cref="Disk.HardDiskProbe"/>).
    /// Null for a BIOS without a disk controller (tests): the disk model's defaults are assumed.
    /// </summary>
    public Func<BlockDrive, ushort[]>? IdentifyHardDisk { get; init; }

    /// <summary>QEMU's <c>bios-geometry</c> fw_cfg file: the lcyls/lheads/lsecs of a disk, by IDE index (channel × 2 + unit).</summary>
    public IReadOnlyDictionary<int, ChsGeometry> BiosGeometry { get; init; } = new Dictionary<int, ChsGeometry>();

    /// <summary>Whether the machine has a CD-ROM drive (QEMU's <c>pc</c> has an empty one unless <c>-nodefaults</c>).</summary>
    public bool HasCdromDrive { get; init; }

    /// <summary>IDE CD-ROM drives by index, numbered E0h, E1h, ... by INT 13h (empty drives included).</summary>
    public IReadOnlyList<BlockDrive> Cdroms { get; init; } = [];

    /// <summary>
    /// The serial console of <c>-nographic</c>: INT 10h text is mirrored here as an ANSI stream
    /// (pc-platform-bios.md 6.1). Null for <c>-display none</c>.
    /// </summary>
    public Action<byte>? SerialConsole { get; init; }

    /// <summary>
    /// The display card's video BIOS, which POST runs from C0000h (then INT 10h is the card's, with
    /// the mirror first in the chain); null without a card or a ROM: the built-in text service.
    /// </summary>
    public Video.VideoOptionRom? VideoRom { get; init; }

    /// <summary>The machine has the PIIX4 ACPI/PM function (pc, not isapc): POST builds the ACPI tables that describe it.</summary>
    public bool Acpi { get; init; }

    /// <summary>
    /// The machine gives SMBIOS tables (pc, as QEMU's; null on isapc): POST writes the entry point and
    /// the structures, with this type 0, into the F segment.
    /// </summary>
    public Smbios.SmbiosBiosInformation? Smbios { get; init; }

    /// <summary>The first line POST prints.</summary>
    public string Banner { get; init; } = "Emu BIOS (HLE)";
}

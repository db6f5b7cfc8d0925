using Emu.Bios.Disk;
using Emu.Bios.Rom;
using Emu.Bios.Structures;
using Emu.Devices.Block;
using Emu.Devices.Storage;

namespace Emu.Bios.Services;

/// <summary>
/// INT 13h disk services on the drive objects, with SeaBIOS's register contracts
/// (pc-platform-bios.md 4.3 for floppies, ide-atapi-bios.md C.5-C.8 for hard disks).
/// Floppies accept only AH=00h-05h, 08h, 15h, 16h, as SeaBIOS's <c>floppy_13</c>. Requests are
/// checked against the drive geometry before any transfer; data moves straight between the
/// image and guest RAM. The last status is kept per drive class in the BDA (0441h floppies,
/// 0474h hard disks). While an El Torito floppy or hard disk is emulated, its number reaches
/// the emulated drive and the real drives of its class answer one number up (SeaBIOS
/// <c>handle_13</c>; Int13DiskEmulated.cs).
/// </summary>
public sealed partial class Int13Disk : BiosInterruptHandler
{
    /// <summary>The BIOS number of the first CD-ROM drive (SeaBIOS EXTSTART_CD).</summary>
    public const byte FirstCdromNumber = 0xE0;

    private const byte FloppyMotorTicks = 0x25;

    private readonly List<BiosDrive> _floppies = [];
    private readonly List<BiosDrive> _hardDisks = [];
    private readonly List<BiosDrive> _cdroms = [];
    private BiosDrive? _drive;

    /// <summary>The floppy controller as SeaBIOS leaves it (the transfers themselves read the images directly).</summary>
    public FloppyControllerSetup FloppyController { get; }

    public Int13Disk(BiosContext context)
        : base(context)
    {
        FloppyController = new FloppyControllerSetup(context.Io);
        Register(0x00, Reset);
        Register(0x01, GetLastStatus);
        Register(0x02, () => ChsAccess(DiskOperation.Read));
        Register(0x03, () => ChsAccess(DiskOperation.Write));
        Register(0x04, () => ChsAccess(DiskOperation.Verify));
        Register(0x05, FormatTrack);
        Register(0x08, GetParameters);
        Register(0x0C, Seek);
        Register(0x0D, Succeed);
        Register(0x10, Succeed);
        Register(0x11, Succeed);
        Register(0x14, Succeed);
        Register(0x15, GetDiskType);
        Register(0x16, ChangeLineStatus);
        Register(0x41, ExtensionsCheck);
        Register(0x42, () => ExtendedAccess(DiskOperation.Read));
        Register(0x43, () => ExtendedAccess(DiskOperation.Write));
        Register(0x44, () => ExtendedAccess(DiskOperation.Verify));
        Register(0x47, ExtendedSeek);
        Register(0x48, ExtendedParameters);
        Register(0x4B, ElToritoStatus);
    }

    private enum DiskOperation
    {
        Read,
        Write,
        Verify,
    }

    public override byte Vector => 0x13;

    public IReadOnlyList<BiosDrive> Floppies => _floppies;

    public IReadOnlyList<BiosDrive> HardDisks => _hardDisks;

    /// <summary>CD-ROM drives, addressed as E0h, E1h, ... with 2048-byte EDD sectors (ide-atapi-bios.md C.10 item 6).</summary>
    public IReadOnlyList<BiosDrive> Cdroms => _cdroms;

    /// <summary>The El Torito boot in effect (AH=4Bh reports it), null when the machine did not boot from a CD.</summary>
    public ElToritoBoot? CdBoot { get; set; }

    /// <summary>Where AH=48h puts the DPTE (a BIOS-private spot in the EBDA).</summary>
    public static ushort DpteOffset => 0x0080;

    public void AddFloppy(BiosDrive drive) => _floppies.Add(drive);

    public void AddHardDisk(BiosDrive drive) => _hardDisks.Add(drive);

    public void AddCdrom(BiosDrive drive) => _cdroms.Add(drive);

    public BiosDrive? Find(byte number)
    {
        if (number < 0x80)
        {
            return number < _floppies.Count ? _floppies[number] : null;
        }

        if (number >= FirstCdromNumber)
        {
            int cd = number - FirstCdromNumber;
            return cd < _cdroms.Count ? _cdroms[cd] : null;
        }

        int index = number - 0x80;
        return index < _hardDisks.Count ? _hardDisks[index] : null;
    }

    /// <summary>Reads the boot sector of <paramref name="drive"/> to 0000:7C00 (INT 19h); returns the status.</summary>
    public byte ReadBootSector(BiosDrive drive) => Transfer(drive, 0, 1, BiosLayout.BootAddress, DiskOperation.Read, checkDmaBoundary: false);

    public override void Handle()
    {
        byte function = Cpu.AH;
        if (function == 0x4B)
        {
            // SeaBIOS answers AH=4Bh before looking at DL (any drive number).
            ElToritoStatus();
            return;
        }

        byte number = Cpu.DL;
        if (CdBoot is { Emulating: true } emulation)
        {
            if (number == emulation.EmulatedDrive)
            {
                HandleEmulated(emulation);
                return;
            }

            if (number < FirstCdromNumber && ((number ^ emulation.EmulatedDrive) & 0x80) == 0)
            {
                // The emulated drive takes its class's first number; the real ones move up one.
                number--;
            }
        }

        BiosDrive? drive = Find(number);
        _drive = drive;
        if (drive is null && function != 0x00)
        {
            // Absent drive: AH=01h, CF=1 (SeaBIOS; observed for AH=02h/08h/15h on drive 1).
            Finish(Cpu.DL < 0x80, DiskStatus.InvalidParameter);
            return;
        }

        if (drive?.Kind == BiosDriveKind.Floppy && function is not (<= 0x05 or 0x08 or 0x15 or 0x16))
        {
            Finish(true, DiskStatus.InvalidParameter);
            return;
        }

        if (drive?.Kind == BiosDriveKind.Cdrom && function is not (0x00 or 0x01 or 0x41 or 0x42 or 0x44 or 0x47 or 0x48))
        {
            // SeaBIOS cdrom_13: writes and formats answer "write protected"; CHS services
            // (AH=02h, 08h, ...) have no meaning on a 2048-byte-sector drive.
            Finish(false, function is 0x03 or 0x05 or 0x43 ? DiskStatus.WriteProtected : DiskStatus.InvalidParameter);
            return;
        }

        base.Handle();
    }

    protected override void Unsupported(byte function)
    {
        WarnOnce(function);
        Finish(Cpu.DL < 0x80, DiskStatus.InvalidParameter);
    }

    /// <summary>The drive the current call addresses (DL, moved down one past an emulated drive).</summary>
    private BiosDrive Drive => _drive!;

    /// <summary>AH=00h reset: AX=0000, CF=0.</summary>
    private void Reset()
    {
        Cpu.AL = 0;
        Finish(Cpu.DL < 0x80, DiskStatus.Success);
    }

    /// <summary>AH=01h: AH = last status, CF set if it is not zero; AL unchanged.</summary>
    private void GetLastStatus()
    {
        byte status = Context.Bda.Read8(Cpu.DL < 0x80 ? BiosDataArea.FloppyLastStatus : BiosDataArea.HardDiskLastStatus);
        Cpu.AH = status;
        Context.SetCarry(status != 0);
    }

    private void Succeed() => Finish(Drive.Kind == BiosDriveKind.Floppy, DiskStatus.Success);

    /// <summary>AH=05h format track: accepted without change on a writable medium.</summary>
    private void FormatTrack()
    {
        BiosDrive drive = Drive;
        byte status = drive.Medium is null ? DiskStatus.ControllerFailure
            : drive.Medium.IsReadOnly ? DiskStatus.WriteProtected
            : DiskStatus.Success;
        Finish(drive.Kind == BiosDriveKind.Floppy, status);
    }

    /// <summary>AH=0Ch seek: CH/CL cylinder, DH head; checked like a read.</summary>
    private void Seek()
    {
        ChsGeometry g = Drive.Logical;
        int cylinder = Cpu.CH | ((Cpu.CL & 0xC0) << 2);
        bool ok = cylinder < g.Cylinders && Cpu.DH < g.Heads;
        Finish(false, ok ? DiskStatus.Success : DiskStatus.InvalidParameter);
    }

    /// <summary>
    /// AH=02h/03h/04h: AL = count, CH = cylinder (CL bits 7-6 = bits 9-8), CL bits 5-0 = sector,
    /// DH = head, ES:BX = buffer. Out: AH = status, AL = sectors transferred, CF.
    /// </summary>
    private void ChsAccess(DiskOperation operation)
    {
        BiosDrive drive = Drive;
        bool floppy = drive.Kind == BiosDriveKind.Floppy;
        ChsGeometry g = drive.Logical;
        int count = Cpu.AL;
        int cylinder = Cpu.CH | ((Cpu.CL & 0xC0) << 2);
        int sector = Cpu.CL & 0x3F;
        int head = Cpu.DH;
        if (count == 0 || count > 128 || sector == 0 || sector > g.Sectors || head >= g.Heads || cylinder >= g.Cylinders)
        {
            Finish(floppy, DiskStatus.InvalidParameter);
            return;
        }

        long lba = ((((long)cylinder * g.Heads) + head) * g.Sectors) + sector - 1;
        uint buffer = BiosContext.Linear(Cpu.ES, Cpu.BX);
        byte status = Transfer(drive, lba, count, buffer, operation, checkDmaBoundary: floppy);
        Cpu.AL = status == DiskStatus.Success ? (byte)count : (byte)0;
        Finish(floppy, status);
    }

    /// <summary>Moves <paramref name="count"/> sectors from <paramref name="lba"/> (in the drive's logical numbering).</summary>
    private byte Transfer(BiosDrive drive, long lba, int count, uint buffer, DiskOperation operation, bool checkDmaBoundary)
    {
        IBlockBackend? medium = drive.Medium;
        if (drive.Kind == BiosDriveKind.Floppy)
        {
            Context.Bda.Write8(BiosDataArea.FloppyMotorCounter, FloppyMotorTicks);
            FloppyController.Use(drive.Number & 1);
        }

        if (medium is null)
        {
            return drive.Kind == BiosDriveKind.Floppy ? DiskStatus.ControllerFailure : DiskStatus.DriveNotReady;
        }

        int sectorSize = drive.SectorSize;
        if (checkDmaBoundary && operation != DiskOperation.Verify && (buffer & 0xFFFF) + ((long)count * sectorSize) > 0x10000)
        {
            // The ISA DMA controller cannot cross a 64 KiB page (src/hw/floppy.c).
            return DiskStatus.DmaBoundary;
        }

        if (operation == DiskOperation.Write && medium.IsReadOnly)
        {
            return DiskStatus.WriteProtected;
        }

        if (drive.Kind == BiosDriveKind.Floppy && drive.Floppy!.Medium != drive.Floppy.Drive)
        {
            return TransferFloppyMedium(drive, medium, lba, count, buffer, operation);
        }

        long total = medium.Length / sectorSize;
        if (lba >= total || count > total - lba)
        {
            return drive.Kind == BiosDriveKind.Floppy ? DiskStatus.ControllerFailure : DiskStatus.SectorNotFound;
        }

        return Move(medium, lba * sectorSize, buffer, count * sectorSize, operation);
    }

    /// <summary>A medium smaller than the drive (720K in a 1.44M drive): each sector is looked up on the medium; the FDC fails outside it.</summary>
    private byte TransferFloppyMedium(BiosDrive drive, IBlockBackend medium, long lba, int count, uint buffer, DiskOperation operation)
    {
        ChsGeometry g = drive.Floppy!.Drive;
        ChsGeometry m = drive.Floppy.Medium;
        for (int pass = 0; pass < 2; pass++)
        {
            for (int i = 0; i < count; i++)
            {
                long l = lba + i;
                int sector = (int)(l % g.Sectors) + 1;
                long track = l / g.Sectors;
                int head = (int)(track % g.Heads);
                long cylinder = track / g.Heads;
                if (sector > m.Sectors || cylinder >= m.Cylinders || head >= m.Heads)
                {
                    return DiskStatus.ControllerFailure;
                }

                long offset = ((((cylinder * m.Heads) + head) * m.Sectors) + sector - 1) * 512;
                if (offset + 512 > medium.Length)
                {
                    return DiskStatus.ControllerFailure;
                }

                if (pass == 1)
                {
                    byte status = Move(medium, offset, buffer + (uint)(i * 512), 512, operation);
                    if (status != DiskStatus.Success)
                    {
                        return status;
                    }
                }
            }
        }

        return DiskStatus.Success;
    }

    private byte Move(IBlockBackend medium, long offset, uint buffer, int length, DiskOperation operation)
    {
        try
        {
            switch (operation)
            {
                case DiskOperation.Read:
                    GuestTransfer.Read(medium, offset, Context.Memory, buffer, length);
                    break;
                case DiskOperation.Write:
                    GuestTransfer.Write(medium, offset, Context.Memory, buffer, length);
                    break;
                default:
                    break;
            }

            return DiskStatus.Success;
        }
        catch (BlockException e)
        {
            Context.Log.Warning?.Invoke($"INT 13h: {e.Message}");
            return e.Error == BlockError.ReadOnly ? DiskStatus.WriteProtected : DiskStatus.ControllerFailure;
        }
    }

    /// <summary>
    /// AH=08h. Floppy: AX=0, BL = drive type, CH/CL = max cylinder/sector, DH = max head,
    /// DL = floppy count, ES:DI = diskette table. Hard disk: CH/CL/DH from the logical geometry
    /// with the last cylinder hidden, DL = disk count; BX and ES:DI unchanged.
    /// </summary>
    private void GetParameters()
    {
        BiosDrive drive = Drive;
        ChsGeometry g = drive.Logical;
        if (drive.Kind == BiosDriveKind.Floppy)
        {
            int maxCylinder = g.Cylinders - 1;
            Cpu.AX = 0;
            Cpu.BL = drive.Floppy!.CmosType;
            Cpu.BH = 0;
            Cpu.CH = (byte)maxCylinder;
            Cpu.CL = (byte)(((maxCylinder >> 2) & 0xC0) | (g.Sectors & 0x3F));
            Cpu.DH = (byte)(g.Heads - 1);
            Cpu.DL = DriveCount(floppy: true);
            Cpu.ES = BiosLayout.RomSegment;
            Cpu.DI = BiosLayout.DisketteTable;
            Finish(true, DiskStatus.Success);
            return;
        }

        int last = Math.Max(0, g.Cylinders - 2);
        Cpu.AL = 0;
        Cpu.CH = (byte)last;
        Cpu.CL = (byte)(((last >> 2) & 0xC0) | (g.Sectors & 0x3F));
        Cpu.DH = (byte)(g.Heads - 1);
        Cpu.DL = DriveCount(floppy: false);
        Finish(false, DiskStatus.Success);
    }

    /// <summary>
    /// AH=08h's drive count (SeaBIOS <c>disk_1308</c>): the floppies found, or the BDA's disk count
    /// (which an emulated hard disk already raised); one more while a drive of that class is
    /// emulated, and at most two floppies.
    /// </summary>
    private byte DriveCount(bool floppy)
    {
        int count = floppy ? _floppies.Count : Context.Bda.Read8(BiosDataArea.HardDiskCount);
        if (CdBoot is { Emulating: true } emulation)
        {
            if ((emulation.EmulatedDrive < 0x80) == floppy)
            {
                count++;
            }

            if (floppy && count > 2)
            {
                count = 2;
            }
        }

        return (byte)count;
    }

    /// <summary>AH=15h. Floppy: AH=01h (no change line), CF=0. Hard disk: AH=03h, CX:DX = sectors with one cylinder hidden.</summary>
    private void GetDiskType()
    {
        BiosDrive drive = Drive;
        if (drive.Kind == BiosDriveKind.Floppy)
        {
            Cpu.AH = 0x01;
            Context.SetCarry(false);
            return;
        }

        ChsGeometry g = drive.Logical;
        uint sectors = (uint)((g.Cylinders - 1) * g.Heads * g.Sectors);
        Cpu.AH = 0x03;
        Cpu.CX = (ushort)(sectors >> 16);
        Cpu.DX = (ushort)sectors;
        Context.Bda.Write8(BiosDataArea.HardDiskLastStatus, 0);
        Context.SetCarry(false);
    }

    /// <summary>AH=16h: SeaBIOS always reports "changed" (06h, CF=1) for floppies.</summary>
    private void ChangeLineStatus()
    {
        BiosDrive drive = Drive;
        Finish(drive.Kind == BiosDriveKind.Floppy, drive.Kind == BiosDriveKind.Floppy ? DiskStatus.MediaChanged : DiskStatus.InvalidParameter);
    }

    /// <summary>AH=41h BX=55AAh: BX=AA55h, CX=0007h (fixed access, removable, EDD), AH=30h (EDD 3.0), CF=0; AL unchanged.</summary>
    private void ExtensionsCheck()
    {
        if (Cpu.BX != 0x55AA)
        {
            Finish(false, DiskStatus.InvalidParameter);
            return;
        }

        Cpu.BX = 0xAA55;
        Cpu.CX = 0x0007;
        Cpu.AH = 0x30;
        Context.Bda.Write8(BiosDataArea.HardDiskLastStatus, 0);
        Context.SetCarry(false);
    }

    /// <summary>
    /// AH=42h/43h/44h: DS:SI = disk address packet (size, 0, count word, buffer offset:segment,
    /// LBA qword; a 64-bit flat buffer at +10h when the pointer is FFFF:FFFF). The count of
    /// sectors moved is written back.
    /// </summary>
    private void ExtendedAccess(DiskOperation operation)
    {
        BiosDrive drive = Drive;
        uint packet = BiosContext.Linear(Cpu.DS, Cpu.SI);
        Core.Memory.PhysicalMemory memory = Context.Memory;
        byte size = memory.Read8(packet);
        ushort count = memory.Read16(packet + 2);
        ushort offset = memory.Read16(packet + 4);
        ushort segment = memory.Read16(packet + 6);
        ulong lba = memory.Read32(packet + 8) | ((ulong)memory.Read32(packet + 12) << 32);
        uint buffer = BiosContext.Linear(segment, offset);
        if (size >= 0x18 && offset == 0xFFFF && segment == 0xFFFF)
        {
            ulong flat = memory.Read32(packet + 0x10) | ((ulong)memory.Read32(packet + 0x14) << 32);
            if (flat > uint.MaxValue)
            {
                memory.Write16(packet + 2, 0);
                Finish(false, DiskStatus.InvalidParameter);
                return;
            }

            buffer = (uint)flat;
        }

        ulong total = (ulong)drive.TotalSectors;
        if (size < 0x10 || lba >= total || count > total - lba)
        {
            memory.Write16(packet + 2, 0);
            Finish(false, DiskStatus.InvalidParameter);
            return;
        }

        if (count == 0)
        {
            Finish(false, DiskStatus.Success);
            return;
        }

        byte status = Transfer(drive, (long)lba, count, buffer, operation, checkDmaBoundary: false);
        memory.Write16(packet + 2, status == DiskStatus.Success ? count : (ushort)0);
        Finish(false, status);
    }

    /// <summary>AH=47h extended seek: the packet's LBA must be inside the disk.</summary>
    private void ExtendedSeek()
    {
        uint packet = BiosContext.Linear(Cpu.DS, Cpu.SI);
        ulong lba = Context.Memory.Read32(packet + 8) | ((ulong)Context.Memory.Read32(packet + 12) << 32);
        Finish(false, lba < (ulong)Drive.TotalSectors ? DiskStatus.Success : DiskStatus.InvalidParameter);
    }

    /// <summary>AH=48h: DS:SI = result buffer whose first word is its size (at least 1Ah).</summary>
    private void ExtendedParameters()
    {
        uint buffer = BiosContext.Linear(Cpu.DS, Cpu.SI);
        bool ok = DiskTables.WriteEddParameters(Context.Memory, buffer, Drive, BiosLayout.EbdaSegment, DpteOffset);
        Finish(false, ok ? DiskStatus.Success : DiskStatus.InvalidParameter);
    }

    /// <summary>
    /// AH=4Bh, any AL and any DL (SeaBIOS <c>cdemu_134b</c>): copies the 13h-byte specification
    /// packet to DS:SI (El Torito 1.0 section 5.3; ide-atapi-bios.md C.10 item 5); AL=00h then
    /// ends a floppy or hard-disk emulation (the packet still shows the media type it had).
    /// AH=00h, CF=0, AL unchanged. Without a CD boot the packet carries only its size.
    /// </summary>
    private void ElToritoStatus()
    {
        ElToritoBoot boot = CdBoot ?? new ElToritoBoot();
        uint packet = BiosContext.Linear(Cpu.DS, Cpu.SI);
        Core.Memory.PhysicalMemory memory = Context.Memory;
        memory.Write8(packet, 0x13);
        memory.Write8(packet + 1, boot.MediaType);
        memory.Write8(packet + 2, boot.EmulatedDrive);
        memory.Write8(packet + 3, boot.ControllerIndex);
        memory.Write32(packet + 4, boot.ImageLba);
        memory.Write16(packet + 8, boot.DeviceSpecification);
        memory.Write16(packet + 0x0A, 0);
        memory.Write16(packet + 0x0C, boot.LoadSegment);
        memory.Write16(packet + 0x0E, boot.SectorCount);
        memory.Write8(packet + 0x10, boot.LastHead);
        memory.Write8(packet + 0x11, boot.SectorsAndCylinderHigh);
        memory.Write8(packet + 0x12, boot.CylinderLow);
        if (Cpu.AL == 0x00)
        {
            // SeaBIOS leaves the drive counts and equipment bits as the boot set them.
            boot.MediaType = 0;
        }

        Finish(Cpu.DL < 0x80, DiskStatus.Success);
    }

    /// <summary>Records the status for AH=01h and returns it in AH with CF.</summary>
    private void Finish(bool floppy, byte status)
    {
        Context.Bda.Write8(floppy ? BiosDataArea.FloppyLastStatus : BiosDataArea.HardDiskLastStatus, status);
        Cpu.AH = status;
        Context.SetCarry(status != DiskStatus.Success);
    }
}

using Emu.Bios.Disk;
using Emu.Bios.Rom;
using Emu.Devices.Block;
using Emu.Devices.Storage;

namespace Emu.Bios.Services;

/// <summary>
/// INT 13h on an El Torito emulated floppy (00h) or hard disk (80h), as SeaBIOS 1.16.2 serves
/// its CD-emulation drive (<c>handle_13</c> → <c>disk_13</c> on <c>DTYPE_CDEMU</c>,
/// <c>cdemu_process_op</c>): only the old services AH=00h-16h exist; CHS requests use the
/// emulated geometry (El Torito 1.0 section 5.3 packet bytes 10h-12h) and read the image's
/// 512-byte sectors out of the CD from its start LBA on; writes and formats answer "write
/// protected"; the rest of the old services succeed without effect.
/// </summary>
public sealed partial class Int13Disk
{
    private void HandleEmulated(ElToritoBoot emulation)
    {
        bool floppy = emulation.EmulatedDrive < 0x80;
        switch (Cpu.AH)
        {
            case 0x00 or 0x09 or 0x0C or 0x0D or 0x10 or 0x11 or 0x14:
                // Reset, ready, seek and the stubs: CMD_RESET/CMD_ISREADY succeed, DISK_STUB succeeds.
                Finish(floppy, DiskStatus.Success);
                break;
            case 0x01:
                GetLastStatus();
                break;
            case 0x02:
                EmulatedChsAccess(emulation, DiskOperation.Read);
                break;
            case 0x03:
                EmulatedChsAccess(emulation, DiskOperation.Write);
                break;
            case 0x04:
                EmulatedChsAccess(emulation, DiskOperation.Verify);
                break;
            case 0x05:
                EmulatedFormat(emulation);
                break;
            case 0x08:
                EmulatedParameters(emulation);
                break;
            case 0x15:
                EmulatedDiskType(emulation);
                break;
            case 0x16:
                Finish(floppy, floppy ? DiskStatus.MediaChanged : DiskStatus.InvalidParameter);
                break;
            default:
                // AH=06h, 07h, 0Ah, ... and every service past 16h: disk_13XX.
                Finish(floppy, DiskStatus.InvalidParameter);
                break;
        }
    }

    /// <summary>AH=02h/03h/04h on the emulated drive (SeaBIOS <c>basic_access</c>): AL = sectors handled.</summary>
    private void EmulatedChsAccess(ElToritoBoot emulation, DiskOperation operation)
    {
        bool floppy = emulation.EmulatedDrive < 0x80;
        ChsGeometry g = emulation.Geometry;
        int count = Cpu.AL;
        int cylinder = Cpu.CH | ((Cpu.CL & 0xC0) << 2);
        int sector = Cpu.CL & 0x3F;
        int head = Cpu.DH;
        if (count == 0 || count > 128 || sector == 0 || cylinder >= g.Cylinders || head >= g.Heads || sector > g.Sectors)
        {
            Finish(floppy, DiskStatus.InvalidParameter);
            return;
        }

        if (operation == DiskOperation.Write)
        {
            // cdemu_process_op refuses writes; process_op reports 0 sectors for a failed request.
            Cpu.AL = 0;
            Finish(floppy, DiskStatus.WriteProtected);
            return;
        }

        if (operation == DiskOperation.Verify)
        {
            // default_process_op: a verify succeeds with AL = the count.
            Finish(floppy, DiskStatus.Success);
            return;
        }

        long lba = ((((long)cylinder * g.Heads) + head) * g.Sectors) + sector - 1;
        long offset = ((long)emulation.ImageLba * 2048) + (lba * 512);
        uint buffer = BiosContext.Linear(Cpu.ES, Cpu.BX);
        IBlockBackend? medium = emulation.Cdrom?.Medium;
        byte status = medium is null || offset + ((long)count * 512) > medium.Length
            ? DiskStatus.MediaTypeNotFound // DISK_RET_EBADTRACK: the ATAPI read failed.
            : Move(medium, offset, buffer, count * 512, DiskOperation.Read);
        Cpu.AL = status == DiskStatus.Success ? (byte)count : (byte)0;
        Finish(floppy, status);
    }

    /// <summary>AH=05h on the emulated drive (SeaBIOS <c>disk_1305</c>): checked like a format, then refused as write protected.</summary>
    private void EmulatedFormat(ElToritoBoot emulation)
    {
        ChsGeometry g = emulation.Geometry;
        bool ok = Cpu.CH < g.Cylinders && Cpu.DH < g.Heads && Cpu.AL != 0 && Cpu.AL <= g.Sectors;
        Finish(emulation.EmulatedDrive < 0x80, ok ? DiskStatus.WriteProtected : DiskStatus.InvalidParameter);
    }

    /// <summary>
    /// AH=08h on the emulated drive (SeaBIOS <c>disk_1308</c>). Floppy: BX = media type × 2,
    /// ES:DI = diskette table. Hard disk: one more cylinder hidden; BX, ES:DI unchanged.
    /// AL=0, CH/CL/DH = last cylinder/sector count/last head, DL = drive count.
    /// </summary>
    private void EmulatedParameters(ElToritoBoot emulation)
    {
        bool floppy = emulation.EmulatedDrive < 0x80;
        ChsGeometry g = emulation.Geometry;
        int last = g.Cylinders - 1;
        if (floppy)
        {
            Cpu.BX = (ushort)(emulation.MediaType * 2);
            Cpu.ES = BiosLayout.RomSegment;
            Cpu.DI = BiosLayout.DisketteTable;
        }
        else
        {
            last--;
        }

        Cpu.AL = 0;
        Cpu.CH = (byte)last;
        Cpu.CL = (byte)(((last >> 2) & 0xC0) | (g.Sectors & 0x3F));
        Cpu.DH = (byte)(g.Heads - 1);
        Finish(floppy, DiskStatus.Success);
        Cpu.DL = DriveCount(floppy);
    }

    /// <summary>AH=15h on the emulated drive (SeaBIOS <c>disk_1315</c>): floppy AH=01h; hard disk AH=03h, CX:DX = sectors less one cylinder.</summary>
    private void EmulatedDiskType(ElToritoBoot emulation)
    {
        bool floppy = emulation.EmulatedDrive < 0x80;
        Finish(floppy, DiskStatus.Success);
        if (floppy)
        {
            Cpu.AH = 0x01;
            return;
        }

        ChsGeometry g = emulation.Geometry;
        uint sectors = (uint)((g.Cylinders - 1) * g.Heads * g.Sectors);
        Cpu.AH = 0x03;
        Cpu.CX = (ushort)(sectors >> 16);
        Cpu.DX = (ushort)sectors;
    }
}

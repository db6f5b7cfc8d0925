using Emu.Core.Memory;
using Emu.Devices.Storage;

namespace Emu.Bios.Disk;

/// <summary>
/// Guest-memory tables that describe hard disks: the Fixed Disk Parameter Table behind INT 41h /
/// INT 46h (ide-atapi-bios.md C.7), the EDD AH=48h result buffer and its DPTE (C.8).
/// </summary>
public static class DiskTables
{
    /// <summary>Writes the 16-byte FDPT of <paramref name="drive"/> at <paramref name="address"/> (standard or translated layout).</summary>
    public static void WriteFdpt(PhysicalMemory memory, uint address, BiosDrive drive)
    {
        ChsGeometry l = drive.Logical;
        ChsGeometry p = drive.Physical;
        byte control = (byte)(0xC0 | (p.Heads > 8 ? 0x08 : 0x00));
        Span<byte> t = stackalloc byte[16];
        t.Clear();
        t[0] = (byte)l.Cylinders;
        t[1] = (byte)(l.Cylinders >> 8);
        t[2] = (byte)l.Heads;
        t[5] = 0xFF;
        t[6] = 0xFF;
        t[8] = control;
        t[0xC] = (byte)p.Cylinders;
        t[0xD] = (byte)(p.Cylinders >> 8);
        t[0xE] = (byte)l.Sectors;
        if (l != p)
        {
            // Phoenix translated layout: A0 signature, physical geometry, checksum.
            t[3] = 0xA0;
            t[4] = (byte)p.Sectors;
            t[9] = (byte)p.Cylinders;
            t[0xA] = (byte)(p.Cylinders >> 8);
            t[0xB] = (byte)p.Heads;
            byte sum = 0;
            for (int i = 0; i < 15; i++)
            {
                sum += t[i];
            }

            t[0xF] = (byte)-sum;
        }

        memory.WriteBlock(address, t);
    }

    /// <summary>
    /// AH=48h: fills the caller's buffer (size in its first word) for a hard disk or CD, with the
    /// DPTE at <paramref name="dpteSegment"/>:<paramref name="dpteOffset"/>. Returns false when the
    /// buffer is smaller than 1Ah bytes.
    /// </summary>
    public static bool WriteEddParameters(PhysicalMemory memory, uint buffer, BiosDrive drive, ushort dpteSegment, ushort dpteOffset)
    {
        ushort size = memory.Read16(buffer);
        if (size < 0x1A)
        {
            return false;
        }

        memory.Write16(buffer, 0x1A);
        if (drive.Kind == BiosDriveKind.Cdrom)
        {
            memory.Write16(buffer + 2, 0x0074);
            memory.Write32(buffer + 4, 0xFFFF_FFFF);
            memory.Write32(buffer + 8, 0xFFFF_FFFF);
            memory.Write32(buffer + 0xC, 0xFFFF_FFFF);
            memory.Write32(buffer + 0x10, 0xFFFF_FFFF);
            memory.Write32(buffer + 0x14, 0xFFFF_FFFF);
            memory.Write16(buffer + 0x18, 0x0800);
        }
        else
        {
            ChsGeometry p = drive.Physical;
            long total = drive.TotalSectors;
            bool tooBig = total > (long)p.Sectors * p.Heads * 0x3FFF;
            memory.Write16(buffer + 2, tooBig ? (ushort)0 : (ushort)2);
            memory.Write32(buffer + 4, tooBig ? 0x3FFFu : (uint)p.Cylinders);
            memory.Write32(buffer + 8, (uint)p.Heads);
            memory.Write32(buffer + 0xC, (uint)p.Sectors);
            memory.Write32(buffer + 0x10, (uint)total);
            memory.Write32(buffer + 0x14, (uint)(total >> 32));
            memory.Write16(buffer + 0x18, 512);
        }

        if (size < 0x1E || drive.IdeIndex < 0)
        {
            return true;
        }

        WriteDpte(memory, BiosContext.Linear(dpteSegment, dpteOffset), drive);
        memory.Write16(buffer + 0x1A, dpteOffset);
        memory.Write16(buffer + 0x1C, dpteSegment);
        memory.Write16(buffer, 0x1E);
        if (size >= 0x42)
        {
            WriteDevicePath(memory, buffer, drive, t13: size == 0x4A);
        }

        return true;
    }

    private static void WriteDpte(PhysicalMemory memory, uint address, BiosDrive drive)
    {
        int channel = drive.IdeIndex / 2;
        bool slave = (drive.IdeIndex & 1) != 0;
        ushort options = 0x0010;
        if (drive.Kind == BiosDriveKind.Cdrom)
        {
            options = 0x0070;
        }
        else if (drive.Translation != ChsTranslation.None)
        {
            options |= 0x0008;
            options |= drive.Translation switch
            {
                ChsTranslation.Lba => 0x0200,
                ChsTranslation.Rechs => 0x0600,
                _ => 0x0000,
            };
        }

        Span<byte> t = stackalloc byte[16];
        t.Clear();
        ushort ioBase = channel == 0 ? (ushort)0x1F0 : (ushort)0x170;
        ushort control = channel == 0 ? (ushort)0x3F6 : (ushort)0x376;
        t[0] = (byte)ioBase;
        t[1] = (byte)(ioBase >> 8);
        t[2] = (byte)control;
        t[3] = (byte)(control >> 8);
        t[4] = (byte)(0xE0 | (slave ? 0x10 : 0x00));
        t[5] = 0xCB;
        t[6] = channel == 0 ? (byte)14 : (byte)15;
        t[7] = 1;
        t[0xA] = (byte)options;
        t[0xB] = (byte)(options >> 8);
        t[0xE] = 0x11;
        byte sum = 0;
        for (int i = 0; i < 15; i++)
        {
            sum += t[i];
        }

        t[0xF] = (byte)-sum;
        memory.WriteBlock(address, t);
    }

    /// <summary>EDD 3.0 device path: key BEDD, "PCI " host bus, "ATA " interface, PIIX3 IDE at 00:01.1.</summary>
    private static void WriteDevicePath(PhysicalMemory memory, uint buffer, BiosDrive drive, bool t13)
    {
        int end = t13 ? 0x4A : 0x42;
        Span<byte> path = stackalloc byte[end - 0x1E];
        path.Clear();
        path[0] = 0xDD;
        path[1] = 0xBE;
        path[2] = t13 ? (byte)0x2C : (byte)0x24;
        "PCI "u8.CopyTo(path[(0x24 - 0x1E)..]);
        "ATA     "u8.CopyTo(path[(0x28 - 0x1E)..]);
        path[0x30 - 0x1E] = 0;
        path[0x31 - 0x1E] = 1;
        path[0x32 - 0x1E] = 1;
        if (t13)
        {
            path[0x33 - 0x1E] = (byte)(drive.IdeIndex / 2);
        }

        path[0x38 - 0x1E] = (byte)(drive.IdeIndex & 1);

        // SeaBIOS leaves the reserved byte before the checksum as the caller had it (measured with
        // QEMU 7.2) and sums it with the rest.
        path[^2] = memory.Read8(buffer + (uint)end - 2);
        byte sum = 0;
        for (int i = 0; i < path.Length - 1; i++)
        {
            sum += path[i];
        }

        path[^1] = (byte)-sum;
        memory.WriteBlock(buffer + 0x1E, path);
    }
}

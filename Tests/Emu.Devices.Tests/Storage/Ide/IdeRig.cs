using Emu.Core.Io;
using Emu.Devices.Storage;
using Emu.Devices.Storage.Ide;
using Emu.Devices.Tests.Misc;
using Emu.TestSupport;

namespace Emu.Devices.Tests.Storage.Ide;

/// <summary>An IDE controller on a port bus with recorded IRQ lines, and helpers that drive it as a guest driver would.</summary>
public sealed class IdeRig
{
    public const ushort Data = 0x1F0;
    public const ushort Error = 0x1F1;
    public const ushort Count = 0x1F2;
    public const ushort SectorReg = 0x1F3;
    public const ushort CylLow = 0x1F4;
    public const ushort CylHigh = 0x1F5;
    public const ushort Device = 0x1F6;
    public const ushort Status = 0x1F7;
    public const ushort Control = 0x3F6;

    public IdeRig()
    {
        Controller = new IdeController(Irqs.Line(14), Irqs.Line(15));
        Controller.Attach(Bus);
    }

    public IoBus Bus { get; } = new();

    public RecordingIrqController Irqs { get; } = new();

    public IdeController Controller { get; }

    /// <summary>Adds a disk of <paramref name="data"/> at IDE index <paramref name="index"/> with the default geometry 16 heads / 63 sectors.</summary>
    public AtaDisk AddDisk(byte[] data, int index = 0, ChsGeometry? geometry = null)
    {
        BlockDrive drive = new($"ide{index / 2}-hd{index % 2}", DriveInterface.Ide, index, DriveMedia.Disk, new MemoryBackend(data));
        ChsGeometry chs = geometry ?? new ChsGeometry((int)Math.Clamp(data.Length / 512 / 1008, 2, 16383), 16, 63);
        AtaDisk disk = new(drive, chs);
        Controller.Attach(index, disk);
        return disk;
    }

    /// <summary>Adds a CD-ROM drive at <paramref name="index"/> holding <paramref name="data"/> (null: empty).</summary>
    public AtapiCdrom AddCdrom(byte[]? data, int index = 2)
    {
        BlockDrive drive = new($"ide{index / 2}-cd{index % 2}", DriveInterface.Ide, index, DriveMedia.Cdrom,
            data is null ? null : new MemoryBackend(data, readOnly: true));
        AtapiCdrom cd = new(drive);
        Controller.Attach(index, cd);
        return cd;
    }

    public void Out(ushort port, byte value) => Bus.WriteByte(port, value);

    public byte In(ushort port) => Bus.ReadByte(port);

    public ushort InWord(ushort port) => Bus.ReadWord(port);

    public bool Irq14 => Irqs.Level(14);

    public bool Irq15 => Irqs.Level(15);

    /// <summary>Reads <paramref name="bytes"/> from the Data port in words.</summary>
    public byte[] ReadData(int bytes, ushort data = Data)
    {
        byte[] result = new byte[bytes];
        for (int i = 0; i < bytes; i += 2)
        {
            ushort word = Bus.ReadWord(data);
            result[i] = (byte)word;
            if (i + 1 < bytes)
            {
                result[i + 1] = (byte)(word >> 8);
            }
        }

        return result;
    }

    public void WriteData(ReadOnlySpan<byte> bytes, ushort data = Data)
    {
        for (int i = 0; i < bytes.Length; i += 2)
        {
            Bus.WriteWord(data, (ushort)(bytes[i] | (bytes[i + 1] << 8)));
        }
    }

    /// <summary>IDENTIFY (DEVICE or PACKET DEVICE) of the selected unit as 256 words.</summary>
    public ushort[] Identify(byte command = 0xEC, ushort basePort = Data)
    {
        Out((ushort)(basePort + 7), command);
        byte[] bytes = ReadData(512, basePort);
        ushort[] words = new ushort[256];
        for (int i = 0; i < 256; i++)
        {
            words[i] = (ushort)(bytes[i * 2] | (bytes[(i * 2) + 1] << 8));
        }

        return words;
    }

    /// <summary>Programs an LBA28 address and count on the primary channel.</summary>
    public void SetLba28(uint lba, byte count, int unit = 0)
    {
        Out(Device, (byte)(0xE0 | (uint)(unit << 4) | ((lba >> 24) & 0x0F)));
        Out(Count, count);
        Out(SectorReg, (byte)lba);
        Out(CylLow, (byte)(lba >> 8));
        Out(CylHigh, (byte)(lba >> 16));
    }

    /// <summary>Programs an LBA48 address and count (high bytes first, as drivers do).</summary>
    public void SetLba48(long lba, int count)
    {
        Out(Device, 0x40);
        Out(Count, (byte)(count >> 8));
        Out(SectorReg, (byte)(lba >> 24));
        Out(CylLow, (byte)(lba >> 32));
        Out(CylHigh, (byte)(lba >> 40));
        Out(Count, (byte)count);
        Out(SectorReg, (byte)lba);
        Out(CylLow, (byte)(lba >> 8));
        Out(CylHigh, (byte)(lba >> 16));
    }

    public static string Ata(ushort[] words, int first, int count)
    {
        char[] text = new char[count * 2];
        for (int i = 0; i < count; i++)
        {
            text[i * 2] = (char)(words[first + i] >> 8);
            text[(i * 2) + 1] = (char)(words[first + i] & 0xFF);
        }

        return new string(text);
    }
}

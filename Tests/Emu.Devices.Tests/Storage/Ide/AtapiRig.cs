using Emu.Devices.Block;
using Emu.Devices.Storage;
using Emu.Devices.Storage.Ide;
using Emu.TestSupport;

namespace Emu.Devices.Tests.Storage.Ide;

/// <summary>A CD-ROM drive on the secondary master and a packet driver for it.</summary>
public sealed class AtapiRig
{
    private const ushort Base = 0x170;

    public AtapiRig(int blocks = 512, bool medium = true)
    {
        Image = new byte[blocks * 2048];
        for (int block = 0; block < blocks; block++)
        {
            Image[block * 2048] = (byte)block;
            Image[(block * 2048) + 1] = (byte)(block >> 8);
            Image[(block * 2048) + 2047] = 0xCD;
        }

        Cdrom = Ide.AddCdrom(medium ? Image : null, 2);
        Drive.TrayMoved += (_, e) => TrayMoves.Add(e.TrayOpen);
    }

    /// <summary>A drive holding <paramref name="medium"/> (a large one: a DVD image).</summary>
    public AtapiRig(IBlockBackend medium)
    {
        Image = [];
        BlockDrive drive = new("ide1-cd0", DriveInterface.Ide, 2, DriveMedia.Cdrom, medium);
        Cdrom = new AtapiCdrom(drive);
        Ide.Controller.Attach(2, Cdrom);
        Drive.TrayMoved += (_, e) => TrayMoves.Add(e.TrayOpen);
    }

    public IdeRig Ide { get; } = new();

    public AtapiCdrom Cdrom { get; }

    public BlockDrive Drive => Cdrom.Drive;

    public byte[] Image { get; }

    /// <summary>DEVICE_TRAY_MOVED as the host hears it (tray-open values in order).</summary>
    public List<bool> TrayMoves { get; } = [];

    public byte Read(int offset) => Ide.In((ushort)(Base + offset));

    public void Write(int offset, byte value) => Ide.Out((ushort)(Base + offset), value);

    public bool Irq => Ide.Irq15;

    /// <summary>Sends a 12-byte packet with the byte count limit <paramref name="limit"/> and collects the data-in phase.</summary>
    public AtapiResult Packet(byte[] cdb, ushort limit = 0xFFFE, byte features = 0)
    {
        byte[] packet = new byte[12];
        cdb.CopyTo(packet, 0);
        Write(6, 0xA0);
        Write(1, features);
        Write(4, (byte)limit);
        Write(5, (byte)(limit >> 8));
        Write(7, 0xA0);
        if ((Read(7) & 0x08) == 0)
        {
            return new AtapiResult(Read(7), Read(1), Read(2), [], []);
        }

        Assert.Equal(0x01, Read(2)); // CoD: send the packet
        Assert.False(Irq);
        Ide.WriteData(packet, Base);
        List<byte> data = [];
        List<int> blocks = [];
        for (int guard = 0; guard < 10_000; guard++)
        {
            byte alt = Ide.In(0x376);
            if ((alt & 0x08) == 0)
            {
                break;
            }

            Assert.True(Irq, "a DRQ data block is announced by an interrupt");
            Assert.Equal(0x02, Read(2) & 0x03);
            int count = Read(4) | (Read(5) << 8);
            blocks.Add(count);
            if (count == 0)
            {
                break; // a byte count limit of 1 leaves an empty block the guest can never drain (as in QEMU)
            }

            Read(7); // acknowledge
            data.AddRange(Ide.ReadData(count, Base));
        }

        byte status = Read(7);
        return new AtapiResult(status, Read(1), Read(2), [.. data], blocks);
    }

    public (byte Key, byte Asc) RequestSense()
    {
        AtapiResult sense = Packet([0x03, 0, 0, 0, 18]);
        Assert.Equal(18, sense.Data.Length);
        return ((byte)(sense.Data[2] & 0x0F), sense.Data[12]);
    }

    public AtapiResult TestUnitReady() => Packet([0x00]);

    public AtapiResult EventStatus() => Packet([0x4A, 0x01, 0, 0, 0x10, 0, 0, 0, 8]);

    public AtapiResult ModeSense(byte page) => Packet([0x5A, 0, page, 0, 0, 0, 0, 0, 64]);

    public AtapiResult StartStop(byte control) => Packet([0x1B, 0, 0, 0, control]);

    public AtapiResult PreventAllow(bool prevent) => Packet([0x1E, 0, 0, 0, (byte)(prevent ? 1 : 0)]);

    /// <summary>QMP blockdev-change-medium as QEMU does it: open the tray, swap the medium, close the tray.</summary>
    public void HostChangeMedium(byte[] image)
    {
        Drive.ChangeMedia(load: false);
        Drive.RemoveMedium()?.Dispose();
        Drive.InsertMedium(new MemoryBackend(image, readOnly: true));
        Drive.ChangeMedia(load: true);
    }
}

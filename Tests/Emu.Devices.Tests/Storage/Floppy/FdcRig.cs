using Emu.Core.Memory;
using Emu.Devices.Dma;
using Emu.Devices.Storage;
using Emu.Devices.Storage.Floppy;
using Emu.Devices.Tests.Misc;
using Emu.TestSupport;

namespace Emu.Devices.Tests.Storage.Floppy;

/// <summary>An 82078 on a port bus with the ISA DMA controllers, guest RAM and in-memory floppy images, driven as a guest driver does.</summary>
internal sealed class FdcRig
{
    public const int Irq = 6;

    public FdcRig(MemoryBackend? a, MemoryBackend? b = null, bool readOnlyA = false, bool emptyDriveA = false)
    {
        Memory = new PhysicalMemory(2 << 20);
        Dma = new IsaDma(Memory, Rig.Scheduler);
        Dma.Attach(Rig.Bus);
        DriveA = a is null && !emptyDriveA ? null : new BlockDrive("floppy0", DriveInterface.Floppy, 0, DriveMedia.Disk, a) { IsReadOnly = readOnlyA };
        DriveB = b is null ? null : new BlockDrive("floppy1", DriveInterface.Floppy, 1, DriveMedia.Disk, b);
        Fdc = new Fdc82078(Rig.Irqs.Line(Irq), Dma, Rig.Scheduler, DriveA, DriveB);
        Fdc.Attach(Rig.Bus);
    }

    public DeviceRig Rig { get; } = new();

    public PhysicalMemory Memory { get; }

    public IsaDma Dma { get; }

    public Fdc82078 Fdc { get; }

    public BlockDrive? DriveA { get; }

    public BlockDrive? DriveB { get; }

    public bool IrqLevel => Rig.Irqs.Level(Irq);

    /// <summary>A floppy image of <paramref name="bytes"/> whose byte at offset o is (o / 512 * 7 + o % 512) &amp; FFh.</summary>
    public static MemoryBackend Image(int bytes, bool readOnly = false)
    {
        byte[] data = new byte[bytes];
        for (int i = 0; i < bytes; i++)
        {
            data[i] = (byte)(((i / 512) * 7) + (i % 512));
        }

        return new MemoryBackend(data, readOnly);
    }

    /// <summary>Writes a command and its parameters, each only when MSR says the FIFO takes a byte.</summary>
    public void Command(params byte[] bytes)
    {
        foreach (byte value in bytes)
        {
            Assert.Equal(0x80, Rig.In(0x3F4) & 0xC0);
            Rig.Out(0x3F5, value);
        }
    }

    /// <summary>Reads the result phase (while MSR reads RQM, DIO and BUSY).</summary>
    public byte[] Results()
    {
        List<byte> results = [];
        while ((Rig.In(0x3F4) & 0xD0) == 0xD0 && results.Count < 16)
        {
            results.Add(Rig.In(0x3F5));
        }

        return [.. results];
    }

    public byte[] Run(params byte[] bytes)
    {
        Command(bytes);
        return Results();
    }

    /// <summary>Programs DMA channel 2 (single mode; 46h writes memory, 4Ah reads it) and unmasks it.</summary>
    public void ProgramDma(byte mode, int address, int bytes)
    {
        Rig.Out(0x0A, 0x06);
        Rig.Out(0x0C, 0);
        Rig.Out(0x0B, mode);
        Rig.Out(0x04, (byte)address);
        Rig.Out(0x04, (byte)(address >> 8));
        Rig.Out(0x81, (byte)(address >> 16));
        Rig.Out(0x05, (byte)(bytes - 1));
        Rig.Out(0x05, (byte)((bytes - 1) >> 8));
        Rig.Out(0x0A, 0x02);
    }

    /// <summary>Resets through the DOR and takes the four reset SENSE INTERRUPTs.</summary>
    public void ResetController(byte dor = 0x1C)
    {
        Rig.Out(0x3F2, 0x08);
        Rig.Out(0x3F2, dor);
        for (int i = 0; i < 4; i++)
        {
            Run(0x08);
        }
    }
}

using Emu.Core.State;
using Emu.Devices.Storage.Floppy;
using Emu.TestSupport;

namespace Emu.Devices.Tests.Storage.Floppy;

/// <summary>
/// The floppy controller through its ports, against the answers QEMU 7.2's fdc.c gives (the same
/// sequences run side by side with QEMU in the guest tier: firmware/tests/fdc.asm).
/// </summary>
public sealed class Fdc82078Tests
{
    private const int Image144 = 1_474_560;
    private const int Image288 = 2_949_120;

    [Fact]
    public void VersionPartIdAndUnknownOpcodes()
    {
        FdcRig rig = new(FdcRig.Image(Image144));
        Assert.Equal([0x90], rig.Run(0x10));
        Assert.Equal([0x41], rig.Run(0x18));
        Assert.Equal([0x80], rig.Run(0x00));
        Assert.Equal([0x80], rig.Run(0x1F));
        Assert.Equal([0x80], rig.Run(0xCD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        Assert.Equal(0x80, rig.Rig.In(0x3F4));
    }

    [Fact]
    public void ResetThroughTheDorInterruptsAndAnswersFourSenseInterrupts()
    {
        FdcRig rig = new(FdcRig.Image(Image144));
        rig.Rig.Out(0x3F2, 0x08);
        Assert.Equal(0x08, rig.Rig.In(0x3F2));
        Assert.False(rig.IrqLevel);
        rig.Rig.Out(0x3F2, 0x0C);
        Assert.True(rig.IrqLevel);
        Assert.Equal([0xC0, 0x00], rig.Run(0x08));
        Assert.False(rig.IrqLevel);
        Assert.Equal([0xC1, 0x00], rig.Run(0x08));
        Assert.Equal([0xC2, 0x00], rig.Run(0x08));
        Assert.Equal([0xC3, 0x00], rig.Run(0x08));
        Assert.Equal([0x80], rig.Run(0x08));
    }

    [Fact]
    public void ConfigureLockSpecifyAndPerpendicularShowInDumpreg()
    {
        FdcRig rig = new(FdcRig.Image(Image144));
        Assert.Equal([0, 0, 0, 0, 0x00, 0x01, 0x12, 0x00, 0x60, 0x00], rig.Run(0x0E));
        rig.Command(0x13, 0x00, 0x57, 0x05);
        Assert.Equal([0x10], rig.Run(0x94));
        rig.Command(0x12, 0x83);
        rig.Command(0x03, 0xAF, 0x1E);
        Assert.Equal([0, 0, 0, 0, 0x0A, 0x1F, 0x12, 0x8C, 0x57, 0x05], rig.Run(0x0E));
        Assert.Equal([0x00], rig.Run(0x14));
    }

    [Fact]
    public void SeekRecalibrateAndTheDiskChangeLine()
    {
        FdcRig rig = new(FdcRig.Image(Image144));
        rig.ResetController();
        Assert.Equal(0x80, rig.Rig.In(0x3F7));
        rig.Command(0x0F, 0x00, 0x02);
        Assert.True(rig.IrqLevel);
        Assert.Equal([0x20, 0x02], rig.Run(0x08));
        Assert.Equal(0x00, rig.Rig.In(0x3F7));
        rig.Command(0x07, 0x00);
        Assert.Equal([0x20, 0x00], rig.Run(0x08));

        rig.DriveA!.ChangeMedia(load: true);
        Assert.Equal(0x80, rig.Rig.In(0x3F7));
    }

    [Fact]
    public void ReadByDmaCopiesSectorsAndReportsTheNextPosition()
    {
        FdcRig rig = new(FdcRig.Image(Image144));
        rig.ResetController();
        rig.ProgramDma(0x46, 0x2_0000, 1024);
        rig.Command(0x66, 0x00, 1, 0, 1, 2, 18, 0x1B, 0xFF);
        Assert.True(rig.IrqLevel);
        Assert.Equal([0x20, 0x00, 0x00, 0x01, 0x00, 0x03, 0x02], rig.Results());
        Assert.Equal(FdcRig.Image(Image144).Data.AsSpan(36 * 512, 1024).ToArray(), rig.Memory.Ram.Slice(0x2_0000, 1024).ToArray());
        Assert.Equal(0x04, rig.Rig.In(0x08) & 0x0F);
    }

    [Fact]
    public void MultiTrackReadCrossesToHeadOne()
    {
        FdcRig rig = new(FdcRig.Image(Image144));
        rig.ResetController();
        rig.ProgramDma(0x46, 0x2_0000, 1024);
        Assert.Equal([0x24, 0x00, 0x00, 0x01, 0x01, 0x02, 0x02], rig.Run(0xE6, 0x00, 1, 0, 18, 2, 18, 0x1B, 0xFF));
        Assert.Equal(FdcRig.Image(Image144).Data.AsSpan(((36 + 17) * 512), 1024).ToArray(), rig.Memory.Ram.Slice(0x2_0000, 1024).ToArray());
    }

    [Fact]
    public void BadRequestsGetQemusStatusBytes()
    {
        FdcRig rig = new(FdcRig.Image(Image144), readOnlyA: true);
        rig.ResetController();
        rig.ProgramDma(0x4A, 0x2_0000, 512);
        Assert.Equal([0x60, 0x02, 0x00, 0x00, 0x00, 0x01, 0x02], rig.Run(0xC5, 0x00, 0, 0, 1, 2, 18, 0x1B, 0xFF));
        rig.ProgramDma(0x46, 0x2_0000, 512);
        Assert.Equal([0x40, 0x80, 0x00, 0x01, 0x00, 0x13, 0x02], rig.Run(0x66, 0x00, 1, 0, 19, 2, 19, 0x1B, 0xFF));
        Assert.Equal([0x40, 0x00, 0x00, 0x5A, 0x00, 0x01, 0x02], rig.Run(0x66, 0x00, 90, 0, 1, 2, 18, 0x1B, 0xFF));
        rig.Rig.Out(0x3F7, 2);
        Assert.Equal([0x60, 0x01, 0x00, 0x01, 0x00, 0x01, 0x02], rig.Run(0x66, 0x00, 1, 0, 1, 2, 18, 0x1B, 0xFF));
        Assert.Equal(0x68, rig.Run(0x04, 0x00)[0]);
    }

    [Fact]
    public void MissingMediumEndsAbnormally()
    {
        FdcRig rig = new(null, emptyDriveA: true);
        rig.ResetController();
        rig.ProgramDma(0x46, 0x2_0000, 512);
        Assert.Equal([0x40, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02], rig.Run(0x66, 0x00, 0, 0, 1, 2, 18, 0x1B, 0xFF));
        Assert.Equal(0x80, rig.Rig.In(0x3F7));
        Assert.Equal(0x78, rig.Run(0x04, 0x00)[0]);
    }

    [Fact]
    public void WriteByDmaReachesTheImage()
    {
        MemoryBackend b = FdcRig.Image(Image288);
        FdcRig rig = new(FdcRig.Image(Image144), b);
        rig.ResetController(0x2D);
        rig.Rig.Out(0x3F7, 3);
        rig.Memory.Ram.Slice(0x3_0000, 512).Fill(0xC3);
        rig.ProgramDma(0x4A, 0x3_0000, 512);
        Assert.Equal([0x25, 0x00, 0x00, 0x05, 0x01, 0x04, 0x02], rig.Run(0xC5, 0x05, 5, 1, 3, 2, 36, 0x1B, 0xFF));
        int lba = (((5 * 2) + 1) * 36) + 2;
        Assert.All(b.Data.AsSpan(lba * 512, 512).ToArray(), x => Assert.Equal(0xC3, x));
        Assert.Equal((byte)((lba + 1) * 7), b.Data[(lba + 1) * 512]);
    }

    [Fact]
    public void NonDmaReadGoesThroughTheFifo()
    {
        FdcRig rig = new(FdcRig.Image(Image144));
        rig.ResetController();
        rig.Command(0x03, 0xDF, 0x03);
        Assert.Equal(0x14, rig.Rig.In(0x3F2));
        rig.Command(0x46, 0x00, 0, 0, 2, 2, 2, 0x1B, 0xFF);
        Assert.Equal(0xF0, rig.Rig.In(0x3F4));
        byte[] data = new byte[512];
        for (int i = 0; i < 512; i++)
        {
            data[i] = rig.Rig.In(0x3F5);
        }

        Assert.Equal(FdcRig.Image(Image144).Data.AsSpan(512, 512).ToArray(), data);
        Assert.Equal([0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02], rig.Results());
    }

    [Fact]
    public void ReadIdAnswersAfterTwentyMilliseconds()
    {
        FdcRig rig = new(FdcRig.Image(Image144));
        rig.ResetController();
        rig.Command(0x4A, 0x00);
        Assert.False(rig.IrqLevel);
        rig.Rig.Advance(19_000_000);
        Assert.False(rig.IrqLevel);
        rig.Rig.Advance(1_000_000);
        Assert.True(rig.IrqLevel);
        Assert.Equal([0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02], rig.Results());
    }

    [Theory]
    [InlineData(368_640, 9, FloppyFormat.Rate300K)]
    [InlineData(737_280, 9, FloppyFormat.Rate250K)]
    [InlineData(1_228_800, 15, FloppyFormat.Rate500K)]
    [InlineData(Image144, 18, FloppyFormat.Rate500K)]
    [InlineData(Image288, 36, FloppyFormat.Rate1M)]
    public void EveryStandardGeometryReadsItsLastSector(int bytes, int sectors, byte rate)
    {
        MemoryBackend image = FdcRig.Image(bytes);
        FdcRig rig = new(image);
        rig.ResetController();
        rig.Rig.Out(0x3F7, rate);
        int tracks = bytes / 512 / sectors / 2;
        Assert.Equal(sectors, rig.Run(0x0E)[6]);
        rig.ProgramDma(0x46, 0x2_0000, 512);
        byte[] result = rig.Run(0x46, 0x04, (byte)(tracks - 1), 1, (byte)sectors, 2, (byte)sectors, 0x1B, 0xFF);
        Assert.Equal(0, result[0] & 0xC0);
        Assert.Equal(image.Data.AsSpan(bytes - 512, 512).ToArray(), rig.Memory.Ram.Slice(0x2_0000, 512).ToArray());
        // QEMU's fd_seek lets the head reach track "tracks" itself (one past the medium); the next one fails.
        Assert.Equal(0x40, rig.Run(0x46, 0x04, (byte)(tracks + 1), 1, 1, 2, (byte)sectors, 0x1B, 0xFF)[0] & 0xC0);
    }

    [Fact]
    public void StateRoundTripsInTheResultPhase()
    {
        FdcRig rig = new(FdcRig.Image(Image144));
        rig.ResetController();
        rig.Command(0x03, 0xAF, 0x02);
        rig.Command(0x0F, 0x00, 0x07);
        rig.Command(0x08);
        MemoryStream stream = new();
        rig.Fdc.Save(new StateWriter(stream));

        FdcRig copy = new(FdcRig.Image(Image144));
        copy.Fdc.Load(StateReader.Read(stream.ToArray()));
        Assert.Equal(FdcPhase.Result, copy.Fdc.Phase);
        Assert.Equal([0x20, 0x07], copy.Results());
        Assert.Equal(7, copy.Fdc.Drive(0).Track);
        Assert.Equal([7, 0, 0, 0, 0x0A, 0x03, 0x12, 0x00, 0x60, 0x00], copy.Run(0x0E));
    }

    [Fact]
    public void RandomPortTrafficNeverThrows()
    {
        Random random = new(10);
        FdcRig rig = new(FdcRig.Image(Image144), FdcRig.Image(Image288));
        for (int i = 0; i < 200_000; i++)
        {
            ushort port = (ushort)(random.Next(2) == 0 ? 0x3F0 + random.Next(8) : random.Next(0x10));
            if (random.Next(3) == 0)
            {
                rig.Rig.In(port);
            }
            else
            {
                rig.Rig.Out(port, (byte)random.Next(256));
            }

            if (i % 1000 == 0)
            {
                rig.Rig.Advance(25_000_000);
            }
        }
    }
}

using Emu.Core.Memory;
using Emu.Core.State;
using Emu.Devices.Dma;
using Emu.Devices.Tests.Misc;

namespace Emu.Devices.Tests.Dma;

/// <summary>The two 8237s through their ports (Intel 8237A datasheet; QEMU hw/dma/i8257.c), with a scripted device on a channel.</summary>
public sealed class IsaDmaTests
{
    private readonly DeviceRig _rig = new();
    private readonly PhysicalMemory _memory = new(2 << 20);
    private readonly IsaDma _dma;
    private readonly ScriptedDevice _device = new();

    public IsaDmaTests()
    {
        _dma = new IsaDma(_memory, _rig.Scheduler);
        _dma.Attach(_rig.Bus);
        _device.Dma = _dma;
    }

    [Fact]
    public void MasterClearMasksEveryChannelAndUnclaimedPagePortsStayFree()
    {
        Assert.Equal(0xFF, _rig.In(0x09));
        Assert.Equal(0x00, _rig.In(0x08));
        Assert.False(_rig.Bus.IsClaimed(0x80));
        Assert.False(_rig.Bus.IsClaimed(0x84));
        Assert.True(_rig.Bus.IsClaimed(0x81));
        Assert.True(_rig.Bus.IsClaimed(0x8F));
    }

    [Fact]
    public void PageRegistersMapToTheirChannels()
    {
        _rig.Out(0x81, 0x12);
        _rig.Out(0x82, 0x13);
        _rig.Out(0x83, 0x11);
        _rig.Out(0x87, 0x10);
        Assert.Equal(0x12, _rig.In(0x81));
        Assert.Equal(0x10, _rig.In(0x87));
        Assert.Equal(0x12, _dma.Low.Channel(2).Page);
        Assert.Equal(0x11, _dma.Low.Channel(1).Page);
    }

    [Fact]
    public void DeviceToMemoryTransferFillsRamAndSetsTerminalCount()
    {
        Program(channel: 2, mode: 0x46, address: 0x3_4000, bytes: 1024);
        _device.Fill = 0xA5;
        _dma.Register(2, _device);
        _dma.HoldRequest(2);

        Assert.All(_memory.Ram.Slice(0x3_4000, 1024).ToArray(), b => Assert.Equal(0xA5, b));
        Assert.Equal(0, _memory.Ram[0x3_4400]);
        Assert.Equal(0x04, _rig.In(0x08) & 0x0F);
        Assert.Equal(0x00, _rig.In(0x08) & 0x0F); // reading status clears the TC bits
        _rig.Out(0x0C, 0);
        Assert.Equal(0x4400, _rig.In(0x04) | (_rig.In(0x04) << 8));
        Assert.Equal(0xFFFF, _rig.In(0x05) | (_rig.In(0x05) << 8));
    }

    [Fact]
    public void MaskedChannelWaitsUntilUnmasked()
    {
        Program(channel: 2, mode: 0x46, address: 0x5000, bytes: 16);
        _rig.Out(0x0A, 0x06);
        _device.Fill = 0x33;
        _dma.Register(2, _device);
        _dma.HoldRequest(2);
        Assert.Equal(0, _memory.Ram[0x5000]);

        _rig.Out(0x0A, 0x02);
        Assert.Equal(0x33, _memory.Ram[0x5000]);
    }

    [Fact]
    public void VerifyModeMovesNothing()
    {
        Program(channel: 2, mode: 0x42, address: 0x5000, bytes: 16);
        _device.Fill = 0x33;
        _dma.Register(2, _device);
        _dma.HoldRequest(2);
        Assert.Equal(0, _memory.Ram[0x5000]);
        Assert.Equal(0x04, _rig.In(0x08) & 0x0F);
    }

    [Fact]
    public void DecrementModeCountsDown()
    {
        Program(channel: 2, mode: 0x66, address: 0x5010, bytes: 4);
        _device.Sequence = true;
        _dma.Register(2, _device);
        _dma.HoldRequest(2);
        Assert.Equal([0, 1, 2, 3], _memory.Ram.Slice(0x500D, 4).ToArray().Reverse().ToArray());
    }

    [Fact]
    public void AddressWrapsInsideTheSixtyFourKilobytePage()
    {
        Program(channel: 2, mode: 0x46, address: 0x1_FFFE, bytes: 4);
        _device.Fill = 0x77;
        _dma.Register(2, _device);
        _dma.HoldRequest(2);
        Assert.Equal(0x77, _memory.Ram[0x1_FFFF]);
        Assert.Equal(0x77, _memory.Ram[0x1_0000]);
        Assert.Equal(0x77, _memory.Ram[0x1_0001]);
        Assert.Equal(0, _memory.Ram[0x2_0000]);
    }

    [Fact]
    public void TransfersNeverLeaveRamNorTouchRom()
    {
        byte[] rom = new byte[4096];
        rom.AsSpan().Fill(0xEE);
        _memory.MapRom(0xF_0000, rom);
        Program(channel: 2, mode: 0x46, address: 0xF_0000, bytes: 4096);
        _device.Fill = 0x11;
        _dma.Register(2, _device);
        _dma.HoldRequest(2);
        Assert.Equal(0xEE, _memory.Read8(0xF_0000));

        // Page FFh is 16 MiB above a 2 MiB machine: nothing is written and reads give FFh.
        Program(channel: 2, mode: 0x4A, address: 0xFF_0000, bytes: 16);
        _device.Fill = 0x00;
        _dma.HoldRequest(2);
        Assert.Equal(0xFF, _device.LastRead);
    }

    [Fact]
    public void SixteenBitChannelCountsWords()
    {
        _rig.Out(0xD8, 0);
        _rig.Out(0xD6, 0x45); // channel 5, single, write
        _rig.Out(0xC4, 0x00);
        _rig.Out(0xC4, 0x20); // word address 2000h = byte 4000h
        _rig.Out(0x8B, 0x03); // bit 0 is ignored: A16 comes from the word address
        _rig.Out(0xC6, 3);
        _rig.Out(0xC6, 0);    // 4 words
        _rig.Out(0xD4, 0x01);
        _device.Fill = 0x5C;
        _dma.Register(5, _device);
        _dma.HoldRequest(5);
        Assert.Equal(8, _device.LastLength);
        Assert.Equal(0x5C, _memory.Ram[0x2_4007]);
        Assert.Equal(0, _memory.Ram[0x2_4008]);
    }

    [Fact]
    public void StateRoundTrips()
    {
        Program(channel: 2, mode: 0x56, address: 0x1234, bytes: 512);
        _rig.Out(0xD6, 0xC0);
        MemoryStream stream = new();
        StateWriter writer = new(stream);
        _dma.Low.Save(writer);
        _dma.High.Save(writer);

        IsaDma copy = new(_memory, _rig.Scheduler);
        StateReader reader = StateReader.Read(stream.ToArray());
        copy.Low.Load(reader);
        copy.High.Load(reader);
        Assert.Equal(0x56, copy.Low.Channel(2).Mode);
        Assert.Equal(0x1234, copy.Low.Channel(2).BaseAddress);
        Assert.Equal(511, copy.Low.Channel(2).BaseCount);
        Assert.Equal(_dma.Low.Mask, copy.Low.Mask);
        Assert.Equal(0xC0, copy.High.Channel(0).Mode);
    }

    private void Program(int channel, byte mode, int address, int bytes)
    {
        _rig.Out(0x0A, (byte)(0x04 | channel));
        _rig.Out(0x0C, 0);
        _rig.Out(0x0B, mode);
        ushort port = (ushort)(channel * 2);
        _rig.Out(port, (byte)address);
        _rig.Out(port, (byte)(address >> 8));
        _rig.Out(channel switch { 0 => 0x87, 1 => 0x83, 2 => 0x81, _ => 0x82 }, (byte)(address >> 16));
        _rig.Out((ushort)(port + 1), (byte)(bytes - 1));
        _rig.Out((ushort)(port + 1), (byte)((bytes - 1) >> 8));
        _rig.Out(0x0A, (byte)channel);
    }

    /// <summary>A device that moves its whole request at once, writing <see cref="Fill"/> (or 0, 1, 2, ...) to memory or reading from it.</summary>
    private sealed class ScriptedDevice : Emu.Devices.Dma.IIsaDmaClient
    {
        public IsaDma Dma { get; set; } = null!;

        public byte Fill { get; set; }

        public bool Sequence { get; set; }

        public int LastLength { get; private set; }

        public byte LastRead { get; private set; }

        public int Transfer(int channel, int position, int length)
        {
            LastLength = length;
            byte[] buffer = new byte[length - position];
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = Sequence ? (byte)i : Fill;
            }

            Dma.WriteMemory(channel, buffer, position);
            Dma.ReadMemory(channel, buffer, position);
            LastRead = buffer[0];
            Dma.ReleaseRequest(channel);
            return length;
        }
    }
}

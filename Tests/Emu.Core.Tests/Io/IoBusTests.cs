using Emu.Core.Io;

namespace Emu.Core.Tests.Io;

public sealed class IoBusTests
{
    [Fact]
    public void UnclaimedPortsReadAllOnes()
    {
        IoBus bus = new();
        Assert.Equal(0xFF, bus.ReadByte(0x1234));
        Assert.Equal(0xFFFF, bus.ReadWord(0x1234));
        Assert.Equal(0xFFFF_FFFFu, bus.ReadDword(0x1234));
    }

    [Fact]
    public void WordAccessToByteDeviceIsSplitIntoBytes()
    {
        IoBus bus = new();
        RecordingDevice device = new();
        bus.Claim(0x60, 2, device, "test");
        bus.WriteWord(0x60, 0xBBAA);
        Assert.Equal([(0x60, 0xAA), (0x61, 0xBB)], device.Writes);
    }

    [Fact]
    public void OverlappingClaimFails()
    {
        IoBus bus = new();
        bus.Claim(0x3F8, 8, new RecordingDevice(), "uart");
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => bus.Claim(0x3FF, 1, new RecordingDevice(), "other"));
        Assert.Contains("uart", error.Message);
    }

    private sealed class RecordingDevice : IPortDevice
    {
        public List<(int Port, int Value)> Writes { get; } = [];

        public byte ReadByte(ushort port) => (byte)port;

        public void WriteByte(ushort port, byte value) => Writes.Add((port, value));
    }
}

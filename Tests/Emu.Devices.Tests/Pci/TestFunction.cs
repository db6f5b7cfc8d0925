using Emu.Core.Io;
using Emu.Core.Memory;
using Emu.Devices.Pci;

namespace Emu.Devices.Tests.Pci;

/// <summary>A function with one BAR of each kind, each answered by a recording handler.</summary>
internal sealed class TestFunction : PciFunction
{
    public TestFunction(PciInterruptPin pin = PciInterruptPin.IntA, string name = "test-fn")
        : base(0x1234, 0x5678, 0x03, 0x0200_00, pin, name)
    {
        IoBar = DefineIoBar(0, 0x40, Ports, PortWidths.All);
        MemoryBar = DefineMemoryBar(1, 0x2000, prefetchable: false, Window);
        PrefetchBar = DefineMemoryBar(2, 0x100_0000, prefetchable: true, Window);
        RomBar = DefineRomBar(0x10000, Window);
    }

    public RecordingPorts Ports { get; } = new();

    public RecordingWindow Window { get; } = new();

    public PciBar IoBar { get; }

    public PciBar MemoryBar { get; }

    public PciBar PrefetchBar { get; }

    public PciBar RomBar { get; }

    internal sealed class RecordingPorts : IPortDevice
    {
        public List<(ushort Port, byte Value)> Writes { get; } = [];

        public byte ReadByte(ushort port) => 0x5A;

        public void WriteByte(ushort port, byte value) => Writes.Add((port, value));
    }

    internal sealed class RecordingWindow : IMmioHandler
    {
        public List<(uint Offset, byte Value)> Writes { get; } = [];

        public byte Read8(uint offset) => (byte)offset;

        public void Write8(uint offset, byte value) => Writes.Add((offset, value));
    }
}

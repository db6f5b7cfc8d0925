using Emu.Core.Memory;
using Emu.Core.State;
using Emu.Devices.Chipset;
using Emu.Devices.Input;
using Emu.Devices.Serial;
using Emu.Devices.Video;

namespace Emu.Devices.Tests.Misc;

public sealed class MachineStateTests
{
    [Fact]
    public void AWholePlatformRoundTripsThroughOneImage()
    {
        Platform source = new();
        source.Rig.Out(0x21, 0xB8);
        source.Rig.Out(0x43, 0x34);
        source.Rig.Out(0x40, 0x00);
        source.Rig.Out(0x40, 0x00);
        source.Rig.Out(0x3FB, 0x03);
        source.Rig.Out(0x64, 0xAA);
        source.Rig.Out(0x3D4, 0x0F);
        source.Rig.Out(0x3D5, 0x21);
        source.Rig.Out(0x92, 0x02);
        source.Rig.Advance(123_456_789);
        byte[] image = StateSnapshot.Save(source.Devices);

        Platform target = new();
        StateSnapshot.Load(image, target.Devices);
        Assert.Equal(image, StateSnapshot.Save(target.Devices)); // same virtual time in both rigs
        Assert.Equal(0xB8, target.Rig.In(0x21));
        Assert.Equal(0x03, target.Rig.In(0x3FB));
        Assert.Equal(0x55, target.Rig.In(0x60));
        Assert.Equal(0x21, target.Vga.CursorLocation);
        Assert.Equal(0x02, target.Rig.In(0x92));
        Assert.Equal(source.Rtc.CurrentTime, target.Rtc.CurrentTime);
    }

    [Fact]
    public void AMissingSectionFailsBeforeAnyDeviceChanges()
    {
        Platform source = new();
        byte[] image = StateSnapshot.Save(source.Devices.Where(d => d.StateName != "vga"));
        Platform target = new();
        target.Rig.Out(0x21, 0x12);
        StateFormatException error = Assert.Throws<StateFormatException>(() => StateSnapshot.Load(image, target.Devices));
        Assert.Contains("vga", error.Message);
        Assert.Equal(0x12, target.Rig.In(0x21));
    }

    private sealed class Platform
    {
        public Platform()
        {
            Pic = new Pic8259Pair();
            Pic.Attach(Rig.Bus);
            Pit = new Pit8254(Rig.Scheduler, Pic.GetLine(0));
            Pit.Attach(Rig.Bus);
            Port61 = new SystemControlPortB(Pit);
            Port61.Attach(Rig.Bus);
            Rtc = new Rtc146818(Rig.Scheduler, Pic.GetLine(8), new DateTime(2024, 3, 5, 12, 34, 56));
            Rtc.Attach(Rig.Bus);
            Memory = new PhysicalMemory(1 << 20);
            Port92 = new Port92(Memory);
            Port92.Attach(Rig.Bus);
            Kbc = new I8042(Pic.GetLine(1), Pic.GetLine(12), Memory);
            Kbc.Attach(Rig.Bus);
            Com1 = new Uart16550(Uart16550.Com1Port, Rig.Scheduler, Pic.GetLine(Uart16550.Com1Irq), new NullCharBackend());
            Com1.Attach(Rig.Bus);
            Vga = new Vga(Memory);
            Vga.Attach(Rig.Bus);
            Devices = [Pic, Pit, Port61, Rtc, Port92, Kbc, Com1, Vga];
        }

        public DeviceRig Rig { get; } = new();

        public PhysicalMemory Memory { get; }

        public Pic8259Pair Pic { get; }

        public Pit8254 Pit { get; }

        public SystemControlPortB Port61 { get; }

        public Rtc146818 Rtc { get; }

        public Port92 Port92 { get; }

        public I8042 Kbc { get; }

        public Uart16550 Com1 { get; }

        public Vga Vga { get; }

        public IStatefulDevice[] Devices { get; }
    }
}

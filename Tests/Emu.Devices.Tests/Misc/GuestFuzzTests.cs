using Emu.Core.Memory;
using Emu.Core.State;
using Emu.Devices.Chipset;
using Emu.Devices.Input;
using Emu.Devices.Misc;
using Emu.Devices.Serial;
using Emu.Devices.Video;

namespace Emu.Devices.Tests.Misc;

public sealed class GuestFuzzTests
{
    private static readonly ushort[] Ports =
    [
        0x20, 0x21, 0xA0, 0xA1, 0x4D0, 0x4D1, 0x40, 0x41, 0x42, 0x43, 0x61, 0x70, 0x71, 0x60, 0x64, 0x92, 0x80, 0xE9,
        0x3F8, 0x3F9, 0x3FA, 0x3FB, 0x3FC, 0x3FD, 0x3FE, 0x3FF, 0x3C0, 0x3C1, 0x3C2, 0x3C4, 0x3C5, 0x3C6, 0x3C7,
        0x3C8, 0x3C9, 0x3CC, 0x3CE, 0x3CF, 0x3D4, 0x3D5, 0x3DA,
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void RandomPortTrafficNeverThrowsAndStateStillRoundTrips(int seed)
    {
        DeviceRig rig = new();
        PhysicalMemory memory = new(1 << 20);
        Pic8259Pair pic = new();
        pic.Attach(rig.Bus);
        Pit8254 pit = new(rig.Scheduler, pic.GetLine(0));
        pit.Attach(rig.Bus);
        SystemControlPortB port61 = new(pit);
        port61.Attach(rig.Bus);
        Rtc146818 rtc = new(rig.Scheduler, pic.GetLine(8), new DateTime(2024, 3, 5));
        rtc.Attach(rig.Bus);
        Port92 port92 = new(memory);
        port92.Attach(rig.Bus);
        I8042 kbc = new(pic.GetLine(1), pic.GetLine(12), memory);
        kbc.Attach(rig.Bus);
        MemoryCharBackend serial = new();
        Uart16550 uart = new(0x3F8, rig.Scheduler, pic.GetLine(4), serial);
        uart.Attach(rig.Bus);
        uart.ConnectInput(poll => poll());
        new PostCodePort().Attach(rig.Bus);
        new DebugConsole(new NullCharBackend()).Attach(rig.Bus);
        Vga vga = new(memory);
        vga.Attach(rig.Bus);
        IStatefulDevice[] devices = [pic, pit, port61, rtc, port92, kbc, uart, vga];

        Random random = new(seed);
        for (int i = 0; i < 200_000; i++)
        {
            ushort port = Ports[random.Next(Ports.Length)];
            int action = random.Next(16);
            if (action < 7)
            {
                rig.Out(port, (byte)random.Next(256));
            }
            else if (action < 14)
            {
                _ = rig.In(port);
            }
            else if (action == 14)
            {
                rig.Advance(random.Next(1, 3_000_000));
                if (pic.IntrAsserted)
                {
                    _ = pic.Acknowledge();
                }
            }
            else
            {
                kbc.Keyboard.PressKey((KeyCode)random.Next(1, 110));
                kbc.Mouse.Move(random.Next(-300, 300), random.Next(-300, 300), (byte)random.Next(8));
                serial.Inject([(byte)random.Next(256)]);
            }
        }

        _ = vga.RenderLines();
        byte[] image = StateSnapshot.Save(devices);
        StateSnapshot.Load(image, devices);
        byte[] again = StateSnapshot.Save(devices);
        Assert.Equal(Describe(image), Describe(again));
        Assert.Equal(image, again);
    }

    private static string Describe(byte[] image)
    {
        StateReader reader = StateReader.Read(image);
        System.Text.StringBuilder text = new();
        foreach (string name in reader.SectionNames)
        {
            reader.TryGetSection(name, out StateSection section);
            text.Append(name).Append(':').Append(section.Describe()).Append('\n');
        }

        return text.ToString();
    }
}

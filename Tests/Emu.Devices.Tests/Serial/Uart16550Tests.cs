using Emu.Core.State;
using Emu.Devices.Serial;
using Emu.Devices.Tests.Misc;

namespace Emu.Devices.Tests.Serial;

public sealed class Uart16550Tests
{
    private const ushort Com1 = 0x3F8;

    private readonly DeviceRig _rig = new();
    private readonly MemoryCharBackend _backend = new();
    private readonly Uart16550 _uart;

    public Uart16550Tests()
    {
        _uart = new Uart16550(Com1, _rig.Scheduler, _rig.Irqs.Line(4), _backend);
        _uart.Attach(_rig.Bus);
        _uart.ConnectInput(poll => poll()); // the test thread is the machine thread
    }

    [Fact]
    public void ResetStateIsQemus()
    {
        Assert.Equal(0x00, _rig.In(Com1 + 1));
        Assert.Equal(0x01, _rig.In(Com1 + 2));
        Assert.Equal(0x00, _rig.In(Com1 + 3));
        Assert.Equal(0x08, _rig.In(Com1 + 4));
        Assert.Equal(0x60, _rig.In(Com1 + 5));
        Assert.Equal(0xB0, _rig.In(Com1 + 6));
        _rig.Out(Com1 + 3, 0x80);
        Assert.Equal(0x0C, _rig.In(Com1));
        Assert.Equal(0x00, _rig.In(Com1 + 1));
    }

    [Fact]
    public void TransmitGoesOutAtOnceAndKeepsThrEmpty()
    {
        foreach (char c in "CD")
        {
            Assert.Equal(0x20, _rig.In(Com1 + 5) & 0x20);
            _rig.Out(Com1, (byte)c);
        }

        Assert.Equal("CD", _backend.OutputText);
        Assert.Equal(0x60, _rig.In(Com1 + 5));
    }

    [Fact]
    public void ThrEmptyInterruptOnEnableClearedByIirReadAndRearmedByWrite()
    {
        _rig.Out(Com1 + 1, 0x02);
        Assert.True(_rig.Irqs.Level(4)); // enabling THRI with THR empty interrupts at once
        Assert.Equal(0x02, _rig.In(Com1 + 2));
        Assert.False(_rig.Irqs.Level(4));
        Assert.Equal(0x01, _rig.In(Com1 + 2));
        _rig.Out(Com1, (byte)'x');
        Assert.True(_rig.Irqs.Level(4));
        Assert.Equal(2, _rig.Irqs.Rises(4));
    }

    [Fact]
    public void LoopbackFeedsTransmitterToReceiverAndModemLines()
    {
        _rig.Out(Com1 + 4, 0x1F); // loopback with DTR, RTS, OUT1, OUT2
        Assert.Equal(0xF0, _rig.In(Com1 + 6));
        _rig.Out(Com1 + 4, 0x12); // loopback, RTS only -> CTS
        Assert.Equal(0x10, _rig.In(Com1 + 6));
        _rig.Out(Com1, 0x5A);
        Assert.Equal(0x61, _rig.In(Com1 + 5)); // DR | THRE | TEMT
        Assert.Equal(0x5A, _rig.In(Com1));
        Assert.Empty(_backend.Output); // the output pins are disconnected
    }

    [Fact]
    public void FifoTriggerLevelRaisesReceivedDataInterrupt()
    {
        _rig.Out(Com1 + 2, 0x81); // FIFO on, trigger 8
        _rig.Out(Com1 + 1, 0x01);
        Assert.Equal(0xC1, _rig.In(Com1 + 2));
        _backend.Inject("1234567");
        Assert.False(_rig.Irqs.Level(4));
        Assert.Equal(0x01, _rig.In(Com1 + 5) & 0x01);
        _backend.Inject("8");
        Assert.True(_rig.Irqs.Level(4));
        Assert.Equal(0xC4, _rig.In(Com1 + 2));
        Assert.Equal((byte)'1', _rig.In(Com1));
        Assert.False(_rig.Irqs.Level(4)); // 7 left: below the trigger
    }

    [Fact]
    public void CharacterTimeoutAfterFourCharacterTimes()
    {
        _rig.Out(Com1 + 3, 0x03); // 8N1 at 9600: 10 bits = 1.0417 ms per character
        _rig.Out(Com1 + 2, 0xC1); // trigger 14
        _rig.Out(Com1 + 1, 0x01);
        _backend.Inject("abc");
        Assert.False(_rig.Irqs.Level(4));
        _rig.Advance(_uart.CharacterTime * 4 - 1);
        Assert.False(_rig.Irqs.Level(4));
        _rig.Advance(1);
        Assert.True(_rig.Irqs.Level(4));
        Assert.Equal(0xCC, _rig.In(Com1 + 2));
        Assert.Equal((byte)'a', _rig.In(Com1));
        Assert.Equal(0xC1, _rig.In(Com1 + 2)); // reading RBR clears the timeout
    }

    [Fact]
    public void InterruptIdentificationFollowsPriority()
    {
        _rig.Out(Com1 + 1, 0x07);
        Assert.Equal(0x02, _rig.In(Com1 + 2)); // THRE, cleared by this read
        _backend.Inject("ab"); // no FIFO: second byte stays queued in the backend
        Assert.Equal(0x04, _rig.In(Com1 + 2));
        _uart.WriteByte(Com1 + 4, 0x18); // loopback: transmit into a full RBR -> overrun
        _rig.Out(Com1, (byte)'z');
        Assert.Equal(0x06, _rig.In(Com1 + 2)); // line status outranks data and THRE
        Assert.Equal(0x63, _rig.In(Com1 + 5)); // DR | OE | THRE | TEMT; the read clears OE
        Assert.Equal(0x04, _rig.In(Com1 + 2));
        Assert.Equal((byte)'z', _rig.In(Com1));
        Assert.Equal(0x02, _rig.In(Com1 + 2));
        Assert.Equal(0x01, _rig.In(Com1 + 2));
    }

    [Fact]
    public void BackendInputWaitsUntilTheGuestDrainsRbr()
    {
        _backend.Inject("xyz");
        Assert.Equal((byte)'x', _rig.In(Com1));
        Assert.Equal((byte)'y', _rig.In(Com1));
        Assert.Equal((byte)'z', _rig.In(Com1));
        Assert.Equal(0x00, _rig.In(Com1 + 5) & 0x01);
    }

    [Fact]
    public void DivisorLatchSetsCharacterTime()
    {
        _rig.Out(Com1 + 3, 0x80);
        _rig.Out(Com1, 0x01);
        _rig.Out(Com1 + 1, 0x00);
        _rig.Out(Com1 + 3, 0x03);
        Assert.Equal(1, _uart.Divisor);
        Assert.Equal(86_805, _uart.CharacterTime); // 10 bits at 115200 baud
        _rig.Out(Com1 + 7, 0xA5);
        Assert.Equal(0xA5, _rig.In(Com1 + 7));
    }

    [Fact]
    public void StateRoundTripKeepsFifoAndRegisters()
    {
        _rig.Out(Com1 + 3, 0x03);
        _rig.Out(Com1 + 2, 0xC1);
        _rig.Out(Com1 + 1, 0x01);
        _backend.Inject("hey");
        MemoryStream stream = new();
        _uart.Save(new StateWriter(stream));

        DeviceRig other = new();
        Uart16550 copy = new(Com1, other.Scheduler, other.Irqs.Line(4), new NullCharBackend());
        copy.Attach(other.Bus);
        copy.Load(StateReader.Read(stream.ToArray()));
        Assert.Equal(0x03, other.In(Com1 + 3));
        other.Advance(copy.CharacterTime * 4);
        Assert.True(other.Irqs.Level(4)); // the pending character timeout survived
        Assert.Equal((byte)'h', other.In(Com1));
        Assert.Equal((byte)'e', other.In(Com1));
        Assert.Equal((byte)'y', other.In(Com1));
    }
}

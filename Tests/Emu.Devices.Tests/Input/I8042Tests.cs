using Emu.Core.Memory;
using Emu.Core.State;
using Emu.Devices.Input;
using Emu.Devices.Tests.Misc;

namespace Emu.Devices.Tests.Input;

public sealed class I8042Tests
{
    private readonly DeviceRig _rig = new();
    private readonly PhysicalMemory _memory = new(1 << 20);
    private readonly I8042 _kbc;
    private int _resets;

    public I8042Tests()
    {
        _kbc = new I8042(_rig.Irqs.Line(1), _rig.Irqs.Line(12), _memory);
        _kbc.Attach(_rig.Bus);
        _kbc.ResetRequested = () => _resets++;
    }

    [Fact]
    public void SelfTestAnswers55AndSetsSystemFlag()
    {
        Assert.Equal(0x18, _rig.In(0x64));
        _rig.Out(0x64, 0xAA);
        Assert.Equal(0x1D, _rig.In(0x64)); // OBF | SYS | CMD | unlocked
        Assert.Equal(0x55, _rig.In(0x60));
        Assert.Equal(0, _rig.In(0x64) & 0x01);
        Assert.Equal(0x55, _rig.In(0x60)); // nothing new: the last byte again (QEMU)
    }

    [Fact]
    public void CommandByteReadWriteAndInterfaceTests()
    {
        _rig.Out(0x64, 0x60);
        _rig.Out(0x60, 0x61);
        Assert.Equal(0, _rig.In(0x64) & 0x08); // last write was data
        _rig.Out(0x64, 0x20);
        Assert.Equal(0x61, _rig.In(0x60));
        _rig.Out(0x64, 0xAB);
        Assert.Equal(0x00, _rig.In(0x60));
        _rig.Out(0x64, 0xA7);
        _rig.Out(0x64, 0x20);
        Assert.Equal(0x61, _rig.In(0x60));
        _rig.Out(0x64, 0xAD);
        Assert.Equal(0x10, _kbc.CommandByte & 0x10);
        _rig.Out(0x64, 0xAE);
        Assert.Equal(0x00, _kbc.CommandByte & 0x10);
    }

    [Fact]
    public void KeyboardResetRepliesAckAndSelfTestWithIrq1()
    {
        _rig.Out(0x60, 0xFF);
        Assert.True(_rig.Irqs.Level(1));
        Assert.Equal(0xFA, _rig.In(0x60));
        Assert.True(_rig.Irqs.Level(1)); // next byte already in the buffer
        Assert.Equal(0xAA, _rig.In(0x60));
        Assert.False(_rig.Irqs.Level(1));
        Assert.Equal(2, _rig.Irqs.Rises(1));
    }

    [Fact]
    public void Set2MakeAndBreakAreTranslatedToSet1()
    {
        SetCommandByte(0x61);
        _kbc.Keyboard.PressKey(KeyCode.A); // set 2: 1C
        _kbc.Keyboard.ReleaseKey(KeyCode.A); // set 2: F0 1C
        _kbc.Keyboard.PressKey(KeyCode.Up); // set 2: E0 75
        Assert.Equal([0x1E, 0x9E, 0xE0, 0x48], ReadAll());
    }

    [Fact]
    public void WithoutTranslationSet2BytesPassThrough()
    {
        SetCommandByte(0x01);
        _kbc.Keyboard.PressKey(KeyCode.A);
        _kbc.Keyboard.ReleaseKey(KeyCode.A);
        Assert.Equal([0x1C, 0xF0, 0x1C], ReadAll());
    }

    [Fact]
    public void TypeTextUsesShiftForCapitals()
    {
        SetCommandByte(0x61);
        _kbc.Keyboard.TypeText("Hi\n");
        Assert.Equal([0x2A, 0x23, 0xA3, 0xAA, 0x17, 0x97, 0x1C, 0x9C], ReadAll());
        Assert.Throws<ArgumentException>(() => _kbc.Keyboard.TypeText("\u00e9"));
    }

    [Fact]
    public void IdentifyAndScancodeSetRepliesFollowTranslation()
    {
        SetCommandByte(0x61);
        _rig.Out(0x60, 0xF2);
        Assert.Equal([0xFA, 0xAB, 0x41], ReadAll());
        _rig.Out(0x60, 0xF0);
        _rig.Out(0x60, 0x00);
        Assert.Equal([0xFA, 0x41], ReadAll()); // observed on QEMU: the unread first FA is dropped
        SetCommandByte(0x01);
        _rig.Out(0x60, 0xF2);
        Assert.Equal([0xFA, 0xAB, 0x83], ReadAll());
    }

    [Fact]
    public void KeyboardCommandsLedsEchoAndUnknown()
    {
        _rig.Out(0x60, 0xED);
        Assert.Equal([0xFA], ReadAll());
        _rig.Out(0x60, 0x04);
        Assert.Equal([0xFA], ReadAll());
        Assert.Equal(0x04, _kbc.Keyboard.Leds);
        _rig.Out(0x60, 0xEE);
        Assert.Equal([0xEE], ReadAll());
        _rig.Out(0x60, 0xF5);
        Assert.Equal([0xFA], ReadAll());
        _kbc.Keyboard.PressKey(KeyCode.B); // scanning disabled: dropped
        Assert.Empty(ReadAll());
        _rig.Out(0x60, 0xF4);
        Assert.Equal([0xFA], ReadAll());
        _rig.Out(0x60, 0xF3);
        Assert.Equal([0xFA], ReadAll());
        _rig.Out(0x60, 0x20);
        Assert.Equal([0xFA], ReadAll());
        _rig.Out(0x60, 0xF9);
        Assert.Equal([0xFE], ReadAll());
        _rig.Out(0x60, 0xFE); // QEMU has no resend command: it answers FE (observed)
        Assert.Equal([0xFE], ReadAll());
    }

    [Fact]
    public void BackToBackCommandsKeepOnlyTheLastReplies()
    {
        // Observed on QEMU 7.2: F7, FB, FA written without reading in between answer a single FA.
        _rig.Out(0x60, 0xF7);
        _rig.Out(0x60, 0xFB);
        _rig.Out(0x60, 0xFA);
        Assert.Equal([0xFA], ReadAll());
    }

    [Fact]
    public void CommandRepliesGoAheadOfQueuedKeys()
    {
        SetCommandByte(0x61);
        _kbc.Keyboard.PressKey(KeyCode.A);
        Assert.Equal(0x01, _rig.In(0x64) & 0x01);
        _rig.Out(0x60, 0xF4); // QEMU 7.2: the reply queue has priority over key data
        Assert.Equal([0xFA, 0x1E], ReadAll());
    }

    [Fact]
    public void NewerControllerReplyReplacesAnUnreadOne()
    {
        _rig.Out(0x64, 0xAA);
        _rig.Out(0x64, 0x20);
        Assert.Equal([0x03], ReadAll()); // one reply slot, as QEMU's cbdata
    }

    [Fact]
    public void OutputPortDrivesA20AndReset()
    {
        _rig.Out(0x64, 0xD0);
        Assert.Equal(0xCF, _rig.In(0x60));
        _rig.Out(0x64, 0xD1);
        _rig.Out(0x60, 0xDD); // bit 1 clear: A20 off
        Assert.False(_memory.A20Enabled);
        _rig.Out(0x64, 0xD1);
        _rig.Out(0x60, 0xDF);
        Assert.True(_memory.A20Enabled);
        Assert.Equal(0, _resets);
        _rig.Out(0x64, 0xD1);
        _rig.Out(0x60, 0xDE); // bit 0 clear: reset
        Assert.Equal(1, _resets);
    }

    [Fact]
    public void A20CommandsAndPulseReset()
    {
        _rig.Out(0x64, 0xDD);
        Assert.False(_memory.A20Enabled);
        _rig.Out(0x64, 0xDF);
        Assert.True(_memory.A20Enabled);
        _rig.Out(0x64, 0xFF); // pulse nothing
        Assert.Equal(0, _resets);
        _rig.Out(0x64, 0xFE);
        Assert.Equal(1, _resets);
    }

    [Fact]
    public void DisabledKeyboardInterfaceHoldsKeysUntilEnabled()
    {
        SetCommandByte(0x61);
        _rig.Out(0x64, 0xAD);
        _kbc.Keyboard.PressKey(KeyCode.Z);
        Assert.Equal(0, _rig.In(0x64) & 0x01);
        _rig.Out(0x64, 0xAE);
        Assert.True(_rig.Irqs.Level(1));
        Assert.Equal(0x2C, _rig.In(0x60));
    }

    [Fact]
    public void WriteOutputBufferCommandsAndMouseThroughD4()
    {
        _rig.Out(0x64, 0xD2);
        _rig.Out(0x60, 0x42);
        Assert.True(_rig.Irqs.Level(1));
        Assert.Equal(0x42, _rig.In(0x60));
        _rig.Out(0x64, 0xD3);
        _rig.Out(0x60, 0x43);
        Assert.Equal(0x21, _rig.In(0x64) & 0x21); // OBF + AUXB
        Assert.True(_rig.Irqs.Level(12));
        Assert.Equal(0x43, _rig.In(0x60));
        _rig.Out(0x64, 0xD4);
        _rig.Out(0x60, 0xFF);
        Assert.Equal([0xFA, 0xAA, 0x00], ReadAll());
        _rig.Out(0x64, 0xD4);
        _rig.Out(0x60, 0xF4);
        Assert.Equal([0xFA], ReadAll());
        _kbc.Mouse.Move(5, -3, 1);
        Assert.Equal([0x29, 0x05, 0xFD], ReadAll());
    }

    [Fact]
    public void StateRoundTripKeepsQueuedKeysAndCommandByte()
    {
        SetCommandByte(0x61);
        _kbc.Keyboard.TypeText("ab");
        MemoryStream stream = new();
        _kbc.Save(new StateWriter(stream));

        DeviceRig other = new();
        I8042 copy = new(other.Irqs.Line(1), other.Irqs.Line(12), new PhysicalMemory(1 << 20));
        copy.Attach(other.Bus);
        copy.Load(StateReader.Read(stream.ToArray()));
        Assert.Equal(0x61, copy.CommandByte);
        Assert.True(other.Irqs.Level(1));
        List<byte> bytes = [];
        while ((other.In(0x64) & 1) != 0)
        {
            bytes.Add(other.In(0x60));
        }

        Assert.Equal([0x1E, 0x9E, 0x30, 0xB0], bytes);
    }

    private void SetCommandByte(byte value)
    {
        _rig.Out(0x64, 0x60);
        _rig.Out(0x60, value);
    }

    private List<byte> ReadAll()
    {
        List<byte> bytes = [];
        while ((_rig.In(0x64) & 0x01) != 0)
        {
            bytes.Add(_rig.In(0x60));
        }

        return bytes;
    }
}

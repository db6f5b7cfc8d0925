using Emu.Core.Memory;
using Emu.Core.State;
using Emu.Devices.Input;
using Emu.Devices.Tests.Misc;

namespace Emu.Devices.Tests.Input;

/// <summary>
/// Host key and pointer events through <see cref="HostInput"/> into the i8042, untranslated (set 2
/// on the wire; the side-by-side guest test covers the translated set 1 bytes against QEMU).
/// </summary>
public sealed class HostInputTests
{
    private const long Millisecond = 1_000_000;

    private readonly DeviceRig _rig = new();
    private readonly I8042 _kbc;
    private readonly HostInput _input;

    public HostInputTests()
    {
        _kbc = new I8042(_rig.Irqs.Line(1), _rig.Irqs.Line(12), new PhysicalMemory(1 << 20));
        _kbc.Attach(_rig.Bus);
        _input = new HostInput(_kbc, _rig.Scheduler);
    }

    [Fact]
    public void ExtendedKeysSendE0PrefixAndF0BeforeTheBreakCode()
    {
        _input.KeyEvent(QKeyCode.Up, down: true);
        _input.KeyEvent(QKeyCode.Up, down: false);
        _input.KeyEvent(QKeyCode.Digit1, down: true);

        Assert.Equal([0xE0, 0x75, 0xE0, 0xF0, 0x75, 0x16], ReadKeyboard());
    }

    [Fact]
    public void PrintScreenSendsFakeShiftAloneAndNotUnderShiftOrAlt()
    {
        _input.KeyEvent(QKeyCode.Print, down: true);
        _input.KeyEvent(QKeyCode.Print, down: false);
        Assert.Equal([0xE0, 0x12, 0xE0, 0x7C, 0xE0, 0xF0, 0x7C, 0xE0, 0xF0, 0x12], ReadKeyboard());

        _input.KeyEvent(QKeyCode.ShiftR, down: true);
        _input.KeyEvent(QKeyCode.Print, down: true);
        Assert.Equal([0x59, 0xE0, 0x7C], ReadKeyboard());
        _input.KeyEvent(QKeyCode.ShiftR, down: false);

        // SysRq is Alt+Print; QEMU's sysrq key is Print.
        _input.KeyEvent(QKeyCode.Alt, down: true);
        _input.KeyEvent(QKeyCode.Sysrq, down: true);
        Assert.Equal([0xF0, 0x59, 0x11, 0xF0, 0x11, 0x11, 0x84], ReadKeyboard());
    }

    [Fact]
    public void PauseSendsItsSequenceOnMakeOnlyAndBreakUnderCtrl()
    {
        _input.KeyEvent(QKeyCode.Pause, down: true);
        _input.KeyEvent(QKeyCode.Pause, down: false);
        Assert.Equal([0xE1, 0x14, 0x77, 0xE1, 0xF0, 0x14, 0xF0, 0x77], ReadKeyboard());

        _input.KeyEvent(QKeyCode.CtrlR, down: true);
        _input.KeyEvent(QKeyCode.Pause, down: true);
        Assert.Equal([0xE0, 0x14, 0xE0, 0x7E, 0xE0, 0xF0, 0x7E], ReadKeyboard());
    }

    [Fact]
    public void KeysBehindADelayWaitForTheVirtualClock()
    {
        _input.SendKey(QKeyCode.A, down: true);
        _input.Delay(0);
        _input.SendKey(QKeyCode.A, down: false);
        _input.Delay(50);
        _input.SendKey(QKeyCode.B, down: true);
        Assert.Equal([0x1C], ReadKeyboard());

        _rig.Advance((10 * Millisecond) - 1);
        Assert.Empty(ReadKeyboard());
        _rig.Advance(1);
        Assert.Equal([0xF0, 0x1C], ReadKeyboard());
        _rig.Advance(49 * Millisecond);
        Assert.Empty(ReadKeyboard());
        _rig.Advance(Millisecond);
        Assert.Equal([0x32], ReadKeyboard());
        Assert.Equal(0, _input.QueuedCount);
    }

    [Fact]
    public void NothingReachesTheGuestWhileTheVmIsStopped()
    {
        _input.IsRunning = () => false;
        _input.SendKey(QKeyCode.A, down: true);
        _input.Delay(0);
        _input.SendKey(QKeyCode.A, down: false);

        Assert.Empty(ReadKeyboard());
        Assert.Equal(0, _input.QueuedCount);
    }

    [Fact]
    public void PointerMotionIsSplitIntoPacketsOf127AndYCountsUp()
    {
        EnableMouse();
        _input.Button(PointerButton.Left, down: true);
        _input.RelativeMotion(200, 10);
        _input.Sync();

        Assert.Equal([0x29, 0x7F, 0xF6, 0x09, 0x49, 0x00], ReadAux());
    }

    [Fact]
    public void PointerEventsAreDroppedWhileReportingIsOff()
    {
        _input.RelativeMotion(5, 5);
        _input.Sync();
        EnableMouse();
        _input.Button(PointerButton.Right, down: true);
        _input.Sync();

        Assert.Equal([0x0A, 0x00, 0x00], ReadAux());
    }

    [Fact]
    public void PendingMotionAndModifiersSurviveSaveAndLoad()
    {
        EnableMouse();
        _kbc.Mouse.RelativeMotion(300, 0);
        _input.KeyEvent(QKeyCode.Ctrl, down: true);
        ReadKeyboard();
        using MemoryStream stream = new();
        _kbc.Save(new StateWriter(stream));

        HostInputTests copy = new();
        copy._kbc.Load(StateReader.Read(stream.ToArray()));
        copy._input.RelativeMotion(0, 0);
        copy._input.Sync();
        Assert.Equal([0x08, 0x7F, 0x00, 0x08, 0x7F, 0x00, 0x08, 0x2E, 0x00], copy.ReadAux());
        copy._input.KeyEvent(QKeyCode.Pause, down: true);
        Assert.Equal([0xE0, 0x7E, 0xE0, 0xF0, 0x7E], copy.ReadKeyboard());
    }

    private void EnableMouse()
    {
        _rig.Out(0x64, 0xD4);
        _rig.Out(0x60, 0xF4);
        Assert.Equal([0xFA], ReadAux());
    }

    private List<byte> ReadKeyboard() => Read(aux: false);

    private List<byte> ReadAux() => Read(aux: true);

    private List<byte> Read(bool aux)
    {
        List<byte> bytes = [];
        while ((_rig.In(0x64) & 0x01) != 0)
        {
            Assert.Equal(aux, (_rig.In(0x64) & 0x20) != 0);
            bytes.Add(_rig.In(0x60));
        }

        return bytes;
    }
}

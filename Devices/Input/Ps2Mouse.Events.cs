namespace Emu.Devices.Input;

/// <summary>
/// Pointer events as QEMU 7.2's input layer gives them to <c>ps2_mouse_event</c>: relative motion
/// (x right, y down) and buttons accumulate, and <see cref="Sync"/> sends them as stream packets,
/// each delta clamped to -127..127 and the rest sent in further packets. Events are dropped while
/// reporting is disabled (QEMU keeps no deltas then) and motion stays pending in remote mode.
/// </summary>
public sealed partial class Ps2Mouse
{
    private const int PacketBytes = 3;

    private int _pendingDx;
    private int _pendingDy;

    /// <summary>Adds relative motion in the host's sense: <paramref name="dx"/> right, <paramref name="dy"/> down.</summary>
    public void RelativeMotion(int dx, int dy)
    {
        if (!ReportingEnabled)
        {
            return;
        }

        _pendingDx = SaturatingAdd(_pendingDx, dx);
        _pendingDy = SaturatingAdd(_pendingDy, -dy); // PS/2 counts y up
    }

    /// <summary>Presses or releases the buttons in <paramref name="mask"/> (bit 0 left, 1 right, 2 middle).</summary>
    public void Button(byte mask, bool down)
    {
        if (!ReportingEnabled)
        {
            return;
        }

        _buttons = down ? (byte)((_buttons | mask) & 7) : (byte)(_buttons & ~mask);
    }

    /// <summary>Sends what accumulated since the last sync (QEMU <c>ps2_mouse_sync</c>): at least one packet, more while motion remains.</summary>
    public void Sync()
    {
        if (!ReportingEnabled || RemoteMode)
        {
            return;
        }

        while (_queue.Capacity - _queue.Count >= PacketBytes)
        {
            int dx = Math.Clamp(_pendingDx, -127, 127);
            int dy = Math.Clamp(_pendingDy, -127, 127);
            _queue.TryEnqueue((byte)(0x08 | (dx < 0 ? 0x10 : 0) | (dy < 0 ? 0x20 : 0) | _buttons));
            _queue.TryEnqueue((byte)dx);
            _queue.TryEnqueue((byte)dy);
            _pendingDx -= dx;
            _pendingDy -= dy;
            if (_pendingDx == 0 && _pendingDy == 0)
            {
                break;
            }
        }

        DataAvailable?.Invoke();
    }

    private static int SaturatingAdd(int a, int b) => (int)Math.Clamp((long)a + b, int.MinValue, int.MaxValue);
}

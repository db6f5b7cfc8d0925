using Emu.Core.Timing;

namespace Emu.Devices.Input;

/// <summary>
/// The machine's input layer (QEMU <c>ui/input.c</c>): key and pointer events from the host (the
/// window, send-key, input-send-event) go to the i8042's PS/2 keyboard and mouse. Keys sent with
/// <see cref="SendKey"/> keep their order behind <see cref="Delay"/>s, which run on the virtual
/// clock as QEMU's send-key queue does (<c>qemu_input_event_send_key_delay</c>, 10 ms when no
/// hold time is given). Machine thread only. The PS/2 mouse is a relative device: there is no
/// absolute pointer (QEMU's vmmouse) to take absolute events.
/// </summary>
public sealed class HostInput
{
    /// <summary>QEMU's kbd_default_delay_ms.</summary>
    public const uint DefaultDelayMilliseconds = 10;

    // QEMU's queue_limit: events beyond it are dropped.
    private const int QueueLimit = 1024;
    private const long TicksPerMillisecond = VirtualClock.TicksPerSecond / 1000;

    private readonly I8042 _controller;
    private readonly EventScheduler _scheduler;
    private readonly TimerEvent _timer;
    private readonly Queue<QueuedKey> _queue = new();
    private bool _pointerEvents;

    public HostInput(I8042 controller, EventScheduler scheduler)
    {
        _controller = controller;
        _scheduler = scheduler;
        _timer = new TimerEvent("input-keys", _ => ProcessQueue());
    }

    /// <summary>
    /// Whether the VM runs: QEMU drops input events while it is stopped and adds no delays
    /// (<c>runstate_is_running</c> in qemu_input_event_send). Set by whoever owns the run state.
    /// </summary>
    public Func<bool> IsRunning { get; set; } = static () => true;

    /// <summary>How many key events and delays wait in the send-key queue.</summary>
    public int QueuedCount => _queue.Count;

    /// <summary>A key goes down or up now, or behind the keys still waiting for a delay (QEMU qemu_input_event_send_key).</summary>
    public void SendKey(QKeyCode key, bool down)
    {
        if (_queue.Count == 0)
        {
            KeyEvent(key, down);
        }
        else if (_queue.Count < QueueLimit)
        {
            _queue.Enqueue(new QueuedKey(key, down, 0));
        }
    }

    /// <summary>Holds back the keys sent after it for <paramref name="milliseconds"/> of virtual time (0: the default 10 ms).</summary>
    public void Delay(uint milliseconds)
    {
        if (!IsRunning() || _queue.Count >= QueueLimit)
        {
            return;
        }

        bool startTimer = _queue.Count == 0;
        QueuedKey delay = new(QKeyCode.Unmapped, false, milliseconds == 0 ? DefaultDelayMilliseconds : milliseconds);
        _queue.Enqueue(delay);
        if (startTimer)
        {
            _scheduler.ScheduleIn(_timer, delay.DelayMilliseconds * TicksPerMillisecond);
        }
    }

    /// <summary>A key goes down or up now, ahead of any queued keys (input-send-event, QEMU qemu_input_event_send).</summary>
    public void KeyEvent(QKeyCode key, bool down)
    {
        if (!IsRunning())
        {
            return;
        }

        // QEMU normalises SysRq to Print: the keyboard derives SysRq from Alt+Print itself.
        _controller.Keyboard.KeyEvent(key == QKeyCode.Sysrq ? QKeyCode.Print : key, down);
    }

    /// <summary>Relative pointer motion: <paramref name="dx"/> right, <paramref name="dy"/> down.</summary>
    public void RelativeMotion(int dx, int dy)
    {
        if (!IsRunning())
        {
            return;
        }

        _controller.Mouse.RelativeMotion(dx, dy);
        _pointerEvents = true;
    }

    public void Button(PointerButton button, bool down)
    {
        if (!IsRunning())
        {
            return;
        }

        byte mask = button switch
        {
            PointerButton.Left => 0x01,
            PointerButton.Right => 0x02,
            PointerButton.Middle => 0x04,
            _ => 0, // wheel, side and extra: the 3-button PS/2 protocol has no bit for them
        };
        _controller.Mouse.Button(mask, down);
        _pointerEvents = true;
    }

    /// <summary>Ends a group of events: the mouse sends what it gathered if it got any (QEMU qemu_input_event_sync).</summary>
    public void Sync()
    {
        if (_pointerEvents && IsRunning())
        {
            _pointerEvents = false;
            _controller.Mouse.Sync();
        }
    }

    private void ProcessQueue()
    {
        // The head is the delay that just ran out; send what follows up to the next delay.
        _queue.Dequeue();
        while (_queue.TryPeek(out QueuedKey next))
        {
            if (next.DelayMilliseconds != 0)
            {
                _scheduler.ScheduleIn(_timer, next.DelayMilliseconds * TicksPerMillisecond);
                return;
            }

            _queue.Dequeue();
            KeyEvent(next.Key, next.Down);
        }
    }

    private readonly record struct QueuedKey(QKeyCode Key, bool Down, uint DelayMilliseconds);
}

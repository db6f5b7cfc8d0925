using Emu.Core.State;

namespace Emu.Devices.Input;

/// <summary>
/// A minimal PS/2 mouse on the i8042's auxiliary port (IBM PS/2 Technical Reference, Pointing
/// Device; QEMU <c>hw/input/ps2.c</c> <c>ps2_write_mouse</c>): answers the standard commands
/// (FF reset -> FA AA 00, F2 -> FA 00, E9 status, E8/F3 with a parameter, E6/E7/EA/F0/F4/F5/F6)
/// and sends 3-byte stream packets for <see cref="Move"/> while reporting is enabled. Leaves
/// out the IntelliMouse wheel protocols, wrap mode and remote-mode polling data (EB answers a
/// zero-motion packet).
/// </summary>
public sealed partial class Ps2Mouse : IPs2Device
{
    private const byte ReplyAck = 0xFA;
    private const byte ReplyResend = 0xFE;

    private readonly Ps2Queue _queue = new(256);
    private int _pendingCommand = -1;
    private byte _buttons;
    private byte _lastByte;

    public Action? DataAvailable { get; set; }

    public bool HasData => _queue.Count > 0;

    public bool ReportingEnabled { get; private set; }

    public byte SampleRate { get; private set; } = 100;

    public byte Resolution { get; private set; } = 2;

    public bool Scaling2To1 { get; private set; }

    public bool RemoteMode { get; private set; }

    /// <summary>The next byte; with nothing queued, the last byte again (QEMU <c>ps2_read_data</c>).</summary>
    public byte ReadData()
    {
        if (_queue.Count > 0)
        {
            _lastByte = _queue.Dequeue();
        }

        return _lastByte;
    }

    public void WriteData(byte value)
    {
        if (_pendingCommand >= 0)
        {
            if (_pendingCommand == 0xE8)
            {
                Resolution = (byte)(value & 3);
            }
            else
            {
                SampleRate = value;
            }

            _pendingCommand = -1;
            Send(ReplyAck);
            return;
        }

        switch (value)
        {
            case 0xE6:
                Scaling2To1 = false;
                Send(ReplyAck);
                break;
            case 0xE7:
                Scaling2To1 = true;
                Send(ReplyAck);
                break;
            case 0xE8: // set resolution
            case 0xF3: // set sample rate
                _pendingCommand = value;
                Send(ReplyAck);
                break;
            case 0xE9: // status request: ack, then status, resolution, rate
                Send(ReplyAck);
                Send((byte)((RemoteMode ? 0x40 : 0) | (ReportingEnabled ? 0x20 : 0) | (Scaling2To1 ? 0x10 : 0) | (_buttons & 7)));
                Send(Resolution);
                Send(SampleRate);
                break;
            case 0xEA:
                RemoteMode = false;
                Send(ReplyAck);
                break;
            case 0xEB: // read data
                Send(ReplyAck);
                Send((byte)(0x08 | (_buttons & 7)));
                Send(0);
                Send(0);
                break;
            case 0xF0:
                RemoteMode = true;
                Send(ReplyAck);
                break;
            case 0xF2: // identify: standard PS/2 mouse
                Send(ReplyAck);
                Send(0x00);
                break;
            case 0xF4:
                ReportingEnabled = true;
                Send(ReplyAck);
                break;
            case 0xF5:
                ReportingEnabled = false;
                Send(ReplyAck);
                break;
            case 0xF6:
                SetDefaults();
                Send(ReplyAck);
                break;
            case 0xFF:
                SetDefaults();
                _queue.Clear();
                Send(ReplyAck);
                Send(0xAA);
                Send(0x00);
                break;
            default:
                Send(ReplyResend);
                break;
        }
    }

    /// <summary>Reports motion (dx right, dy up, clamped to 9 bits) and buttons (bit 0 left, 1 right, 2 middle).</summary>
    public void Move(int dx, int dy, byte buttons)
    {
        _buttons = (byte)(buttons & 7);
        if (!ReportingEnabled || RemoteMode || _queue.Capacity - _queue.Count < 3)
        {
            return;
        }

        dx = Math.Clamp(dx, -256, 255);
        dy = Math.Clamp(dy, -256, 255);
        byte header = (byte)(0x08 | _buttons | (dx < 0 ? 0x10 : 0) | (dy < 0 ? 0x20 : 0));
        _queue.TryEnqueue(header);
        _queue.TryEnqueue((byte)dx);
        _queue.TryEnqueue((byte)dy);
        DataAvailable?.Invoke();
    }

    public void Reset()
    {
        SetDefaults();
        _queue.Clear();
        _pendingCommand = -1;
        _buttons = 0;
        _pendingDx = 0;
        _pendingDy = 0;
    }

    internal void Save(StateWriter writer)
    {
        _queue.Save(writer, "mouse.queue");
        writer.Write("mouse.pending", _pendingCommand);
        writer.Write("mouse.buttons", _buttons);
        writer.Write("mouse.last", _lastByte);
        writer.Write("mouse.reporting", ReportingEnabled);
        writer.Write("mouse.rate", SampleRate);
        writer.Write("mouse.resolution", Resolution);
        writer.Write("mouse.scaling", Scaling2To1);
        writer.Write("mouse.remote", RemoteMode);
        writer.Write("mouse.dx", _pendingDx);
        writer.Write("mouse.dy", _pendingDy);
    }

    internal void Load(StateSection section)
    {
        _queue.Load(section, "mouse.queue");
        _pendingCommand = section.GetInt32("mouse.pending", -1, 0xFF);
        _buttons = (byte)section.GetInt32("mouse.buttons", 0, 7);
        _lastByte = section.GetByte("mouse.last");
        ReportingEnabled = section.GetBool("mouse.reporting");
        SampleRate = section.GetByte("mouse.rate");
        Resolution = (byte)section.GetInt32("mouse.resolution", 0, 3);
        Scaling2To1 = section.GetBool("mouse.scaling");
        RemoteMode = section.GetBool("mouse.remote");
        _pendingDx = (int)section.GetInt64OrDefault("mouse.dx", int.MinValue, int.MaxValue, 0);
        _pendingDy = (int)section.GetInt64OrDefault("mouse.dy", int.MinValue, int.MaxValue, 0);
    }

    private void SetDefaults()
    {
        ReportingEnabled = false;
        SampleRate = 100;
        Resolution = 2;
        Scaling2To1 = false;
        RemoteMode = false;
    }

    private void Send(byte value)
    {
        _queue.TryEnqueue(value);
        DataAvailable?.Invoke();
    }
}

using Emu.Core.State;

namespace Emu.Devices.Input;

/// <summary>
/// A PS/2 MF2 keyboard (IBM PS/2 Technical Reference, Keyboard; QEMU <c>hw/input/ps2.c</c>):
/// generates scan code set 2 (set 1 when selected; set 3 is accepted but keys still send set 2),
/// answers the host commands (FF reset, F2 identify, F0 scan code set, ED LEDs, F3 typematic,
/// F4/F5/F6, EE echo; others FE) with command replies ahead of queued key bytes, as QEMU 7.2
/// does. As in QEMU, the set 2 -> set 1 translation that the i8042 performs when its command
/// byte bit 6 is set is applied as bytes are queued (<see cref="Translate"/>), so the queue holds
/// what port 60h will show. Key injection (<see cref="PressKey"/>, <see cref="TypeText"/>) must
/// run on the machine thread. Leaves out typematic repeat and the set 3 make/break modes.
/// </summary>
public sealed partial class Ps2Keyboard : IPs2Device
{
    // Commands and replies (IBM PS/2 Technical Reference, "Commands from the system").
    private const byte CmdSetLeds = 0xED;
    private const byte CmdEcho = 0xEE;
    private const byte CmdScancodeSet = 0xF0;
    private const byte CmdIdentify = 0xF2;
    private const byte CmdTypematic = 0xF3;
    private const byte CmdEnable = 0xF4;
    private const byte CmdResetDisable = 0xF5;
    private const byte CmdResetEnable = 0xF6;
    private const byte CmdSetAllTypematicMakeBreak = 0xFA;
    private const byte CmdSetKeyMakeBreak = 0xFC;
    private const byte CmdReset = 0xFF;
    private const byte ReplyAck = 0xFA;
    private const byte ReplyResend = 0xFE;
    private const byte ReplySelfTestPassed = 0xAA;
    private const byte ReplyId = 0xAB;

    private readonly Ps2Queue _keys = new(256);
    private readonly Ps2Queue _replies = new(8);
    private int _pendingCommand = -1;
    private bool _breakPrefix;
    private byte _lastByte;

    public Ps2Keyboard()
    {
        ResetKeyboard();
        ScanningEnabled = true;
    }

    public Action? DataAvailable { get; set; }

    public bool HasData => _replies.Count > 0 || _keys.Count > 0;

    public bool ScanningEnabled { get; private set; }

    /// <summary>The selected scan code set, 1-3.</summary>
    public int ScancodeSet { get; private set; }

    /// <summary>LED bits from ED: 0 Scroll Lock, 1 Num Lock, 2 Caps Lock.</summary>
    public byte Leds { get; private set; }

    /// <summary>The i8042 translates key bytes to set 1 (command byte bit 6); set by the controller.</summary>
    public bool Translate { get; set; }

    /// <summary>The next byte; with nothing queued, the last byte again (QEMU <c>ps2_read_data</c>).</summary>
    public byte ReadData()
    {
        if (_replies.Count > 0)
        {
            _lastByte = _replies.Dequeue();
        }
        else if (_keys.Count > 0)
        {
            _lastByte = _keys.Dequeue();
        }

        return _lastByte;
    }

    public void WriteData(byte value)
    {
        // A new command drops replies not yet read (QEMU 7.2 ps2_cqueue_reset).
        _replies.Clear();
        switch (_pendingCommand)
        {
            case CmdScancodeSet:
                _pendingCommand = -1;
                if (value == 0)
                {
                    // The current set, translated when the controller translates (1/2/3 -> 43/41/3F).
                    Reply(ReplyAck, Translate ? Scancodes.Translation[ScancodeSet] : (byte)ScancodeSet);
                }
                else if (value <= 3)
                {
                    ScancodeSet = value;
                    Reply(ReplyAck);
                }
                else
                {
                    Reply(ReplyResend);
                }

                return;
            case CmdSetLeds:
                _pendingCommand = -1;
                Leds = (byte)(value & 0x07);
                Reply(ReplyAck);
                return;
            case CmdTypematic:
            case CmdSetKeyMakeBreak:
                _pendingCommand = -1;
                Reply(ReplyAck);
                return;
        }

        switch (value)
        {
            case 0x00:
                Reply(ReplyAck);
                break;
            case CmdIdentify:
                // MF2 keyboard: AB 83, or AB 41 as seen through translation (QEMU).
                Reply(ReplyAck, ReplyId, Translate ? (byte)0x41 : (byte)0x83);
                break;
            case CmdEcho:
                Reply(CmdEcho);
                break;
            case CmdEnable:
                ScanningEnabled = true;
                Reply(ReplyAck);
                break;
            case CmdScancodeSet:
            case CmdSetLeds:
            case CmdTypematic:
            case CmdSetKeyMakeBreak:
                _pendingCommand = value;
                Reply(ReplyAck);
                break;
            case CmdResetDisable:
                ResetKeyboard();
                ScanningEnabled = false;
                Reply(ReplyAck);
                break;
            case CmdResetEnable:
                ResetKeyboard();
                ScanningEnabled = true;
                Reply(ReplyAck);
                break;
            case CmdReset:
                ResetKeyboard();
                ScanningEnabled = true;
                Reply(ReplyAck, ReplySelfTestPassed);
                break;
            case CmdSetAllTypematicMakeBreak:
                Reply(ReplyAck);
                break;
            default:
                Reply(ReplyResend);
                break;
        }
    }

    /// <summary>Queues the make code of <paramref name="key"/> (dropped while scanning is disabled).</summary>
    public void PressKey(KeyCode key) => SendKey(key, release: false);

    /// <summary>Queues the break code of <paramref name="key"/>.</summary>
    public void ReleaseKey(KeyCode key) => SendKey(key, release: true);

    /// <summary>Queues raw keyboard bytes as if the keyboard sent them (in the keyboard's current set).</summary>
    public void InjectScancodes(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            if (!Translate)
            {
                _keys.TryEnqueue(b);
            }
            else if (b == 0xF0)
            {
                _breakPrefix = true; // folded into the next byte as bit 7 (8042 translation)
            }
            else
            {
                _keys.TryEnqueue((byte)(Scancodes.Translation[b] | (_breakPrefix ? 0x80 : 0)));
                _breakPrefix = false;
            }
        }

        if (!bytes.IsEmpty)
        {
            DataAvailable?.Invoke();
        }
    }

    /// <summary>Types <paramref name="text"/> on a US layout: press and release per character, with Shift as needed.</summary>
    /// <exception cref="ArgumentException">A character no key on the layout types.</exception>
    public void TypeText(string text)
    {
        foreach (char c in text)
        {
            if (!Scancodes.TryGetKeyForChar(c, out KeyCode key, out bool shift))
            {
                throw new ArgumentException($"no key types U+{(int)c:X4} on a US layout", nameof(text));
            }

            if (shift)
            {
                PressKey(KeyCode.LeftShift);
            }

            PressKey(key);
            ReleaseKey(key);
            if (shift)
            {
                ReleaseKey(KeyCode.LeftShift);
            }
        }
    }

    /// <summary>Power-on: set 2, LEDs off, scanning on, no translation, queues empty.</summary>
    public void Reset()
    {
        ResetKeyboard();
        Translate = false;
        ScanningEnabled = true;
        _replies.Clear();
        _pendingCommand = -1;
        _modifiers = 0;
    }

    internal void Save(StateWriter writer)
    {
        _keys.Save(writer, "kbd.keys");
        _replies.Save(writer, "kbd.replies");
        writer.Write("kbd.pending", _pendingCommand);
        writer.Write("kbd.scanning", ScanningEnabled);
        writer.Write("kbd.set", ScancodeSet);
        writer.Write("kbd.leds", Leds);
        writer.Write("kbd.translate", Translate);
        writer.Write("kbd.breakPrefix", _breakPrefix);
        writer.Write("kbd.last", _lastByte);
        writer.Write("kbd.modifiers", _modifiers);
    }

    internal void Load(StateSection section)
    {
        _keys.Load(section, "kbd.keys");
        _replies.Load(section, "kbd.replies");
        _pendingCommand = section.GetInt32("kbd.pending", -1, 0xFF);
        ScanningEnabled = section.GetBool("kbd.scanning");
        ScancodeSet = section.GetInt32("kbd.set", 1, 3);
        Leds = (byte)section.GetInt32("kbd.leds", 0, 7);
        Translate = section.GetBool("kbd.translate");
        _breakPrefix = section.GetBool("kbd.breakPrefix");
        _lastByte = section.GetByte("kbd.last");
        _modifiers = (byte)section.GetInt64OrDefault("kbd.modifiers", 0, ModifierMask, 0);
    }

    private void ResetKeyboard()
    {
        ScancodeSet = 2;
        Leds = 0;
        _keys.Clear();
        _breakPrefix = false;
    }

    private void SendKey(KeyCode key, bool release)
    {
        if (!ScanningEnabled)
        {
            return;
        }

        if (key == KeyCode.Pause)
        {
            // Pause has no break code; its make is a fixed sequence (set 2: E1 14 77 E1 F0 14 F0 77).
            if (!release)
            {
                InjectScancodes(ScancodeSet == 1 ? [0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5] : [0xE1, 0x14, 0x77, 0xE1, 0xF0, 0x14, 0xF0, 0x77]);
            }

            return;
        }

        ushort make = Scancodes.GetSet2Make(key);
        if (make == 0)
        {
            return;
        }

        byte code = (byte)make;
        bool extended = (make & 0xE000) == 0xE000;
        Span<byte> bytes = stackalloc byte[3];
        int length = 0;
        if (extended)
        {
            bytes[length++] = 0xE0;
        }

        if (ScancodeSet == 1)
        {
            byte set1 = Scancodes.Translation[code];
            bytes[length++] = release ? (byte)(set1 | 0x80) : set1;
        }
        else
        {
            if (release)
            {
                bytes[length++] = 0xF0;
            }

            bytes[length++] = code;
        }

        InjectScancodes(bytes[..length]);
    }

    private void Reply(byte a)
    {
        _replies.TryEnqueue(a);
        DataAvailable?.Invoke();
    }

    private void Reply(byte a, byte b)
    {
        _replies.TryEnqueue(a);
        _replies.TryEnqueue(b);
        DataAvailable?.Invoke();
    }

    private void Reply(byte a, byte b, byte c)
    {
        _replies.TryEnqueue(a);
        _replies.TryEnqueue(b);
        _replies.TryEnqueue(c);
        DataAvailable?.Invoke();
    }
}

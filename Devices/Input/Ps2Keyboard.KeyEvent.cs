namespace Emu.Devices.Input;

/// <summary>
/// Key events in QEMU's key namespace (send-key, input-send-event, the window), made into scan
/// codes as QEMU 7.2's <c>ps2_keyboard_event</c> does: the keyboard tracks the six modifier keys
/// because Print Screen and Pause send different sequences under them (IBM PS/2 Technical
/// Reference, Keyboards, "Scan Code Tables" notes for keys 124 and 126), and the language keys
/// send no break code.
/// </summary>
public sealed partial class Ps2Keyboard
{
    private const byte ModCtrlLeft = 0x01;
    private const byte ModShiftLeft = 0x02;
    private const byte ModAltLeft = 0x04;
    private const byte ModCtrlRight = 0x08;
    private const byte ModShiftRight = 0x10;
    private const byte ModAltRight = 0x20;
    private const byte ModifierMask = 0x3F;

    private byte _modifiers;

    /// <summary>Presses (<paramref name="down"/>) or releases <paramref name="key"/>; dropped while scanning is disabled, as QEMU drops it.</summary>
    public void KeyEvent(QKeyCode key, bool down)
    {
        if (!ScanningEnabled)
        {
            return;
        }

        byte modifier = ModifierBit(key);
        _modifiers = down ? (byte)(_modifiers | modifier) : (byte)(_modifiers & ~modifier);
        bool set1 = ScancodeSet == 1;
        if (key == QKeyCode.Pause)
        {
            if (down)
            {
                SendPause(set1);
            }
        }
        else if (key == QKeyCode.Print)
        {
            SendPrint(set1, down);
        }
        else if (key is QKeyCode.Lang1 or QKeyCode.Lang2 && !down)
        {
            // These keys have no break code.
        }
        else
        {
            SendMakeOrBreak(QKeyCodes.Set2Make(key), set1, down);
        }
    }

    private void SendMakeOrBreak(ushort make, bool set1, bool down)
    {
        if (make == 0)
        {
            return;
        }

        Span<byte> bytes = stackalloc byte[3];
        int length = 0;
        if ((make & 0xFF00) != 0)
        {
            bytes[length++] = (byte)(make >> 8);
        }

        byte code = (byte)make;
        if (set1)
        {
            byte set1Code = Scancodes.Translation[code];
            bytes[length++] = down ? set1Code : (byte)(set1Code | 0x80);
        }
        else
        {
            if (!down)
            {
                bytes[length++] = 0xF0;
            }

            bytes[length++] = code;
        }

        InjectScancodes(bytes[..length]);
    }

    /// <summary>Pause sends its whole sequence on make and nothing on break; with Ctrl it is Break (E0 7E / E0 46).</summary>
    private void SendPause(bool set1)
    {
        bool ctrl = (_modifiers & (ModCtrlLeft | ModCtrlRight)) != 0;
        if (ctrl)
        {
            InjectScancodes(set1 ? [0xE0, 0x46, 0xE0, 0xC6] : [0xE0, 0x7E, 0xE0, 0xF0, 0x7E]);
        }
        else
        {
            InjectScancodes(set1 ? [0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5] : [0xE1, 0x14, 0x77, 0xE1, 0xF0, 0x14, 0xF0, 0x77]);
        }
    }

    /// <summary>Print Screen: SysRq (84h) under Alt, E0 7C under Shift or Ctrl, else E0 12 E0 7C (fake shift first).</summary>
    private void SendPrint(bool set1, bool down)
    {
        if ((_modifiers & ModAltLeft) != 0)
        {
            if (set1)
            {
                InjectScancodes(down ? [0xB8, 0x38, 0x54] : [0xD4, 0xB8, 0x38]);
            }
            else
            {
                InjectScancodes(down ? [0xF0, 0x11, 0x11, 0x84] : [0xF0, 0x84, 0xF0, 0x11, 0x11]);
            }
        }
        else if ((_modifiers & ModAltRight) != 0)
        {
            if (set1)
            {
                InjectScancodes(down ? [0xE0, 0xB8, 0xE0, 0x38, 0x54] : [0xD4, 0xE0, 0xB8, 0xE0, 0x38]);
            }
            else
            {
                InjectScancodes(down ? [0xE0, 0xF0, 0x11, 0xE0, 0x11, 0x84] : [0xF0, 0x84, 0xE0, 0xF0, 0x11, 0xE0, 0x11]);
            }
        }
        else if ((_modifiers & (ModShiftLeft | ModCtrlLeft | ModShiftRight | ModCtrlRight)) != 0)
        {
            if (set1)
            {
                InjectScancodes(down ? [0xE0, 0x37] : [0xE0, 0xB7]);
            }
            else
            {
                InjectScancodes(down ? [0xE0, 0x7C] : [0xE0, 0xF0, 0x7C]);
            }
        }
        else if (set1)
        {
            InjectScancodes(down ? [0xE0, 0x2A, 0xE0, 0x37] : [0xE0, 0xB7, 0xE0, 0xAA]);
        }
        else
        {
            InjectScancodes(down ? [0xE0, 0x12, 0xE0, 0x7C] : [0xE0, 0xF0, 0x7C, 0xE0, 0xF0, 0x12]);
        }
    }

    private static byte ModifierBit(QKeyCode key) => key switch
    {
        QKeyCode.Ctrl => ModCtrlLeft,
        QKeyCode.Shift => ModShiftLeft,
        QKeyCode.Alt => ModAltLeft,
        QKeyCode.CtrlR => ModCtrlRight,
        QKeyCode.ShiftR => ModShiftRight,
        QKeyCode.AltR => ModAltRight,
        _ => 0,
    };
}

namespace Emu.Devices.Input;

/// <summary>
/// Scan code facts for the PS/2 keyboard: set 2 make codes per key (IBM PS/2 Technical
/// Reference, Keyboards; 0xE0xx = E0-prefixed), the i8042's set 2 to set 1 translation table
/// (the same table as IBM's 8042 firmware, QEMU <c>ps2.c</c> <c>translate_table</c>), and
/// the US layout for typing ASCII text.
/// </summary>
public static class Scancodes
{
    private static readonly ushort[] Set2 = BuildSet2();

    /// <summary>The i8042 translation of a set 2 byte to set 1 (break prefix F0 handled by the caller).</summary>
    public static ReadOnlySpan<byte> Translation =>
    [
        0xFF, 0x43, 0x41, 0x3F, 0x3D, 0x3B, 0x3C, 0x58, 0x64, 0x44, 0x42, 0x40, 0x3E, 0x0F, 0x29, 0x59,
        0x65, 0x38, 0x2A, 0x70, 0x1D, 0x10, 0x02, 0x5A, 0x66, 0x71, 0x2C, 0x1F, 0x1E, 0x11, 0x03, 0x5B,
        0x67, 0x2E, 0x2D, 0x20, 0x12, 0x05, 0x04, 0x5C, 0x68, 0x39, 0x2F, 0x21, 0x14, 0x13, 0x06, 0x5D,
        0x69, 0x31, 0x30, 0x23, 0x22, 0x15, 0x07, 0x5E, 0x6A, 0x72, 0x32, 0x24, 0x16, 0x08, 0x09, 0x5F,
        0x6B, 0x33, 0x25, 0x17, 0x18, 0x0B, 0x0A, 0x60, 0x6C, 0x34, 0x35, 0x26, 0x27, 0x19, 0x0C, 0x61,
        0x6D, 0x73, 0x28, 0x74, 0x1A, 0x0D, 0x62, 0x6E, 0x3A, 0x36, 0x1C, 0x1B, 0x75, 0x2B, 0x63, 0x76,
        0x55, 0x56, 0x77, 0x78, 0x79, 0x7A, 0x0E, 0x7B, 0x7C, 0x4F, 0x7D, 0x4B, 0x47, 0x7E, 0x7F, 0x6F,
        0x52, 0x53, 0x50, 0x4C, 0x4D, 0x48, 0x01, 0x45, 0x57, 0x4E, 0x51, 0x4A, 0x37, 0x49, 0x46, 0x54,
        0x80, 0x81, 0x82, 0x41, 0x54, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x8B, 0x8C, 0x8D, 0x8E, 0x8F,
        0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F,
        0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE, 0xAF,
        0xB0, 0xB1, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBA, 0xBB, 0xBC, 0xBD, 0xBE, 0xBF,
        0xC0, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB, 0xCC, 0xCD, 0xCE, 0xCF,
        0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF,
        0xE0, 0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xEB, 0xEC, 0xED, 0xEE, 0xEF,
        0xF0, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF,
    ];

    /// <summary>The set 2 make code of <paramref name="key"/>: low byte the code, 0xE000 set when E0-prefixed; 0 if none.</summary>
    public static ushort GetSet2Make(KeyCode key) => (uint)key < (uint)Set2.Length ? Set2[(int)key] : (ushort)0;

    /// <summary>The key and shift state that type <paramref name="c"/> on a US layout; false if no key does.</summary>
    public static bool TryGetKeyForChar(char c, out KeyCode key, out bool shift)
    {
        shift = false;
        key = KeyCode.None;
        if (c is >= 'a' and <= 'z')
        {
            key = LetterKeys[c - 'a'];
            return true;
        }

        if (c is >= 'A' and <= 'Z')
        {
            shift = true;
            key = LetterKeys[c - 'A'];
            return true;
        }

        const string plain = "`1234567890-=[]\\;',./ \n\t\b\u001b";
        const string shifted = "~!@#$%^&*()_+{}|:\"<>?";
        ReadOnlySpan<KeyCode> plainKeys =
        [
            KeyCode.Grave, KeyCode.D1, KeyCode.D2, KeyCode.D3, KeyCode.D4, KeyCode.D5, KeyCode.D6, KeyCode.D7, KeyCode.D8,
            KeyCode.D9, KeyCode.D0, KeyCode.Minus, KeyCode.Equals, KeyCode.LeftBracket, KeyCode.RightBracket,
            KeyCode.Backslash, KeyCode.Semicolon, KeyCode.Apostrophe, KeyCode.Comma, KeyCode.Period, KeyCode.Slash,
            KeyCode.Space, KeyCode.Enter, KeyCode.Tab, KeyCode.Backspace, KeyCode.Escape,
        ];
        int index = plain.IndexOf(c);
        if (c == '\r')
        {
            index = plain.IndexOf('\n');
        }

        if (index >= 0)
        {
            key = plainKeys[index];
            return true;
        }

        index = shifted.IndexOf(c);
        if (index >= 0)
        {
            shift = true;
            key = plainKeys[index];
            return true;
        }

        return false;
    }

    // KeyCode lists letters in keyboard order, so alphabet positions need a table.
    private static readonly KeyCode[] LetterKeys =
    [
        KeyCode.A, KeyCode.B, KeyCode.C, KeyCode.D, KeyCode.E, KeyCode.F, KeyCode.G, KeyCode.H, KeyCode.I,
        KeyCode.J, KeyCode.K, KeyCode.L, KeyCode.M, KeyCode.N, KeyCode.O, KeyCode.P, KeyCode.Q, KeyCode.R,
        KeyCode.S, KeyCode.T, KeyCode.U, KeyCode.V, KeyCode.W, KeyCode.X, KeyCode.Y, KeyCode.Z,
    ];

    private static ushort[] BuildSet2()
    {
        ushort[] t = new ushort[(int)KeyCode.Keypad9 + 1];
        void Set(KeyCode key, int code) => t[(int)key] = (ushort)code;

        Set(KeyCode.Escape, 0x76);
        Set(KeyCode.F1, 0x05);
        Set(KeyCode.F2, 0x06);
        Set(KeyCode.F3, 0x04);
        Set(KeyCode.F4, 0x0C);
        Set(KeyCode.F5, 0x03);
        Set(KeyCode.F6, 0x0B);
        Set(KeyCode.F7, 0x83);
        Set(KeyCode.F8, 0x0A);
        Set(KeyCode.F9, 0x01);
        Set(KeyCode.F10, 0x09);
        Set(KeyCode.F11, 0x78);
        Set(KeyCode.F12, 0x07);
        Set(KeyCode.Grave, 0x0E);
        Set(KeyCode.D1, 0x16);
        Set(KeyCode.D2, 0x1E);
        Set(KeyCode.D3, 0x26);
        Set(KeyCode.D4, 0x25);
        Set(KeyCode.D5, 0x2E);
        Set(KeyCode.D6, 0x36);
        Set(KeyCode.D7, 0x3D);
        Set(KeyCode.D8, 0x3E);
        Set(KeyCode.D9, 0x46);
        Set(KeyCode.D0, 0x45);
        Set(KeyCode.Minus, 0x4E);
        Set(KeyCode.Equals, 0x55);
        Set(KeyCode.Backspace, 0x66);
        Set(KeyCode.Tab, 0x0D);
        Set(KeyCode.Q, 0x15);
        Set(KeyCode.W, 0x1D);
        Set(KeyCode.E, 0x24);
        Set(KeyCode.R, 0x2D);
        Set(KeyCode.T, 0x2C);
        Set(KeyCode.Y, 0x35);
        Set(KeyCode.U, 0x3C);
        Set(KeyCode.I, 0x43);
        Set(KeyCode.O, 0x44);
        Set(KeyCode.P, 0x4D);
        Set(KeyCode.LeftBracket, 0x54);
        Set(KeyCode.RightBracket, 0x5B);
        Set(KeyCode.Backslash, 0x5D);
        Set(KeyCode.CapsLock, 0x58);
        Set(KeyCode.A, 0x1C);
        Set(KeyCode.S, 0x1B);
        Set(KeyCode.D, 0x23);
        Set(KeyCode.F, 0x2B);
        Set(KeyCode.G, 0x34);
        Set(KeyCode.H, 0x33);
        Set(KeyCode.J, 0x3B);
        Set(KeyCode.K, 0x42);
        Set(KeyCode.L, 0x4B);
        Set(KeyCode.Semicolon, 0x4C);
        Set(KeyCode.Apostrophe, 0x52);
        Set(KeyCode.Enter, 0x5A);
        Set(KeyCode.LeftShift, 0x12);
        Set(KeyCode.Z, 0x1A);
        Set(KeyCode.X, 0x22);
        Set(KeyCode.C, 0x21);
        Set(KeyCode.V, 0x2A);
        Set(KeyCode.B, 0x32);
        Set(KeyCode.N, 0x31);
        Set(KeyCode.M, 0x3A);
        Set(KeyCode.Comma, 0x41);
        Set(KeyCode.Period, 0x49);
        Set(KeyCode.Slash, 0x4A);
        Set(KeyCode.RightShift, 0x59);
        Set(KeyCode.LeftCtrl, 0x14);
        Set(KeyCode.LeftAlt, 0x11);
        Set(KeyCode.Space, 0x29);
        Set(KeyCode.RightAlt, 0xE011);
        Set(KeyCode.RightCtrl, 0xE014);
        Set(KeyCode.LeftWindows, 0xE01F);
        Set(KeyCode.RightWindows, 0xE027);
        Set(KeyCode.Menu, 0xE02F);
        Set(KeyCode.Insert, 0xE070);
        Set(KeyCode.Delete, 0xE071);
        Set(KeyCode.Home, 0xE06C);
        Set(KeyCode.End, 0xE069);
        Set(KeyCode.PageUp, 0xE07D);
        Set(KeyCode.PageDown, 0xE07A);
        Set(KeyCode.Up, 0xE075);
        Set(KeyCode.Down, 0xE072);
        Set(KeyCode.Left, 0xE06B);
        Set(KeyCode.Right, 0xE074);
        Set(KeyCode.NumLock, 0x77);
        Set(KeyCode.ScrollLock, 0x7E);
        Set(KeyCode.PrintScreen, 0xE07C);
        Set(KeyCode.KeypadDivide, 0xE04A);
        Set(KeyCode.KeypadMultiply, 0x7C);
        Set(KeyCode.KeypadMinus, 0x7B);
        Set(KeyCode.KeypadPlus, 0x79);
        Set(KeyCode.KeypadEnter, 0xE05A);
        Set(KeyCode.KeypadPeriod, 0x71);
        Set(KeyCode.Keypad0, 0x70);
        Set(KeyCode.Keypad1, 0x69);
        Set(KeyCode.Keypad2, 0x72);
        Set(KeyCode.Keypad3, 0x7A);
        Set(KeyCode.Keypad4, 0x6B);
        Set(KeyCode.Keypad5, 0x73);
        Set(KeyCode.Keypad6, 0x74);
        Set(KeyCode.Keypad7, 0x6C);
        Set(KeyCode.Keypad8, 0x75);
        Set(KeyCode.Keypad9, 0x7D);
        return t;
    }
}

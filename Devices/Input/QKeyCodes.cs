namespace Emu.Devices.Input;

/// <summary>
/// Look-ups over QEMU's key namespace (tables in QKeyCodeTables.g.cs): the wire name of a
/// <see cref="QKeyCode"/>, its scan code set 2 make code, and the key for a QEMU key number
/// (send-key's <c>{"type": "number"}</c>: set 1 codes with E0-prefixed keys at 80h + code, QEMU
/// <c>qemu_input_key_number_to_qcode</c>) or a USB HID usage (SDL scancodes, QEMU
/// <c>qemu_input_map_usb_to_qcode</c>).
/// </summary>
public static partial class QKeyCodes
{
    public static int Count => WireNames.Length;

    public static string Name(QKeyCode key) => WireNames[(int)key];

    /// <summary>The key named <paramref name="name"/> (QEMU's spelling), or false.</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out QKeyCode key)
    {
        for (int i = 0; i < WireNames.Length; i++)
        {
            if (name.SequenceEqual(WireNames[i]))
            {
                key = (QKeyCode)i;
                return true;
            }
        }

        key = QKeyCode.Unmapped;
        return false;
    }

    /// <summary>The set 2 make code: low byte the code, 0xE000 set when E0-prefixed; 0 when the PS/2 keyboard has none.</summary>
    public static ushort Set2Make(QKeyCode key) => (uint)key < (uint)Set2Codes.Length ? Set2Codes[(int)key] : (ushort)0;

    /// <summary>The key of a QEMU key number; <see cref="QKeyCode.Unmapped"/> for a number no key has.</summary>
    public static QKeyCode FromNumber(long number) =>
        number >= 0 && number < NumberCodes.Length ? NumberCodes[number] : QKeyCode.Unmapped;

    /// <summary>The key of a USB HID keyboard usage (= SDL scancode); <see cref="QKeyCode.Unmapped"/> if none.</summary>
    public static QKeyCode FromUsb(int usage) =>
        usage >= 0 && usage < UsbCodes.Length ? UsbCodes[usage] : QKeyCode.Unmapped;
}

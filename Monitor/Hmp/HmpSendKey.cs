using System.Globalization;
using Emu.Devices.Input;
using Emu.Monitor.Commands;
using Emu.Monitor.Commands.Model;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Hmp;

/// <summary>
/// HMP <c>sendkey KEYS [HOLD_TIME]</c> (QEMU hmp_sendkey): KEYS are QKeyCode names or 0x-prefixed
/// key numbers joined by '-', <c>&lt;</c> alone meaning <c>less</c>; the keys go through send-key.
/// HOLD_TIME is a plain decimal or 0x number (QEMU's monitor takes a full expression there; Emu
/// takes numbers only and says which character it could not read).
/// </summary>
internal static class HmpSendKey
{
    private const string Usage = "Try \"help sendkey\" for more information\n";

    public static string Execute(MonitorServices services, string[] words)
    {
        if (words.Length < 2)
        {
            return "sendkey: string expected\n" + Usage;
        }

        if (words.Length > 3)
        {
            return "sendkey: extraneous characters at the end of line\n" + Usage;
        }

        long? holdTime = null;
        if (words.Length == 3)
        {
            string? error = ParseHoldTime(words[2], out long value);
            if (error is not null)
            {
                return error + "\n" + Usage;
            }

            holdTime = value;
        }

        List<KeyValue> keys = [];
        foreach (string name in words[1].Split('-'))
        {
            KeyValue? key = ParseKey(name);
            if (key is null)
            {
                return $"invalid parameter: {name}\n";
            }

            keys.Add(key);
        }

        InputCommands.SendKey(services, keys, holdTime);
        return string.Empty;
    }

    private static KeyValue? ParseKey(string name)
    {
        if (name == "<")
        {
            return new KeyValue.Qcode { Data = QKeyCode.Less };
        }

        if (name.StartsWith("0x", StringComparison.Ordinal))
        {
            return name.Length > 2 && long.TryParse(name.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long number)
                ? new KeyValue.Number { Data = number }
                : null;
        }

        return QKeyCodes.TryParse(name, out QKeyCode code) ? new KeyValue.Qcode { Data = code } : null;
    }

    /// <summary>An HMP 'i' argument: a 32-bit value (QEMU refuses negative hold times as not 32-bit).</summary>
    private static string? ParseHoldTime(string text, out long value)
    {
        value = 0;
        bool negative = text.StartsWith('-');
        ReadOnlySpan<char> digits = negative ? text.AsSpan(1) : text.AsSpan();
        if (digits.IsEmpty)
        {
            return "unexpected end of expression";
        }

        bool hex = digits.StartsWith("0x", StringComparison.Ordinal);
        ReadOnlySpan<char> body = hex ? digits[2..] : digits;
        for (int i = 0; i < body.Length; i++)
        {
            if (!(hex ? char.IsAsciiHexDigit(body[i]) : char.IsAsciiDigit(body[i])))
            {
                return $"invalid char '{body[i]}' in expression";
            }
        }

        NumberStyles style = hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None;
        if (body.IsEmpty || !ulong.TryParse(body, style, CultureInfo.InvariantCulture, out ulong magnitude) || negative || magnitude > uint.MaxValue)
        {
            return "'sendkey' has failed: integer is for 32-bit values";
        }

        value = (long)magnitude;
        return null;
    }
}

namespace Emu.App.Options;

/// <summary>
/// <c>-display TYPE[,gl=on|off]</c> (QEMU qapi/ui.json DisplayOptions): <c>none</c> or <c>sdl</c>.
/// OpenGL is not used, so <c>gl</c> must be off; other display types and options are refused.
/// </summary>
public static class DisplayOption
{
    public static DisplayMode Parse(string source, string value)
    {
        List<string> parts = KeyValues.Split(value);
        DisplayMode mode = parts[0] switch
        {
            "none" => DisplayMode.None,
            "sdl" => DisplayMode.Sdl,
            _ => throw new OptionException($"{source}: only '-display sdl' and '-display none' are available in this build"),
        };
        foreach (string part in parts.Skip(1))
        {
            (string key, string setting) = KeyValues.ToPair(source, part);
            if (key != "gl")
            {
                throw new OptionException($"{source}: display option '{key}' is not supported");
            }

            if (setting != "off" && KeyValues.ParseBool(source, key, setting))
            {
                throw new OptionException($"{source}: OpenGL is not supported; use gl=off");
            }
        }

        return mode;
    }
}

namespace Emu.Monitor.Qmp;

/// <summary>A QMP error reply: QEMU's error class and description text (qapi/error.json).</summary>
public sealed record QmpError(string Class, string Desc)
{
    public const string GenericErrorClass = "GenericError";
    public const string CommandNotFoundClass = "CommandNotFound";
    public const string DeviceNotFoundClass = "DeviceNotFound";

    public static QmpError Generic(string desc) => new(GenericErrorClass, desc);

    public static QmpError DeviceNotFound(string name) => new(DeviceNotFoundClass, $"Device '{name}' not found");
}

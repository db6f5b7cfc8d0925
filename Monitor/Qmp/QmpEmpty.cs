namespace Emu.Monitor.Qmp;

/// <summary>The empty object: arguments of argument-less commands and the <c>{}</c> return value.</summary>
public sealed class QmpEmpty
{
    public static readonly QmpEmpty Instance = new();
}

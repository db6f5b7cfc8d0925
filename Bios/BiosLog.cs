namespace Emu.Bios;

/// <summary>
/// The BIOS's log category. A disabled level is a null delegate: callers write
/// <c>log.Warning?.Invoke(...)</c> and format nothing when nobody listens.
/// </summary>
public sealed class BiosLog
{
    public Action<string>? Warning { get; set; }

    public Action<string>? Trace { get; set; }
}

namespace Emu.Monitor.Qmp;

/// <summary>
/// What the monitor reports about itself: the QEMU version clients gate features on (7.2, spec
/// qmp.md 3.1), Emu's package string, and the VM name from <c>-name</c>.
/// </summary>
public sealed record MonitorIdentity(int Major, int Minor, int Micro, string Package, string? Name)
{
    public static MonitorIdentity Default(string? name) => new(7, 2, 0, "Emu " + typeof(MonitorIdentity).Assembly.GetName().Version, name);
}

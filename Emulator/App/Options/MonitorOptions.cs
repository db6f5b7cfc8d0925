namespace Emu.App.Options;

/// <summary>
/// The monitor-related options exactly as given (<c>-qmp</c>, <c>-qmp-pretty</c>, <c>-chardev</c>,
/// <c>-mon</c>), kept for the QMP server, which reads them when it is attached to the machine.
/// </summary>
public sealed class MonitorOptions
{
    public List<string> Qmp { get; } = [];

    public List<string> QmpPretty { get; } = [];

    public List<string> Chardevs { get; } = [];

    public List<string> Mon { get; } = [];

    public bool Any => Qmp.Count > 0 || QmpPretty.Count > 0 || Mon.Count > 0;
}

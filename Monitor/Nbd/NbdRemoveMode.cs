namespace Emu.Monitor.Nbd;

/// <summary>QMP's BlockExportRemoveMode for <c>nbd-server-remove</c>.</summary>
public enum NbdRemoveMode
{
    /// <summary>Refuse while clients are connected ("export 'x' still in use").</summary>
    Safe,

    /// <summary>Close the export's clients at once and remove it.</summary>
    Hard,
}

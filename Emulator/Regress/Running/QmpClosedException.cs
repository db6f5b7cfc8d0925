namespace Emu.Regress.Running;

/// <summary>
/// Emu's end of the QMP connection went away: the runner's write failed (EPIPE on a unix socket
/// whose peer closed) or the connection closed before the reply came. An IOException, so a case
/// that still needed the monitor fails with "the runner could not run the case".
/// </summary>
public sealed class QmpClosedException(string message, Exception? inner = null) : IOException(message, inner);

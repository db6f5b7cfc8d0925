namespace Emu.Monitor.Qmp;

/// <summary>
/// Carries a <see cref="QmpError"/> out of helper code that has no result channel (argument
/// parsing, nested lookups). The dispatcher turns it into the error reply; handlers prefer
/// returning <see cref="QmpOutcome{T}"/>.
/// </summary>
public sealed class QmpException : Exception
{
    public QmpException(QmpError error)
        : base(error.Desc)
    {
        Error = error;
    }

    public QmpError Error { get; }
}

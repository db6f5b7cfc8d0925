namespace Emu.Monitor.Qmp;

/// <summary>What a command handler returns: its result value or a QMP error.</summary>
public readonly struct QmpOutcome<T>
{
    private QmpOutcome(T? value, QmpError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public QmpError? Error { get; }

    public static implicit operator QmpOutcome<T>(T value) => new(value, null);

    public static implicit operator QmpOutcome<T>(QmpError error) => new(default, error);
}

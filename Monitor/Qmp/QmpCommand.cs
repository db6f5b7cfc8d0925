using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Emu.Monitor.Qmp;

/// <summary>
/// One QMP command as declared in the <see cref="QmpCommandRegistry"/>: its name, its argument and
/// return types (source-generated JSON metadata, which also drives argument validation and
/// query-qmp-schema), its flags and how to run it.
/// </summary>
public sealed class QmpCommand
{
    internal QmpCommand(
        string name,
        Func<JsonTypeInfo> argumentType,
        Func<JsonTypeInfo> resultType,
        QmpCommandFlags flags,
        IReadOnlyList<string> features,
        Func<QmpCommandContext, JsonObject, CancellationToken, ValueTask<QmpReplyValue>> invoke)
    {
        Name = name;
        _argumentType = argumentType;
        _resultType = resultType;
        Flags = flags;
        Features = features;
        Invoke = invoke;
    }

    public string Name { get; }

    private readonly Func<JsonTypeInfo> _argumentType;
    private readonly Func<JsonTypeInfo> _resultType;

    public JsonTypeInfo ArgumentType => _argumentType();

    public JsonTypeInfo ResultType => _resultType();

    public QmpCommandFlags Flags { get; }

    /// <summary>QAPI features of the command itself (e.g. <c>deprecated</c>).</summary>
    public IReadOnlyList<string> Features { get; }

    internal Func<QmpCommandContext, JsonObject, CancellationToken, ValueTask<QmpReplyValue>> Invoke { get; }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Emu.Monitor.Qmp;

/// <summary>
/// The one list of QMP commands. Each command is declared once with <see cref="AddOnMachine"/>
/// (the handler runs on the machine thread, between CPU slices) or <see cref="AddAsync"/> (the
/// handler runs on the monitor's thread pool and must be thread-safe); arguments arrive already
/// validated in QEMU's order and deserialised through the given source-generated type info.
/// query-commands and query-qmp-schema read this registry.
/// Type infos are passed as getters and fetched on first use: a source-generated type info is
/// configured when first fetched, and configuring all of them cost as much CPU as building the
/// machine, before the monitor could greet its first client.
/// </summary>
public sealed class QmpCommandRegistry
{
    private readonly Dictionary<string, QmpCommand> _byName = new(StringComparer.Ordinal);
    private readonly List<QmpCommand> _ordered = new();

    private readonly List<KeyValuePair<string, Func<JsonTypeInfo>>> _events = new();

    public IReadOnlyList<QmpCommand> Commands => _ordered;

    /// <summary>Events the monitor can emit, with the type of their <c>data</c> (for query-qmp-schema).</summary>
    public IReadOnlyList<KeyValuePair<string, Func<JsonTypeInfo>>> Events => _events;

    /// <summary>Declares an event and its data type (<see cref="QmpEmpty"/> for events without data).</summary>
    public void AddEvent(string name, Func<JsonTypeInfo> data) => _events.Add(new(name, data));

    public QmpCommand? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Declares a command whose handler touches the machine: it runs through <see cref="IMachineControl.InvokeAsync"/>.</summary>
    public void AddOnMachine<TArgs, TResult>(
        string name,
        Func<JsonTypeInfo<TArgs>> arguments,
        Func<JsonTypeInfo<TResult>> result,
        Func<QmpCommandContext, TArgs, QmpOutcome<TResult>> handler,
        QmpCommandFlags flags = QmpCommandFlags.None,
        params string[] features)
    {
        Add(name, arguments, result, flags, features, async (context, args, cancel) =>
        {
            QmpOutcome<TResult> outcome = default;
            await context.Services.Machine.InvokeAsync(() => outcome = handler(context, args)).ConfigureAwait(false);
            return outcome;
        });
    }

    /// <summary>Declares a command that runs on the monitor's side (thread pool); it must not touch device state directly.</summary>
    public void AddAsync<TArgs, TResult>(
        string name,
        Func<JsonTypeInfo<TArgs>> arguments,
        Func<JsonTypeInfo<TResult>> result,
        Func<QmpCommandContext, TArgs, CancellationToken, ValueTask<QmpOutcome<TResult>>> handler,
        QmpCommandFlags flags = QmpCommandFlags.None,
        params string[] features)
    {
        Add(name, arguments, result, flags, features, handler);
    }

    private void Add<TArgs, TResult>(
        string name,
        Func<JsonTypeInfo<TArgs>> arguments,
        Func<JsonTypeInfo<TResult>> result,
        QmpCommandFlags flags,
        string[] features,
        Func<QmpCommandContext, TArgs, CancellationToken, ValueTask<QmpOutcome<TResult>>> handler)
    {
        if (_byName.ContainsKey(name))
        {
            throw new InvalidOperationException($"QMP command '{name}' is declared twice");
        }

        async ValueTask<QmpReplyValue> Invoke(QmpCommandContext context, JsonObject args, CancellationToken cancel)
        {
            TArgs parsed = args.Deserialize(arguments())!;
            QmpOutcome<TResult> outcome = await handler(context, parsed, cancel).ConfigureAwait(false);
            if (outcome.Error is not null)
            {
                return new QmpReplyValue(null, outcome.Error);
            }

            return new QmpReplyValue(JsonSerializer.SerializeToNode(outcome.Value!, result()), null);
        }

        QmpCommand command = new(name, arguments, result, flags, features, Invoke);
        _byName.Add(name, command);
        _ordered.Add(command);
    }
}

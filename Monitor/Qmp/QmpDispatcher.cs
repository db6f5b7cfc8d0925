using System.Text.Json;
using System.Text.Json.Nodes;
using Emu.Monitor.Qmp.Json;

namespace Emu.Monitor.Qmp;

/// <summary>
/// Turns one parsed input value into one reply, in QEMU's order (qapi/qmp-dispatch.c qmp_dispatch,
/// monitor/qmp.c; spec qmp.md 3.2-3.5): object check, envelope members, <c>execute</c> present,
/// lookup (negotiation mode rewrites CommandNotFound), OOB capability, argument validation, run.
/// The reply echoes <c>id</c>. A handler that throws gets a GenericError, never a closed server.
/// </summary>
public sealed class QmpDispatcher
{
    public const string NegotiationText = "Expecting capabilities negotiation with 'qmp_capabilities'";

    private readonly MonitorServices _services;

    public QmpDispatcher(MonitorServices services)
    {
        _services = services;
    }

    public async ValueTask<JsonObject> DispatchAsync(QmpSession session, ParsedMessage message, CancellationToken cancel)
    {
        if (message.IsError)
        {
            return ErrorReply(QmpError.Generic(message.Error!), null, false);
        }

        if (message.Value is not JsonObject request)
        {
            return ErrorReply(QmpError.Generic("QMP input must be a JSON object"), null, false);
        }

        bool hasId = request.TryGetPropertyValue("id", out JsonNode? id);
        QmpError? error = null;
        JsonNode? result = null;
        try
        {
            (error, result) = await DispatchObjectAsync(session, request, cancel).ConfigureAwait(false);
        }
        catch (QmpException e)
        {
            error = e.Error;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or JsonException or IOException)
        {
            error = QmpError.Generic(e.Message);
        }

        return error is not null ? ErrorReply(error, id, hasId) : ReturnReply(result, id, hasId);
    }

    private async ValueTask<(QmpError? Error, JsonNode? Result)> DispatchObjectAsync(QmpSession session, JsonObject request, CancellationToken cancel)
    {
        string? execKey = null;
        string? command = null;
        JsonObject? arguments = null;
        foreach (KeyValuePair<string, JsonNode?> member in request)
        {
            if (member.Key == "execute" || (member.Key == "exec-oob" && session.OobEnabled))
            {
                if (member.Value is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
                {
                    return (QmpError.Generic($"QMP input member '{member.Key}' must be a string"), null);
                }

                if (execKey is not null)
                {
                    return (QmpError.Generic($"QMP input member '{member.Key}' clashes with '{execKey}'"), null);
                }

                execKey = member.Key;
                command = v.GetValue<string>();
            }
            else if (member.Key == "arguments")
            {
                if (member.Value is not JsonObject args)
                {
                    return (QmpError.Generic("QMP input member 'arguments' must be an object"), null);
                }

                arguments = args;
            }
            else if (member.Key != "id")
            {
                return (QmpError.Generic($"QMP input member '{member.Key}' is unexpected"), null);
            }
        }

        if (command is null)
        {
            return (QmpError.Generic("QMP input lacks member 'execute'"), null);
        }

        QmpCommand? cmd = _services.Registry.Find(command);
        bool available = cmd is not null && (session.Negotiated
            ? (cmd.Flags & QmpCommandFlags.NegotiationOnly) == 0
            : (cmd.Flags & (QmpCommandFlags.AllowedBeforeNegotiation | QmpCommandFlags.NegotiationOnly)) != 0);
        if (!available)
        {
            string desc = session.Negotiated ? $"The command {command} has not been found" : NegotiationText;
            return (new QmpError(QmpError.CommandNotFoundClass, desc), null);
        }

        if (execKey == "exec-oob")
        {
            return (QmpError.Generic($"The command {command} does not support OOB"), null);
        }

        arguments = arguments is null ? new JsonObject() : (JsonObject)arguments.DeepClone();
        QmpError? invalid = QmpArgumentValidator.Validate(arguments, QmpTypeModel.For(cmd!.ArgumentType));
        if (invalid is not null)
        {
            return (invalid, null);
        }

        QmpReplyValue reply = await cmd.Invoke(new QmpCommandContext(_services, session), arguments, cancel).ConfigureAwait(false);
        return (reply.Error, reply.Return);
    }

    private static JsonObject ReturnReply(JsonNode? result, JsonNode? id, bool hasId)
    {
        JsonObject reply = new() { ["return"] = result };
        if (hasId)
        {
            reply["id"] = id?.DeepClone();
        }

        return reply;
    }

    private static JsonObject ErrorReply(QmpError error, JsonNode? id, bool hasId)
    {
        JsonObject reply = new();
        if (hasId)
        {
            reply["id"] = id?.DeepClone();
        }

        reply["error"] = new JsonObject { ["class"] = error.Class, ["desc"] = error.Desc };
        return reply;
    }
}

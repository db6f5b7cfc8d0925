using Emu.Monitor.Commands.Model;
using Emu.Monitor.Hmp;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Commands;

/// <summary>qmp_capabilities, query-version, query-name, query-commands, query-qmp-schema, human-monitor-command.</summary>
public static class CoreCommands
{
    public static void Register(QmpCommandRegistry registry)
    {
        QmpJsonContext json = QmpJsonContext.Default;
        registry.AddAsync("qmp_capabilities", () => json.CapabilitiesArguments, () => json.QmpEmpty, (c, a, _) => ValueTask.FromResult(Capabilities(c.Session, a)), QmpCommandFlags.AllowedBeforeNegotiation);
        registry.AddAsync("query-version", () => json.QmpEmpty, () => json.VersionInfo, (c, _, _) => ValueTask.FromResult<QmpOutcome<VersionInfo>>(Version(c.Services.Identity)));
        registry.AddAsync("query-name", () => json.QmpEmpty, () => json.NameInfo, (c, _, _) => ValueTask.FromResult<QmpOutcome<NameInfo>>(new NameInfo(c.Services.Identity.Name)));
        registry.AddAsync("query-commands", () => json.QmpEmpty, () => json.ListCommandInfo, (c, _, _) =>
            ValueTask.FromResult<QmpOutcome<List<CommandInfo>>>(c.Services.Registry.Commands.Select(x => new CommandInfo(x.Name)).ToList()));
        registry.AddAsync("query-qmp-schema", () => json.QmpEmpty, () => json.ListJsonObject, (c, _, _) =>
            ValueTask.FromResult<QmpOutcome<List<System.Text.Json.Nodes.JsonObject>>>(QmpSchemaBuilder.Build(c.Services.Registry)));
        registry.AddOnMachine("human-monitor-command", () => json.HumanMonitorArguments, () => json.String, (c, a) => HumanMonitorCommand(c.Services, a));
    }

    public static VersionInfo Version(MonitorIdentity id) => new(new VersionTriple(id.Micro, id.Minor, id.Major), id.Package);

    private static QmpOutcome<QmpEmpty> Capabilities(QmpSession session, CapabilitiesArguments arguments)
    {
        if (session.Negotiated)
        {
            return new QmpError(QmpError.CommandNotFoundClass, "Capabilities negotiation is already complete, command ignored");
        }

        // Every Emu monitor offers "oob" in its greeting (spec qmp.md 3.1), so enabling it always succeeds.
        session.CompleteNegotiation(arguments.Enable?.Contains(QmpCapability.Oob) ?? false);
        return QmpEmpty.Instance;
    }

    private static QmpOutcome<string> HumanMonitorCommand(MonitorServices services, HumanMonitorArguments arguments)
    {
        if (arguments.CpuIndex is { } cpu && cpu != 0)
        {
            return QmpError.Generic("Parameter 'cpu-index' expects a CPU number");
        }

        return HumanMonitor.Execute(services, arguments.CommandLine).Replace("\n", "\r\n", StringComparison.Ordinal);
    }
}

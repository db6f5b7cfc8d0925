using System.Text.Json.Nodes;
using Emu.Monitor.Tests.Support;

namespace Emu.Monitor.Tests;

/// <summary>query-qmp-schema and query-commands describe exactly what Emu implements, shaped as QEMU's (spec qmp.md 8).</summary>
public sealed class SchemaTests
{
    [Fact]
    public async Task SchemaIsClosedAndMatchesQueryCommands()
    {
        await using EmuTarget target = EmuTarget.Start(SessionConfig.FourIde);
        await using QmpTestClient client = await QmpTestClient.ConnectNegotiatedAsync(target.Endpoint);
        JsonArray schema = (await client.ExecuteAsync("""{"execute": "query-qmp-schema"}"""))["return"]!.AsArray();
        JsonArray commands = (await client.ExecuteAsync("""{"execute": "query-commands"}"""))["return"]!.AsArray();

        Dictionary<string, JsonObject> byName = new();
        foreach (JsonObject entry in schema.Select(e => e!.AsObject()))
        {
            Assert.True(byName.TryAdd(entry["name"]!.GetValue<string>(), entry), "duplicate " + entry["name"]);
        }

        HashSet<string> schemaCommands = byName.Values.Where(e => e["meta-type"]!.GetValue<string>() == "command").Select(e => e["name"]!.GetValue<string>()).ToHashSet();
        HashSet<string> listed = commands.Select(c => c!["name"]!.GetValue<string>()).ToHashSet();
        Assert.Equal(listed.Order(), schemaCommands.Order());
        string[] expected =
        {
            "qmp_capabilities", "query-version", "query-commands", "query-status", "query-name", "query-block", "stop", "cont",
            "system_reset", "system_powerdown", "quit", "blockdev-snapshot-internal-sync", "blockdev-snapshot-delete-internal-sync",
            "transaction", "eject", "blockdev-open-tray", "blockdev-close-tray", "blockdev-remove-medium", "blockdev-change-medium",
            "human-monitor-command", "query-qmp-schema",
        };
        Assert.Empty(expected.Except(listed));
        foreach (string evt in new[] { "SHUTDOWN", "POWERDOWN", "RESET", "STOP", "RESUME", "DEVICE_TRAY_MOVED" })
        {
            Assert.Equal("event", byName[evt]["meta-type"]!.GetValue<string>());
        }

        foreach (JsonObject entry in byName.Values)
        {
            foreach (string reference in References(entry))
            {
                Assert.True(byName.ContainsKey(reference), $"{entry["name"]} refers to undefined {reference}");
            }
        }

        Assert.Equal("""{"name":"0","members":[],"meta-type":"object"}""", byName["0"].ToJsonString());
        JsonObject eject = byName[byName["eject"]["arg-type"]!.GetValue<string>()];
        Assert.Equal(
            """[{"name":"device","default":null,"type":"str","features":["deprecated"]},{"name":"id","default":null,"type":"str"},{"name":"force","default":null,"type":"bool"}]""",
            eject["members"]!.ToJsonString());
        JsonObject tray = byName[byName["DEVICE_TRAY_MOVED"]["arg-type"]!.GetValue<string>()];
        Assert.Equal("""[{"name":"device","type":"str"},{"name":"id","type":"str"},{"name":"tray-open","type":"bool"}]""", tray["members"]!.ToJsonString());
        JsonObject action = byName[byName[byName[byName["transaction"]["arg-type"]!.GetValue<string>()]["members"]![0]!["type"]!.GetValue<string>()]["element-type"]!.GetValue<string>()];
        Assert.Equal("type", action["tag"]!.GetValue<string>());
        Assert.Equal(12, action["variants"]!.AsArray().Count);
        JsonObject mode = byName[byName[byName["blockdev-change-medium"]["arg-type"]!.GetValue<string>()]["members"]![5]!["type"]!.GetValue<string>()];
        Assert.Equal("""["retain","read-only","read-write"]""", mode["values"]!.ToJsonString());
    }

    private static IEnumerable<string> References(JsonObject entry)
    {
        foreach (string key in new[] { "arg-type", "ret-type", "element-type" })
        {
            if (entry[key] is JsonValue v)
            {
                yield return v.GetValue<string>();
            }
        }

        if (entry["meta-type"]!.GetValue<string>() is "object" or "alternate")
        {
            foreach (JsonNode? member in entry["members"]!.AsArray())
            {
                yield return member!["type"]!.GetValue<string>();
            }

            foreach (JsonNode? variant in entry["variants"]?.AsArray() ?? new JsonArray())
            {
                yield return variant!["type"]!.GetValue<string>();
            }
        }
    }
}

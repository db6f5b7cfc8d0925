using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Emu.Guest.Tests.Monitor;

/// <summary>
/// Runs the same command line under qemu-system-i386 and under emu, each with a QMP monitor on a
/// Unix socket, and returns what one query command answers in each, for tests that compare them.
/// </summary>
internal static class SideBySideQmp
{
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The <c>return</c> of <paramref name="command"/> in a machine started with <paramref name="args"/>;
    /// with <paramref name="readyFile"/>, the query waits until that file (a guest console) contains
    /// <paramref name="readyText"/>; <paramref name="arguments"/> go with the command.
    /// </summary>
    public static async Task<JsonNode> QueryAsync(bool qemu, string directory, string command, string[] args, string? readyFile = null, string? readyText = null, JsonObject? arguments = null)
    {
        string socket = Path.Combine(directory, qemu ? "qemu-qmp.sock" : "emu-qmp.sock");
        string[] all = [.. args, "-qmp", $"unix:{socket},server=on,wait=off"];
        using MonitoredEmu machine = qemu ? MonitoredEmu.StartQemu(directory, all) : MonitoredEmu.Start(directory, all);
        await using QmpClient client = await machine.ConnectAsync(new UnixDomainSocketEndPoint(socket));
        await client.ReadAsync();
        await client.ExecuteAsync("{\"execute\": \"qmp_capabilities\"}");
        if (readyFile is not null && readyText is not null)
        {
            await WaitForAsync(readyFile, readyText, machine);
        }

        JsonObject request = new() { ["execute"] = command };
        if (arguments is not null)
        {
            request["arguments"] = arguments.DeepClone();
        }

        JsonObject reply = await client.ExecuteAsync(request.ToJsonString());
        await client.ExecuteAsync("{\"execute\": \"quit\"}");
        await client.ReadToEndAsync();
        await machine.WaitForExitAsync();
        return reply["return"] ?? throw new InvalidOperationException($"{command} failed: {reply.ToJsonString()}");
    }

    private static async Task WaitForAsync(string file, string text, MonitoredEmu machine)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (true)
        {
            string content = File.Exists(file) ? await File.ReadAllTextAsync(file) : string.Empty;
            if (content.Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            Assert.True(!machine.HasExited && waited.Elapsed < ReadyLimit, $"the guest did not print {text}: {content} {machine.StandardError}");
            await Task.Delay(50);
        }
    }
}

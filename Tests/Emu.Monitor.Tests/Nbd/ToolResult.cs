namespace Emu.Monitor.Tests.Nbd;

internal sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError);

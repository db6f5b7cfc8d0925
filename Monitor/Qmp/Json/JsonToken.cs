namespace Emu.Monitor.Qmp.Json;

/// <summary>One lexed token and its source bytes (strings keep their quotes).</summary>
public readonly record struct JsonToken(JsonTokenType Type, byte[] Text);

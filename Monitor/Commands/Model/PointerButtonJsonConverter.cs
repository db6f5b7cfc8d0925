using System.Text.Json;
using System.Text.Json.Serialization;
using Emu.Devices.Input;

namespace Emu.Monitor.Commands.Model;

/// <summary>InputButton on the wire (qapi/ui.json): left, middle, right, wheel-up, wheel-down, side, extra, wheel-left, wheel-right.</summary>
public sealed class PointerButtonJsonConverter : JsonConverter<PointerButton>
{
    private static readonly string[] Names = ["left", "middle", "right", "wheel-up", "wheel-down", "side", "extra", "wheel-left", "wheel-right"];

    public override PointerButton Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? name = reader.GetString();
        int index = Array.IndexOf(Names, name);
        return index >= 0 ? (PointerButton)index : throw new JsonException($"'{name}' is not an InputButton");
    }

    public override void Write(Utf8JsonWriter writer, PointerButton value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Names[(int)value]);
}

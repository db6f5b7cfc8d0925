using System.Text.Json;
using System.Text.Json.Serialization;
using Emu.Devices.Input;

namespace Emu.Monitor.Commands.Model;

/// <summary>QKeyCode on the wire: QEMU's key names (<c>ret</c>, <c>kp_0</c>, <c>1</c>), from the device layer's one table.</summary>
public sealed class QKeyCodeJsonConverter : JsonConverter<QKeyCode>
{
    public override QKeyCode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? name = reader.GetString();
        return name is not null && QKeyCodes.TryParse(name, out QKeyCode key)
            ? key
            : throw new JsonException($"'{name}' is not a QKeyCode");
    }

    public override void Write(Utf8JsonWriter writer, QKeyCode value, JsonSerializerOptions options) =>
        writer.WriteStringValue(QKeyCodes.Name(value));
}

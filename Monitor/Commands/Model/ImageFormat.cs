using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>qapi/ui.json ImageFormat.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ImageFormat>))]
public enum ImageFormat
{
    [JsonStringEnumMemberName("ppm")]
    Ppm,

    [JsonStringEnumMemberName("png")]
    Png,
}

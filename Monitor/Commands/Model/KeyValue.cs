using System.Text.Json.Serialization;
using Emu.Devices.Input;

namespace Emu.Monitor.Commands.Model;

/// <summary>qapi/ui.json KeyValue: a key named by QKeyCode, or by QEMU key number (set 1 codes, 80h + code for E0-prefixed keys).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Number), "number")]
[JsonDerivedType(typeof(Qcode), "qcode")]
public abstract class KeyValue
{
    /// <summary>The key as QEMU's input layer sees it (a number becomes its QKeyCode, unmapped if none).</summary>
    public abstract QKeyCode ToQKeyCode();

    public sealed class Number : KeyValue
    {
        [JsonPropertyName("data")]
        public required long Data { get; init; }

        public override QKeyCode ToQKeyCode() => QKeyCodes.FromNumber(Data);
    }

    public sealed class Qcode : KeyValue
    {
        [JsonPropertyName("data")]
        public required QKeyCode Data { get; init; }

        public override QKeyCode ToQKeyCode() => Data;
    }
}

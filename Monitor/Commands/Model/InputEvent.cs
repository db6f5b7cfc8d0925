using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>qapi/ui.json InputEvent: a union keyed by <c>type</c> (key, btn, rel, abs) with the event under <c>data</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Key), "key")]
[JsonDerivedType(typeof(Btn), "btn")]
[JsonDerivedType(typeof(Rel), "rel")]
[JsonDerivedType(typeof(Abs), "abs")]
public abstract class InputEvent
{
    /// <summary>The wire name of the event kind (QEMU InputEventKind).</summary>
    public abstract string KindName();

    public sealed class Key : InputEvent
    {
        public override string KindName() => "key";

        [JsonPropertyName("data")]
        public required InputKeyEvent Data { get; init; }
    }

    public sealed class Btn : InputEvent
    {
        public override string KindName() => "btn";

        [JsonPropertyName("data")]
        public required InputBtnEvent Data { get; init; }
    }

    public sealed class Rel : InputEvent
    {
        public override string KindName() => "rel";

        [JsonPropertyName("data")]
        public required InputMoveEvent Data { get; init; }
    }

    public sealed class Abs : InputEvent
    {
        public override string KindName() => "abs";

        [JsonPropertyName("data")]
        public required InputMoveEvent Data { get; init; }
    }
}

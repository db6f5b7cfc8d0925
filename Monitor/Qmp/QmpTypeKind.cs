namespace Emu.Monitor.Qmp;

/// <summary>The QAPI shape of a .NET type used in arguments or results.</summary>
public enum QmpTypeKind
{
    String,
    Integer,
    Number,
    Boolean,

    /// <summary>Any JSON value (QAPI <c>any</c>).</summary>
    Any,

    /// <summary>A JSON object with free-form members (validated as an object, described as <c>any</c>).</summary>
    AnyObject,
    Enum,
    Array,
    Object,
}

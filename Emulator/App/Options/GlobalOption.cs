namespace Emu.App.Options;

/// <summary>One <c>-global DRIVER.PROP=VALUE</c>: a default for a property of every device of that driver.</summary>
public sealed record GlobalOption(string Source, string Driver, string Property, string Value)
{
    public string Text => $"{Driver}.{Property}={Value}";
}

namespace Emu.App.Options;

/// <summary>A command-line error, reported as one line in QEMU's style (<c>emu: -foo: invalid option</c>), exit code 1.</summary>
public sealed class OptionException : Exception
{
    public OptionException(string message)
        : base(message)
    {
    }
}

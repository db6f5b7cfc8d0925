namespace Emu.Bios.Boot;

/// <summary>A kernel given directly (QEMU <c>-kernel</c>, <c>-initrd</c>, <c>-append</c>), booted before the boot list.</summary>
public sealed class LinuxKernel
{
    public LinuxKernel(byte[] image, byte[]? initrd, string commandLine)
    {
        Image = image;
        Initrd = initrd;
        CommandLine = commandLine;
    }

    /// <summary>The bzImage file.</summary>
    public byte[] Image { get; }

    public byte[]? Initrd { get; }

    public string CommandLine { get; }
}

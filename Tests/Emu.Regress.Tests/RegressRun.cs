using System.Xml.Linq;

namespace Emu.Regress.Tests;

/// <summary>Runs <c>emu regress</c> in-process on a manifest written into a temp folder, as a user runs it.</summary>
public sealed class RegressRun : IDisposable
{
    private readonly TempDirectory _dir = new("emu-rg-");

    public string Folder => _dir.Path;

    public string Output { get; private set; } = string.Empty;

    public string Errors { get; private set; } = string.Empty;

    public string OutDir => Path.Combine(_dir.Path, "out");

    public string JUnit => Path.Combine(_dir.Path, "junit.xml");

    /// <summary>hello.img of the guest image cache.</summary>
    public static string Hello => GuestImagePath("hello.img");

    public static string GuestImagePath(string name)
    {
        string path = Path.Combine(GuestCache.Directory, name);
        Assert.True(File.Exists(path), $"{path} is missing: run bash tools/guest-images.sh");
        return path;
    }

    /// <summary>The boot sector guests/NAME.bin (built from Guests/NAME.asm) padded to a 1.44 MB floppy in the run's folder.</summary>
    public string Floppy(string name)
    {
        byte[] image = new byte[1_474_560];
        byte[] sector = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "guests", name + ".bin"));
        sector.CopyTo(image, 0);
        string path = Path.Combine(_dir.Path, name + ".img");
        File.WriteAllBytes(path, image);
        return path;
    }

    public string Write(string name, string json)
    {
        string path = Path.Combine(_dir.Path, name);
        File.WriteAllText(path, json);
        return path;
    }

    public int Run(params string[] args)
    {
        using StringWriter output = new();
        using StringWriter errors = new();
        int status = Program.Run([.. args, "--out", OutDir], output, errors, terminal: false);
        Output = output.ToString();
        Errors = errors.ToString();
        return status;
    }

    public XElement ReadJUnit() => XDocument.Load(JUnit).Root!;

    public void Dispose() => _dir.Dispose();
}

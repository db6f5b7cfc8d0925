using System.Diagnostics;

namespace Emu.Core.Tests.Cpu;

/// <summary>Assembles test programs with the real nasm (Debian package nasm).</summary>
internal static class Nasm
{
    public static byte[] Assemble(string source)
    {
        string dir = Path.Combine(Path.GetTempPath(), "emu-cpu-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string src = Path.Combine(dir, "t.asm");
            string bin = Path.Combine(dir, "t.bin");
            File.WriteAllText(src, source);
            ProcessStartInfo psi = new("nasm", ["-f", "bin", "-o", bin, src]) { RedirectStandardError = true };
            using Process p = Process.Start(psi) ?? throw new InvalidOperationException("nasm did not start");
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, "nasm failed: " + err);
            return File.ReadAllBytes(bin);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Emu.Core.Tests.Cpu.X87;

/// <summary>
/// Runs x87ref (x87ref.c, built by this project with gcc) over a batch of operations so this
/// machine's own x87 gives the expected 80-bit results and status words.
/// </summary>
internal static class HostX87
{
    public readonly record struct Op(string Name, ushort ControlWord, ushort ASe, ulong AMant, ushort BSe, ulong BMant);

    public readonly record struct Result(ushort Se, ulong Mant, ushort Status);

    public static Result[] Run(IReadOnlyList<Op> ops)
    {
        string helper = Path.Combine(AppContext.BaseDirectory, "x87ref");
        Assert.True(File.Exists(helper), $"{helper} is missing: the test project's build compiles it with gcc");
        ProcessStartInfo start = new(helper)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(start)!;
        Task writer = Task.Run(() =>
        {
            StringBuilder text = new();
            foreach (Op op in ops)
            {
                text.Append(CultureInfo.InvariantCulture, $"{op.Name} {op.ControlWord:x} {op.ASe:x} {op.AMant:x} {op.BSe:x} {op.BMant:x}\n");
            }

            process.StandardInput.Write(text.ToString());
            process.StandardInput.Close();
        });
        string output = process.StandardOutput.ReadToEnd();
        writer.Wait();
        process.WaitForExit();
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ops.Count, lines.Length);
        Result[] results = new Result[lines.Length];
        for (int k = 0; k < lines.Length; k++)
        {
            string[] f = lines[k].Split(' ');
            results[k] = new Result(
                ushort.Parse(f[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                ulong.Parse(f[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                ushort.Parse(f[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        }

        return results;
    }
}

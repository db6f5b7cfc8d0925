namespace Emu.Bench.Cpu;

public static class Program
{
    public static int Main()
    {
        Console.Error.WriteLine("Emu.Bench.Cpu: no benchmark yet");
        return 1;
    }
}

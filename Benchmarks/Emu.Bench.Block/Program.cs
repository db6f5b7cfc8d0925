namespace Emu.Bench.Block;

public static class Program
{
    public static int Main()
    {
        Console.Error.WriteLine("Emu.Bench.Block: no benchmark yet");
        return 1;
    }
}

namespace Emu.Bench.Nbd;

public static class Program
{
    public static int Main()
    {
        Console.Error.WriteLine("Emu.Bench.Nbd: no benchmark yet");
        return 1;
    }
}

namespace Emu.App;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("emu: the machine is not assembled yet");
        return 1;
    }
}

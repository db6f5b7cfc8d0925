using System.Diagnostics;
using Emu.Core.Io;
using Emu.Core.Memory;
using Emu.Devices.Video;

// The display's cost for a guest that redraws the whole 1024x768x32 VBE framebuffer every frame:
// the guest's stores go through the memory bus into the linear framebuffer (as the CPU's do), and
// each frame a consumer brings its DisplayFrame up to date (what the window and screendump do).
// Prints the stores' and the render's time per frame, the frames per second the two allow, and
// the cost of an update when nothing changed (a paused or idle guest).
const int Width = 1024;
const int Height = 768;
const uint LfbAddress = 0xE000_0000;
int frames = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200;

PhysicalMemory memory = new(32 << 20);
IoBus io = new();
Vga vga = new(memory);
vga.Attach(io);
memory.TryMapMovableMmio(LfbAddress, Vga.VideoMemorySize, new VgaPci.LinearFramebuffer(vga));
SetVbe(Vga.VbeIndexXres, Width);
SetVbe(Vga.VbeIndexYres, Height);
SetVbe(Vga.VbeIndexBpp, 32);
SetVbe(Vga.VbeIndexEnable, Vga.VbeEnabled | Vga.VbeLfbEnabled);

DisplayFrame frame = new();
vga.Update(frame);
Stopwatch stores = new();
Stopwatch render = new();
for (int f = 0; f < frames; f++)
{
    stores.Start();
    uint colour = (uint)(f * 0x010305);
    for (uint offset = 0; offset < Width * Height * 4; offset += 4)
    {
        memory.Write32(LfbAddress + offset, colour + offset);
    }

    stores.Stop();
    render.Start();
    vga.Update(frame);
    render.Stop();
}

Stopwatch idle = Stopwatch.StartNew();
for (int f = 0; f < frames; f++)
{
    vga.Update(frame);
}

idle.Stop();
double storeMs = stores.Elapsed.TotalMilliseconds / frames;
double renderMs = render.Elapsed.TotalMilliseconds / frames;
double idleMs = idle.Elapsed.TotalMilliseconds / frames;
Console.WriteLine($"frames {frames}, {Width}x{Height}x32");
Console.WriteLine($"guest stores   {storeMs,8:F2} ms/frame ({Width * Height * 4 / 1e6 / (storeMs / 1000):F0} MB/s through the bus)");
Console.WriteLine($"render         {renderMs,8:F2} ms/frame ({1000 / renderMs:F0} frames/s of render alone)");
Console.WriteLine($"both           {storeMs + renderMs,8:F2} ms/frame ({1000 / (storeMs + renderMs):F0} frames/s)");
Console.WriteLine($"idle update    {idleMs,8:F3} ms/frame (nothing changed)");

void SetVbe(int index, int value)
{
    io.WriteWord(Vga.VbeIndexPort, (ushort)index);
    io.WriteWord(Vga.VbeDataPort, (ushort)value);
}

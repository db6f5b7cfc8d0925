using Emu.Devices.Pci;
using Emu.Devices.Video;

namespace Emu.App.Machine;

/// <summary>The display card: QEMU's standard VGA, a default device unless <c>-vga none</c> or <c>-nodefaults</c>.</summary>
public sealed partial class PcBuilder
{
    /// <summary>SeaVGABIOS for the standard VGA, from Debian's seabios package (as QEMU's pc-bios/vgabios-stdvga.bin).</summary>
    public const string StdVgaRomPath = "/usr/share/seabios/vgabios-stdvga.bin";

    /// <summary>SeaVGABIOS for isa-vga (QEMU's pc-bios/vgabios.bin; Debian's vgabios.bin links to it).</summary>
    public const string IsaVgaRomPath = "/usr/share/seabios/vgabios-isavga.bin";

    /// <summary>Where isa-vga decodes its linear framebuffer (QEMU VBE_DISPI_LFB_PHYSICAL_ADDRESS).</summary>
    private const uint IsaVgaLfbAddress = 0xE000_0000;

    /// <summary>PCI slot 2, where QEMU's pc machine puts the default VGA.</summary>
    private static readonly PciAddress VgaPciAddress = new(2, 0);

    private Emu.Bios.Video.VideoOptionRom? _videoRom;

    /// <summary>
    /// The VGA in text mode 03h as a VGA BIOS leaves it, with the 8x16 console font in plane 2
    /// when the built-in BIOS runs (under <c>-bios</c> the firmware's VGA BIOS loads its own).
    /// </summary>
    private void BuildVideo()
    {
        if (!(_options.Vga ?? !_options.NoDefaults))
        {
            return;
        }

        Vga vga = new(_machine.Memory);
        vga.Attach(_machine.Io);
        if (_options.BiosFile is null && LoadConsoleFont() is { } font)
        {
            vga.LoadFont(font, 16);
        }

        _machine.Vga = vga;
    }

    /// <summary>
    /// On pc the VGA is PCI 1234:1111 at 00:02.0 with SeaVGABIOS in its ROM BAR (which SeaBIOS
    /// runs under <c>-bios</c>); on isapc it is isa-vga with the framebuffer at E0000000h.
    /// </summary>
    private void ConnectVideo()
    {
        if (_machine.Vga is not { } vga)
        {
            return;
        }

        if (_machine.Pci is { } pci)
        {
            byte[]? rom = File.Exists(StdVgaRomPath) ? File.ReadAllBytes(StdVgaRomPath) : null;
            pci.Bus.Add(VgaPciAddress, new VgaPci(vga, rom));
            _videoRom = ParseVideoRom(StdVgaRomPath, rom, VgaPciAddress.Devfn);
        }
        else
        {
            _machine.Memory.TryMapMovableMmio(IsaVgaLfbAddress, Vga.VideoMemorySize, new VgaPci.LinearFramebuffer(vga));
            _videoRom = ParseVideoRom(IsaVgaRomPath, File.Exists(IsaVgaRomPath) ? File.ReadAllBytes(IsaVgaRomPath) : null, null);
        }
    }

    /// <summary>
    /// The card's video BIOS for the built-in BIOS's POST to run; without the file (or with a broken
    /// one, which is said) the built-in text service answers INT 10h and graphics modes are refused.
    /// </summary>
    private Emu.Bios.Video.VideoOptionRom? ParseVideoRom(string path, byte[]? image, int? pciDevfn)
    {
        if (image is null || _options.BiosFile is not null)
        {
            return null;
        }

        try
        {
            return Emu.Bios.Video.VideoOptionRom.Parse(image, pciDevfn);
        }
        catch (InvalidDataException e)
        {
            _host.Warning?.Invoke($"emu: warning: {path} is not a video ROM ({e.Message}); INT 10h offers text modes only");
            return null;
        }
    }

    /// <summary>256 glyphs of 16 lines in CP437 order from the console font, or null without the font file.</summary>
    private static byte[]? LoadConsoleFont()
    {
        PsfFont psf;
        try
        {
            psf = PsfFont.Load(PsfFont.DefaultPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null;
        }

        if (psf.Height != 16)
        {
            return null;
        }

        byte[] glyphs = new byte[256 * 16];
        for (int code = 0; code < 256; code++)
        {
            psf.Glyph(Cp437.ToChar((byte)code)).CopyTo(glyphs.AsSpan(code * 16));
        }

        return glyphs;
    }
}

namespace Emu.App;

/// <summary>The text of <c>emu --help</c>.</summary>
public static class HelpText
{
    public const string Text = """
usage: emu [options] [disk_image]

Emu is a PC emulator driven like qemu-system-i386. Without arguments it boots its built-in
demo guest headless. The demo boots only from a bare command line: no drive or medium, no -bios,
no -kernel, and none of -S, -nodefaults, -machine, -device, -qmp, -mon, -chardev; with any of
them the machine is QEMU's, empty drives included (query-block lists no demo floppy).

Standard options (QEMU spelling):
  -h, --help               print this help and exit
  --version                print the version and exit
  -machine pc, -M pc       the i440FX PC with PCI, PIIX3 and bus-master IDE (default);
                           pc-i440fx-7.2 is its QEMU name; properties usb=off, vmport=off,
                           dump-guest-core, mem-merge, accel (tcg in the list)
  -machine isapc           the ISA-only PC (no PCI bus; IDE is PIO only)
  -machine none            no CPU and no devices: only the monitors (libvirt's probe)
  -daemonize               return once the monitors listen, running detached
  -nic none, -net none     accepted; Emu has no network card
  -accel tcg               accepted (Emu always interprets); kvm:tcg falls back to tcg
  -cpu MODEL[,+feat,-feat] qemu32 (default), pentium, pentium2, pentium3, coreduo, n270:
                           QEMU's CPUID less the features Emu lacks (those warn)
  -smp 1                   one CPU; more are refused
  -uuid UUID               the machine's UUID (fw_cfg, query-uuid)
  -no-user-config          accepted (Emu reads no configuration files)
  -msg timestamp=on|off    prefix messages with the UTC time
  -overcommit mem-lock=off accepted; mem-lock=on and cpu-pm=on are refused
  -sandbox off             accepted; on is refused (no seccomp in Emu)
  -pidfile FILE            write the process id to FILE, removed at exit
  -object secret|memory-backend-ram   libvirt's key and the RAM (-machine memory-backend=ID)
  -blockdev JSON           file, raw and qcow2 nodes for -device ide-hd|ide-cd,drive=NODE
  -add-fd fd=N,set=S       an inherited file, opened as /dev/fdset/S (libvirt)
  -audiodev driver=none    accepted; Emu has no sound device
  -m [size=]SIZE           RAM in MiB, or with a K/M/G suffix (default 128M, at most 2047M)
  -name [guest=]NAME       the guest's name
  -nodefaults              no default COM1, CD-ROM drive ide1-cd0, floppy A: or sd0

Block devices:
  -fda/-fdb FILE           floppy image as drive A:/B:
  -hda/-hdb/-hdc/-hdd FILE IDE disk image (primary/secondary, master/slave)
  -cdrom FILE              CD-ROM image (secondary master)
  -drive file=FILE,format=raw|qcow2,if=floppy|ide|none,index=N,media=disk|cdrom,
         id=ID,snapshot=on|off,readonly=on|off,cache=MODE,discard=ignore|unmap,
         file.locking=on|off|auto,werror=report|stop|ignore|enospc,
         rerror=report|stop|ignore,node-name=NAME,aio=threads|native|io_uring
                           (aio is accepted; Emu reads and writes images synchronously
                           on the machine thread whatever it says)
  -device ide-hd|ide-cd,drive=ID,id=ID,bus=ide.N,unit=M
         ide-hd also: bios-chs-trans=auto|none|lba|large|rechs, cyls=C,heads=H,secs=S,
         lcyls=C,lheads=H,lsecs=S, serial=S, model=S, ver=S, wwn=N
  -device floppy,drive=ID,unit=N,id=ID  binds a drive to floppy unit N (0 is A:, 1 is B:)
  -global ide-hd.PROP=VALUE a default for every ide-hd (also the ones -drive if=ide makes)
  -snapshot                write to temporary overlays, never to the images
  -boot [order=]DRIVES     boot order letters: a floppy, c hard disk, d CD-ROM (default cad)
  -no-fd-bootchk           boot floppies without the 55AA signature
  -bios FILE               firmware image instead of the built-in BIOS (SeaBIOS: fw_cfg, ACPI, SMBIOS)
  -kernel FILE             boot a Linux bzImage directly (Linux boot protocol 2.04+)
  -initrd FILE             its initial ram disk
  -append CMDLINE          its command line

Display and character devices:
  -nographic               no window; COM1 on the terminal, with the BIOS's INT 10h text
                           mirrored into it as an ANSI stream (as SeaBIOS's serial console)
  -display none            no display; only what -serial sends shows (default COM1: none)
  -display sdl[,gl=off]    the SDL window (keyboard, mouse grabbed on click, Ctrl+Alt+G lets go);
                           the default when $DISPLAY or $WAYLAND_DISPLAY is set
  -vga std|none            the display card: std (default) is QEMU's standard VGA with Bochs
                           VBE, PCI 1234:1111 at 00:02.0 on pc and isa-vga (LFB at E0000000h)
                           on isapc; none (and -nodefaults) leaves it out
  -serial stdio|null|none|file:PATH
  -serial chardev:ID       a -chardev as a COM port
  -debugcon stdio|null|file:PATH|chardev:ID    QEMU's debug console on port E9h
  -chardev file,id=ID,path=P | stdio,id=ID | null,id=ID | socket,id=ID,path=P|port=N,server=on
                           a character backend for -serial chardev:ID, isa-debugcon or -mon
  -device isa-debugcon,iobase=N,chardev=ID   a debug console port (SeaBIOS logs to 0x402)

Machine control:
  -no-reboot               a guest reset ends the run (exit 0)
  -no-shutdown             a guest power-off pauses instead of ending the run
  -S                       start with the CPU stopped (continue through the monitor)
  -rtc base=utc|localtime|DATETIME   where the RTC starts
  -qmp SPEC, -qmp-pretty SPEC, -chardev SPEC, -mon SPEC   QMP monitor (see README)

Emu's own switches:
  --clock deterministic|realtime    virtual time from executed instructions (default: same
                                    image and input give the same run) or from the host clock
  --print-instructions     print the number of executed instructions, and of SYSENTERs and
                           SYSEXITs, to stderr at the end
  --line-log FILE          write each COM1/debug console line to FILE after its instruction count
  --instruction-limit N    stop after N instructions
  --stop-at-line PORT:REGEX  stop the VM (as QMP stop) at the first line on PORT (com1 or
                           debugcon) that REGEX matches; repeated stops are armed in order;
                           needs --line-log and a QMP monitor, which continues the VM with cont
  --cpu-tier interp|jit    interpret every block (default), or compile hot blocks to IL

How a run without a window ends:
  - a guest reset with -no-reboot ends it (exit 0); without -no-reboot the machine reboots;
  - a guest that halts with interrupts disabled (cli; hlt) ends it with a one-line notice on
    stderr (exit 0), unless a monitor is attached;
  - a guest power-off ends it (exit 0);
  - when nothing is bootable the BIOS prints 'No bootable device.' and waits, as QEMU does;
  - Ctrl-C ends it.
  Option errors, missing images and bad values print one 'emu: ...' line and exit 1.
""";
}

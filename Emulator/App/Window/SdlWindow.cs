using System.Diagnostics;
using Emu.Core.Machine;
using Emu.Devices.Input;
using Emu.Devices.Video;

namespace Emu.App.Window;

/// <summary>
/// The SDL window (<c>-display sdl</c>): its own thread owns every SDL object, takes the host's
/// keyboard and mouse events (<see cref="WindowInput"/>) and shows the guest's picture at 60 frames
/// a second, scaled to the window. The machine thread is never blocked: once a frame is due, the
/// window posts one <see cref="IDisplaySource.Update"/> to the machine's queue and reads the frame
/// after that work ran, posting no other until then. The title is <c>Emu</c> or <c>Emu (NAME)</c>
/// and says when the VM is stopped or the pointer grabbed (QEMU ui/sdl2.c sdl_update_caption);
/// closing the window asks the machine to end (QEMU's SHUTDOWN reason host-ui).
/// </summary>
internal sealed class SdlWindow : IDisposable
{
    private const int FrameMilliseconds = 16;
    private const int UpdateIdle = 0;
    private const int UpdatePosted = 1;
    private const int UpdateDone = 2;

    private readonly RunLoop _loop;
    private readonly IDisplaySource _source;
    private readonly WindowInput _input;
    private readonly string _baseTitle;
    private readonly Func<bool> _isRunning;
    private readonly Action _closeRequested;
    private readonly DisplayFrame _frame = new();
    private readonly Action _update;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _started = new();
    private string? _startError;
    private volatile bool _stop;
    private int _updateState;
    private bool _changed;
    private nint _window;
    private nint _renderer;
    private nint _texture;
    private int _textureWidth;
    private int _textureHeight;
    private string _title = string.Empty;
    private bool _closeSent;

    private SdlWindow(RunLoop loop, IDisplaySource source, HostInput input, string? name, Func<bool> isRunning, Action closeRequested)
    {
        _loop = loop;
        _source = source;
        _input = new WindowInput(loop, input);
        _baseTitle = name is null ? "Emu" : $"Emu ({name})";
        _isRunning = isRunning;
        _closeRequested = closeRequested;
        _update = () =>
        {
            _changed = _source.Update(_frame);
            Volatile.Write(ref _updateState, UpdateDone);
        };
        _thread = new Thread(Run) { Name = "sdl-window", IsBackground = true };
    }

    /// <summary>Frames shown since the window opened (benchmarks).</summary>
    public long FramesShown { get; private set; }

    /// <summary>
    /// Opens the window on its own thread and returns once it shows; throws <see cref="WindowException"/>
    /// when SDL cannot be loaded or cannot open a window (no display, no libSDL2).
    /// </summary>
    public static SdlWindow Open(RunLoop loop, IDisplaySource source, HostInput input, string? name, Func<bool> isRunning, Action closeRequested)
    {
        SdlWindow window = new(loop, source, input, name, isRunning, closeRequested);
        window._thread.Start();
        window._started.Wait();
        if (window._startError is { } error)
        {
            window._thread.Join();
            throw new WindowException(error);
        }

        return window;
    }

    /// <summary>Closes the window and waits for its thread to release SDL.</summary>
    public void Dispose()
    {
        _stop = true;
        _thread.Join(TimeSpan.FromSeconds(10));
        _started.Dispose();
    }

    private void Run()
    {
        try
        {
            if (!Start())
            {
                _started.Set();
                return;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _startError = $"SDL 2 could not be loaded (Debian package libsdl2-2.0-0): {e.Message}";
            _started.Set();
            return;
        }

        _started.Set();
        try
        {
            Loop();
        }
        finally
        {
            if (_texture != 0)
            {
                Sdl.DestroyTexture(_texture);
            }

            Sdl.DestroyRenderer(_renderer);
            Sdl.DestroyWindow(_window);
            Sdl.Quit();
        }
    }

    private bool Start()
    {
        // A window on the desktop or nothing: without this SDL falls back to drivers that show
        // nothing (offscreen, KMS) when the display cannot be opened. The user's choice wins.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SDL_VIDEODRIVER")))
        {
            Sdl.SetHint("SDL_VIDEODRIVER", string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY")) ? "x11" : "wayland,x11");
        }

        if (Sdl.Init(Sdl.InitVideo) != 0)
        {
            _startError = $"could not initialize SDL: {Sdl.Error()}";
            return false;
        }

        _title = _baseTitle;
        _window = Sdl.CreateWindow(_title, Sdl.WindowPosUndefined, Sdl.WindowPosUndefined, 640, 400, Sdl.WindowShown | Sdl.WindowResizable);
        if (_window == 0)
        {
            _startError = $"could not open the SDL window: {Sdl.Error()}";
            Sdl.Quit();
            return false;
        }

        _renderer = Sdl.CreateRenderer(_window, -1, Sdl.RendererAccelerated);
        if (_renderer == 0)
        {
            _renderer = Sdl.CreateRenderer(_window, -1, Sdl.RendererSoftware);
        }

        if (_renderer == 0)
        {
            _startError = $"could not create an SDL renderer: {Sdl.Error()}";
            Sdl.DestroyWindow(_window);
            Sdl.Quit();
            return false;
        }

        return true;
    }

    private void Loop()
    {
        Stopwatch clock = Stopwatch.StartNew();
        long nextFrame = 0;
        bool present = true;
        while (!_stop)
        {
            int wait = (int)Math.Clamp(nextFrame - clock.ElapsedMilliseconds, 0, FrameMilliseconds);
            if (Sdl.WaitEventTimeout(out SdlEvent e, wait) == 1)
            {
                present |= Handle(e);
                while (Sdl.PollEvent(out e) == 1)
                {
                    present |= Handle(e);
                }
            }

            long now = clock.ElapsedMilliseconds;
            if (now >= nextFrame)
            {
                nextFrame = Math.Max(nextFrame + FrameMilliseconds, now);
                if (Volatile.Read(ref _updateState) == UpdateIdle)
                {
                    Volatile.Write(ref _updateState, UpdatePosted);
                    _loop.Post(_update);
                }

                UpdateTitle();
            }

            if (Volatile.Read(ref _updateState) == UpdateDone)
            {
                present |= _changed && Upload();
                Volatile.Write(ref _updateState, UpdateIdle);
            }

            if (present && _texture != 0)
            {
                Sdl.RenderClear(_renderer);
                Sdl.RenderCopy(_renderer, _texture, 0, 0);
                Sdl.RenderPresent(_renderer);
                FramesShown++;
                present = false;
            }
        }
    }

    /// <summary>Returns true when the window must be drawn again (exposed, resized).</summary>
    private bool Handle(in SdlEvent e)
    {
        if (e.Type == Sdl.EventQuit || (e.Type == Sdl.EventWindow && e.WindowEvent == Sdl.WindowEventClose))
        {
            if (!_closeSent)
            {
                _closeSent = true;
                _closeRequested();
            }

            return false;
        }

        if (_input.Handle(e))
        {
            Sdl.SetRelativeMouseMode(_input.Grabbed ? 1 : 0);
            Sdl.SetWindowGrab(_window, _input.Grabbed ? 1 : 0);
            UpdateTitle();
        }

        return e.Type == Sdl.EventWindow;
    }

    /// <summary>Copies the frame into the texture, resizing texture and window to a new mode as QEMU does.</summary>
    private unsafe bool Upload()
    {
        if (_frame.Width == 0 || _frame.Height == 0)
        {
            return false;
        }

        if (_frame.Width != _textureWidth || _frame.Height != _textureHeight)
        {
            if (_texture != 0)
            {
                Sdl.DestroyTexture(_texture);
            }

            _texture = Sdl.CreateTexture(_renderer, Sdl.PixelFormatRgb888, Sdl.TextureAccessStreaming, _frame.Width, _frame.Height);
            _textureWidth = _frame.Width;
            _textureHeight = _frame.Height;
            Sdl.SetWindowSize(_window, _frame.Width, _frame.Height);
        }

        fixed (uint* pixels = _frame.Pixels)
        {
            Sdl.UpdateTexture(_texture, 0, pixels, _frame.Width * sizeof(uint));
        }

        return true;
    }

    private void UpdateTitle()
    {
        string status = !_isRunning() ? " [Stopped]" : _input.Grabbed ? " - Press Ctrl-Alt-G to exit grab" : string.Empty;
        if (_title.Length != _baseTitle.Length + status.Length || !_title.EndsWith(status, StringComparison.Ordinal))
        {
            _title = _baseTitle + status;
            Sdl.SetWindowTitle(_window, _title);
        }
    }
}

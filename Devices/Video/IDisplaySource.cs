namespace Emu.Devices.Video;

/// <summary>
/// The guest's display as a consumer sees it: the window, <c>screendump</c>, the regression
/// runner's screenshots and tests all read the picture through this one contract, so each shows
/// the same pixels. Only the machine thread calls <see cref="Update"/> (design.md, Threads): a
/// consumer on another thread posts the call to the machine's queue and reads the frame after.
/// </summary>
public interface IDisplaySource
{
    /// <summary>
    /// Brings <paramref name="frame"/> up to the guest's current picture: resizes it when the mode's
    /// dimensions changed and redraws only what changed since this frame was last updated (a frame
    /// remembers what it last saw, so several consumers keep their own). Returns false when nothing
    /// changed, so a consumer can skip its upload.
    /// </summary>
    bool Update(DisplayFrame frame);
}

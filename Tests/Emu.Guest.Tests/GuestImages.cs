namespace Emu.Guest.Tests;

/// <summary>Where the guest images of shared/guests/build.sh are (<see cref="GuestCache"/>).</summary>
internal static class GuestImages
{
    public static string Directory => GuestCache.Directory;

    /// <summary>The image's path; fails the test with a clear message when the images were not built.</summary>
    public static string Require(string name)
    {
        string path = Path.Combine(Directory, name);
        Assert.True(File.Exists(path), $"{path} is missing: build the guest images with tools/guest-images.sh (tools/test.sh does)");
        return path;
    }

    /// <summary>A private copy (each emu process locks the images it opens, as QEMU does).</summary>
    public static string CopyTo(string name, string directory)
    {
        string copy = Path.Combine(directory, name);
        File.Copy(Require(name), copy, overwrite: true);
        return copy;
    }

    /// <summary>A test guest assembled from firmware/tests by this project's build.</summary>
    public static byte[] TestProgram(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "guests", name + ".bin");
        Assert.True(File.Exists(path), $"{path} is missing: the build assembles firmware/tests/{name}.asm with nasm");
        return File.ReadAllBytes(path);
    }
}

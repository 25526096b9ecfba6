using System.Text;

namespace Privc.Artifacts.Emit;

/// <summary>Writes one file all at once: a temporary sibling first, then a rename over the target.</summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Returns null on success, else the reason the file could not be written (the target is then untouched).</summary>
    public static string? Write(string path, string content)
    {
        var target = Path.GetFullPath(path);
        if (Directory.Exists(target))
        {
            return $"'{path}' is a folder";
        }
        var directory = Path.GetDirectoryName(target) ?? ".";
        var staging = Path.Combine(directory, $".{Path.GetFileName(target)}.privc-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(staging, content, Utf8);
            File.Move(staging, target, overwrite: true);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
        finally
        {
            if (File.Exists(staging))
            {
                File.Delete(staging);
            }
        }
    }
}

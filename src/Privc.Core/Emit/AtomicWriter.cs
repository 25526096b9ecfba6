using System.Text;

namespace Privc.Emit;

/// <summary>
/// Writes an <see cref="OutputBundle"/> into a folder all at once: files go to a fresh sibling folder first, which
/// then replaces the target. A failure at any point removes the temporary folder and leaves the target untouched.
/// </summary>
public static class AtomicWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Returns null on success, else the reason the output could not be written.</summary>
    public static string? Write(string directory, OutputBundle bundle)
    {
        var target = Path.GetFullPath(directory);
        var parent = Path.GetDirectoryName(target) ?? ".";
        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.privc-{Guid.NewGuid():N}");
        string? retired = null;
        try
        {
            Directory.CreateDirectory(parent);
            Directory.CreateDirectory(staging);
            foreach (var (relative, content) in bundle.Files)
            {
                var path = Path.GetFullPath(Path.Combine(staging, relative));
                if (!path.StartsWith(staging + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"privc bug: output path '{relative}' escapes the output folder");
                }
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, content, Utf8);
            }
            if (File.Exists(target))
            {
                return $"'{directory}' exists and is a file, not a folder";
            }
            if (Directory.Exists(target))
            {
                retired = Path.Combine(parent, $".{Path.GetFileName(target)}.privc-old-{Guid.NewGuid():N}");
                Directory.Move(target, retired);
            }
            Directory.Move(staging, target);
            if (retired is not null)
            {
                Directory.Delete(retired, recursive: true);
            }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (retired is not null && !Directory.Exists(target) && Directory.Exists(retired))
            {
                Directory.Move(retired, target);
            }
            return e.Message;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }
}

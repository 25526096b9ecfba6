using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Privc.Diagnostics;

namespace Privc.Artifacts.Emit;

/// <summary>What a command may replace besides its own earlier output.</summary>
/// <param name="Inputs">The files and folders the command read (intent files, topology, a benchmark folder). A folder holding one of them is never replaced.</param>
/// <param name="Force">Replace a folder that holds files privc did not write (never one that holds an input or the working folder).</param>
/// <param name="WorkingDirectory">The process's working folder: never replaced, nor any folder above it, when it holds files privc did not write.</param>
public sealed record OutputPolicy(ImmutableArray<string> Inputs, bool Force, string WorkingDirectory)
{
    public static OutputPolicy For(IEnumerable<string> inputs, bool force) =>
        new(inputs.ToImmutableArray(), force, Directory.GetCurrentDirectory());
}

/// <summary>
/// Puts an <see cref="OutputBundle"/> in place as the whole content of a folder, never destroying a file privc did
/// not write. privc marks every folder it writes with <see cref="MarkerName"/>, which lists each file it wrote and
/// its SHA-256. An existing folder is replaced only when it is empty, or every file in it is listed in its marker
/// with the content privc gave it; anything else (a user's file, a file edited since, an older privc output without
/// a marker) needs <see cref="OutputPolicy.Force"/>, and even then a folder holding an input file or the working
/// folder is refused.
/// <para>
/// The folder itself is kept (its permissions, owner and mount stay as they are); its content is swapped: the new
/// files are written into a hidden staging folder inside it, the old entries are moved aside into the same
/// staging area, the new ones moved in, and the old ones deleted. A failure before the swap leaves the folder as it
/// was; a failure during it moves everything back.
/// </para>
/// </summary>
public static class OutputFolder
{
    /// <summary>The marker privc writes into every output folder.</summary>
    public const string MarkerName = ".privc-output.json";

    private const string StagingPrefix = ".privc-staging-";
    private const int MarkerVersion = 1;
    private const int ListedFiles = 5;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Returns null when the bundle is in place, else a diagnostic saying why nothing was written.</summary>
    public static Diagnostic? Write(string directory, OutputBundle bundle, OutputPolicy policy)
    {
        if (bundle.Files.ContainsKey(MarkerName))
        {
            throw new InvalidOperationException($"privc bug: a bundle may not contain '{MarkerName}'");
        }
        var target = Path.GetFullPath(directory);
        if (File.Exists(target))
        {
            return DiagnosticCatalogue.OutputNotWritable(directory, "it exists and is a file, not a folder");
        }
        if (Path.GetPathRoot(target) == target)
        {
            return DiagnosticCatalogue.OutputHoldsInputs(directory, "it is the root of a file system");
        }
        var existed = Directory.Exists(target);
        if (existed && Refusal(directory, target, policy) is { } refusal)
        {
            return refusal;
        }
        var staging = Path.Combine(target, StagingPrefix + Guid.NewGuid().ToString("N"));
        var incoming = Path.Combine(staging, "new");
        var outgoing = Path.Combine(staging, "old");
        var movedOut = new List<(string From, string To)>();
        var movedIn = new List<string>();
        try
        {
            Directory.CreateDirectory(incoming);
            Directory.CreateDirectory(outgoing);
            foreach (var (relative, content) in bundle.With(MarkerName, Marker(bundle)).Files)
            {
                var path = Path.GetFullPath(Path.Combine(incoming, relative));
                if (!path.StartsWith(incoming + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"privc bug: output path '{relative}' escapes the output folder");
                }
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, content, Utf8);
            }
            foreach (var entry in Entries(target).Where(e => e != staging))
            {
                var aside = Path.Combine(outgoing, Path.GetFileName(entry));
                MoveEntry(entry, aside);
                movedOut.Add((entry, aside));
            }
            foreach (var entry in Entries(incoming))
            {
                var destination = Path.Combine(target, Path.GetFileName(entry));
                MoveEntry(entry, destination);
                movedIn.Add(destination);
            }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Restore(movedIn, movedOut);
            return DiagnosticCatalogue.OutputNotWritable(directory, e.Message);
        }
        finally
        {
            TryDelete(staging);
            if (!existed && Directory.Exists(target) && !Directory.EnumerateFileSystemEntries(target).Any())
            {
                Directory.Delete(target);
            }
        }
    }

    /// <summary>Why an existing folder may not be replaced, or null when it may.</summary>
    private static Diagnostic? Refusal(string directory, string target, OutputPolicy policy)
    {
        var real = RealPath(target);
        var held = policy.Inputs.Where(p => File.Exists(p) || Directory.Exists(p)).Select(p => RealPath(p)).Where(input => Inside(input, real)).Order(StringComparer.Ordinal).ToList();
        if (held.Count > 0)
        {
            return DiagnosticCatalogue.OutputHoldsInputs(directory, $"it holds the input {Quote(held[0])}");
        }
        var foreign = ForeignFiles(target);
        if (foreign.Count == 0)
        {
            return null;
        }
        var working = RealPath(policy.WorkingDirectory);
        if (working == real || Inside(working, real))
        {
            return DiagnosticCatalogue.OutputHoldsInputs(directory, "it is the working folder or one above it");
        }
        if (policy.Force)
        {
            return null;
        }
        var listed = string.Join(", ", foreign.Take(ListedFiles).Select(Quote)) + (foreign.Count > ListedFiles ? $" and {foreign.Count - ListedFiles} more" : string.Empty);
        return DiagnosticCatalogue.OutputNotOwned(directory, foreign.Count, listed);
    }

    /// <summary>
    /// The files (and other entries) under the folder that privc did not write, or changed since it wrote them,
    /// as relative paths in ordinal order. Empty folders and privc's own leftover staging folders are privc's.
    /// </summary>
    public static IReadOnlyList<string> ForeignFiles(string folder)
    {
        var owned = ReadMarker(Path.Combine(folder, MarkerName));
        var foreign = new List<string>();
        void Visit(string directory)
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(folder, entry).Replace(Path.DirectorySeparatorChar, '/');
                var info = new FileInfo(entry);
                if (info.LinkTarget is not null)
                {
                    foreign.Add(relative);
                }
                else if (Directory.Exists(entry))
                {
                    if (directory == folder && Path.GetFileName(entry).StartsWith(StagingPrefix, StringComparison.Ordinal))
                    {
                        continue;
                    }
                    Visit(entry);
                }
                else if (relative == MarkerName && owned is not null)
                {
                    continue;
                }
                else if (owned is null || !owned.TryGetValue(relative, out var digest) || !File.Exists(entry) || Digest(entry) != digest)
                {
                    foreign.Add(relative);
                }
            }
        }
        Visit(folder);
        return foreign;
    }

    private static string Marker(OutputBundle bundle)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("writtenBy", "privc");
            json.WriteNumber("schemaVersion", MarkerVersion);
            json.WriteString("note", "privc replaces this folder as a whole on its next run, but only while every file in it is listed here unchanged.");
            json.WriteStartObject("files");
            foreach (var (path, content) in bundle.Files)
            {
                json.WriteString(path, Convert.ToHexStringLower(SHA256.HashData(Utf8.GetBytes(content))));
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Utf8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>The marker's file list, or null when there is no readable privc marker.</summary>
    private static Dictionary<string, string>? ReadMarker(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.LinkTarget is not null || info.Length > 16 * 1024 * 1024)
            {
                return null;
            }
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("writtenBy", out var by) || by.ValueKind != JsonValueKind.String || by.GetString() != "privc"
                || !root.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in files.EnumerateObject())
            {
                if (file.Value.ValueKind == JsonValueKind.String)
                {
                    result[file.Name] = file.Value.GetString()!;
                }
            }
            return result;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private static string Digest(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static IEnumerable<string> Entries(string folder) =>
        Directory.EnumerateFileSystemEntries(folder).Order(StringComparer.Ordinal).ToList();

    private static void MoveEntry(string from, string to)
    {
        // rename(2) either way: a symbolic link is moved as the link, never followed.
        if (Directory.Exists(from))
        {
            Directory.Move(from, to);
        }
        else
        {
            File.Move(from, to);
        }
    }

    private static void Restore(List<string> movedIn, List<(string From, string To)> movedOut)
    {
        foreach (var entry in movedIn)
        {
            TryDelete(entry);
        }
        foreach (var (from, to) in movedOut)
        {
            try
            {
                MoveEntry(to, from);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left in the staging folder, which then is not deleted: nothing is lost.
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (new FileInfo(path).LinkTarget is not null || File.Exists(path))
            {
                File.Delete(path);
            }
            else if (Directory.Exists(path))
            {
                // Directory.Delete removes symbolic links without following them.
                Directory.Delete(path, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A staging folder privc cannot remove is privc's own (ForeignFiles ignores it on the next run).
        }
    }

    private static bool Inside(string path, string folder) =>
        path.StartsWith(folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The path with every symbolic link on it resolved, so a link cannot hide an input inside the folder.</summary>
    public static string RealPath(string path) => RealPath(Path.GetFullPath(path), 0);

    private static string RealPath(string full, int depth)
    {
        var root = Path.GetPathRoot(full)!;
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = root;
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            if (depth < 40 && new FileInfo(next).LinkTarget is { } link)
            {
                var resolved = Path.GetFullPath(link, current);
                return RealPath(Path.GetFullPath(Path.Combine([resolved, .. parts[(i + 1)..]])), depth + 1);
            }
            current = next;
        }
        return current;
    }

    private static string Quote(string path) => $"'{path}'";
}

using System.Collections.Immutable;

namespace Privc.Artifacts.Emit;

/// <summary>
/// Everything a command writes, as relative paths and contents, built in memory so that nothing is written unless
/// the whole command succeeded. <see cref="OutputFolder"/> puts it in place, never destroying a file privc did not write.
/// </summary>
public sealed record OutputBundle(ImmutableSortedDictionary<string, string> Files)
{
    public static OutputBundle Empty { get; } = new(ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal));

    public OutputBundle With(string path, string content) => new(Files.SetItem(path, content));
}

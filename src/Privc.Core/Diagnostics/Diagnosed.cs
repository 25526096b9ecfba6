using System.Collections.Immutable;

namespace Privc.Diagnostics;

/// <summary>
/// The form of <see cref="Result{T}"/> for a step that reports every problem it finds rather than the first: the
/// value with its warnings, or no value with the errors (and any warnings) that stopped it.
/// </summary>
/// <param name="Value">The result; absent exactly when <paramref name="Diagnostics"/> holds an error.</param>
/// <param name="Diagnostics">Everything reported, sorted.</param>
public sealed record Diagnosed<T>(T? Value, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool Succeeded => !Diagnostics.Any(d => d.IsError);

    public static implicit operator Diagnosed<T>((T? Value, ImmutableArray<Diagnostic> Diagnostics) pair) => new(pair.Value, pair.Diagnostics);
}

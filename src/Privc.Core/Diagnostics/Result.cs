namespace Privc.Diagnostics;

/// <summary>
/// What an operation that can fail on the user's input or on the outside world (a file, a cluster, a server)
/// returns: the value, or the diagnostic that says why there is none. Exactly one of the two is set. This is
/// privc's one way to fail; exceptions are kept for privc's own bugs (see README, "Conventions").
/// </summary>
/// <remarks>
/// A positional record, so call sites read it as <c>var (value, error) = ...</c>; the conversion from the pair lets a
/// method write <c>return (value, null);</c>.
/// </remarks>
/// <param name="Value">The result; absent exactly when <paramref name="Error"/> is set.</param>
/// <param name="Error">Why there is no value.</param>
public sealed record Result<T>(T? Value, Diagnostic? Error)
{
    public bool Succeeded => Error is null;

    public static Result<T> Ok(T value) => new(value, null);

    public static Result<T> Fail(Diagnostic error) => new(default, error);

    public static implicit operator Result<T>((T? Value, Diagnostic? Error) pair) => new(pair.Value, pair.Error);
}

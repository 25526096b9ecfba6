namespace Privc.Diagnostics;

/// <summary>
/// The same shape as <see cref="Result{T}"/> for a step below the diagnostic layer whose failure is not yet a
/// diagnostic (a JSON syntax error with its offset, a solver that cannot be used, a model the solver answered with
/// that names no plan): the caller knows the file or the flag and turns <see cref="Error"/> into a diagnostic.
/// </summary>
/// <param name="Value">The result; absent when <paramref name="Error"/> is set.</param>
/// <param name="Error">Why there is no value (for an enum error type, its "none" member means success).</param>
public sealed record Result<T, TError>(T? Value, TError? Error)
{
    public static implicit operator Result<T, TError>((T? Value, TError? Error) pair) => new(pair.Value, pair.Error);
}

namespace Privc.Parsing;

/// <summary>How much of an input privc reads, and how long it waits for it.</summary>
/// <param name="MaxBytes">Inputs larger than this are rejected; real ones are kilobytes.</param>
/// <param name="ReadTimeout">
/// How long reading one input may take. A FIFO nobody writes to (or a process substitution that never ends) would
/// otherwise block privc forever; a regular file is read well within it.
/// </param>
public sealed record InputLimits(long MaxBytes, TimeSpan ReadTimeout)
{
    public static InputLimits Default { get; } = new(16L * 1024 * 1024, TimeSpan.FromSeconds(30));

    /// <summary>The default limits, with the read timeout from PRIVC_READ_TIMEOUT (seconds) when it is set to a positive number.</summary>
    public static InputLimits FromEnvironment(Func<string, string?> environment) =>
        double.TryParse(environment("PRIVC_READ_TIMEOUT"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds < 86400
            ? Default with { ReadTimeout = TimeSpan.FromSeconds(seconds) }
            : Default;
}

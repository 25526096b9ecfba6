namespace Privc.Cli;

/// <summary>The command-line contract's exit codes (README, "Exit codes").</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int InputError = 1;
    public const int Unsatisfiable = 2;
    public const int Undecided = 3;
    public const int Violations = 4;

    /// <summary><c>check</c> found no violation but could not judge everything (a cannot-judge finding, PRIV5150-5199).</summary>
    public const int NotJudged = 5;
}

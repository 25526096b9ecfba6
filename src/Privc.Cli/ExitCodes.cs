namespace Privc.Cli;

/// <summary>The command-line contract's exit codes (README, "Exit codes").</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int InputError = 1;
    public const int Unsatisfiable = 2;
    public const int Undecided = 3;
    public const int Violations = 4;

    /// <summary>
    /// <c>check</c> could not judge everything (specs/check.md): an input or an intent it cannot judge, and no
    /// violation found. Malformed input (1) and violations (4) take precedence.
    /// </summary>
    public const int NotJudged = 5;

    /// <summary>
    /// <c>translate</c> has a result that type-checks and passed its checks, but a person did not confirm it: the
    /// answer was no, standard input ended, or no question could be asked (<c>--non-interactive</c>, input not a
    /// terminal) where one was needed. Nothing was written. Distinct from 1 so that a script can tell "needs a
    /// person" from "failed".
    /// </summary>
    public const int NotConfirmed = 6;

    /// <summary>
    /// <c>deploy</c> stopped part way, after its first change (specs/live.md): the step that failed is reported; every
    /// flow rule of the previous deploy is still installed (privc removes them only as its last step), so each route
    /// it proved stays pinned. Deploying again finishes the job.
    /// </summary>
    public const int DeployIncomplete = 7;
}

namespace Privc.Verification.Solving;

/// <summary>
/// Finds a solver binary: the explicit path (the --z3/--cvc5 flag, <see cref="SolverOptions.SolverPath"/>), else the
/// environment variable (PRIVC_Z3, PRIVC_CVC5), else PATH. The environment is a function so tests can replace it.
/// </summary>
internal static class SolverLocator
{
    public static string? Find(SolverDialect dialect, string? explicitPath, Func<string, string?> environment, out string? problem)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return Resolve(dialect, explicitPath, $"given with {dialect.Flag}", environment, out problem);
        }
        var fromEnvironment = environment(dialect.EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Resolve(dialect, fromEnvironment, $"from {dialect.EnvironmentVariable}", environment, out problem);
        }
        var found = SearchPath(dialect.Name, environment);
        problem = found is null ? NotFound(dialect) : null;
        return found;
    }

    public static string NotFound(SolverDialect dialect) =>
        $"{dialect.Name} was not found: install it with `apt-get install {dialect.Name}`, or pass {dialect.Flag} PATH / set {dialect.EnvironmentVariable}";

    private static string? Resolve(SolverDialect dialect, string candidate, string origin, Func<string, string?> environment, out string? problem)
    {
        var isBareName = candidate.IndexOfAny([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar]) < 0;
        var found = isBareName ? SearchPath(candidate, environment) : IsExecutableFile(candidate) ? Path.GetFullPath(candidate) : null;
        if (found is not null)
        {
            problem = null;
            return found;
        }
        var why = isBareName ? "is not on PATH"
            : Directory.Exists(candidate) ? "is a directory"
            : File.Exists(candidate) ? "is not executable"
            : "does not exist";
        problem = $"{dialect.Name} was not found: '{candidate}' ({origin}) {why}; install it with `apt-get install {dialect.Name}`, or pass {dialect.Flag} PATH / set {dialect.EnvironmentVariable}";
        return null;
    }

    private static string? SearchPath(string name, Func<string, string?> environment)
    {
        var path = environment("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (IsExecutableFile(candidate))
            {
                return Path.GetFullPath(candidate);
            }
            if (OperatingSystem.IsWindows() && IsExecutableFile(candidate + ".exe"))
            {
                return Path.GetFullPath(candidate + ".exe");
            }
        }
        return null;
    }

    private static bool IsExecutableFile(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }
        if (OperatingSystem.IsWindows())
        {
            return true;
        }
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }
}

namespace Privc.Artifacts;

/// <summary>One emitted artifact: a path relative to the output folder (forward slashes) and its text.</summary>
public sealed record ArtifactFile(string Path, string Content);

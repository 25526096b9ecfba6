namespace Privc.Verification.Decomposition;

/// <summary>
/// One SMT routing problem of level 2 (specs/encoding.md section 12), for the figures in
/// specs/benchmarks/results.md: which question it asked ("with load", "alone", "proof", "minimise"), how big it was
/// and how long the solver took. <see cref="Iteration"/> is the master iteration whose placement it routed (0: the
/// primal heuristic's).
/// </summary>
public sealed record RoutingProblemRecord(int Iteration, string Question, int Classes, int Items, int LinkVariables, int ScriptBytes, double SolverMs, string Answer);

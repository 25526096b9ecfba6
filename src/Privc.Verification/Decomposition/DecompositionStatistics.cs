namespace Privc.Verification.Decomposition;

/// <summary>
/// Where a decomposed verification spent its time and how much it did (reported by the benchmark and on progress):
/// milliseconds per stage, time inside the solver, master iterations, nogoods and cuts, and the master's size.
/// </summary>
public sealed class DecompositionStatistics
{
    public double StaticFactsMs { get; set; }

    public double HeuristicMs { get; set; }

    public double MasterEncodeMs { get; set; }

    public double RoutingMs { get; set; }

    public double CheckMs { get; set; }

    public double OptimiseMs { get; set; }

    public double CoreMs { get; set; }

    public double SolverMs { get; set; }

    public int SolverCalls { get; set; }

    public int MasterIterations { get; set; }

    public int Nogoods { get; set; }

    public int OptimalityCuts { get; set; }

    public int LinkCuts { get; set; }

    public int RoutingSmtProblems { get; set; }

    public int MasterPlacements { get; set; }

    public int MasterComponents { get; set; }

    public int MasterAssertions { get; set; }

    public long MasterBytes { get; set; }

    public int RouteFacts { get; set; }

    public bool HeuristicPlan { get; set; }

    public int CoreChecks { get; set; }

    /// <summary>Core tests decided by a slice: unsat by the slice itself, sat by the slice's plan extended (section 16).</summary>
    public int CoreSliceVerdicts { get; set; }

    /// <summary>Core tests that needed the whole program under their intents alone (the exact, slow fallback).</summary>
    public int CoreWholeSolves { get; set; }

    /// <summary>Every SMT routing problem, in the order solved (where the contended case spends its time).</summary>
    public List<RoutingProblemRecord> RoutingProblems { get; } = new();

    /// <summary>Every nogood learnt, in order, with the share of placements it excludes.</summary>
    public List<NogoodRecord> LearntNogoods { get; } = new();
}

namespace Privc.Verification.Decomposition;

/// <summary>
/// One nogood or capacity cut as learnt (specs/encoding.md section 13), for the figures: the master iteration, how
/// many (service, node) facts it names, over how many services, and the share of the master's placements (W1 alone,
/// every service's r(s) of its candidates) it excludes, as a base-10 logarithm (-3: one placement in a thousand).
/// </summary>
public sealed record NogoodRecord(int Iteration, string Kind, int Hosts, int Services, double ExcludedLog10);

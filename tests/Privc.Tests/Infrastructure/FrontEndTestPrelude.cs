namespace Privc.Tests.Infrastructure;

/// <summary>A small, valid program over the hospital-au topology that binder tests extend with the item under test.</summary>
public static class FrontEndTestPrelude
{
    public const string Declarations = """
        levels public < internal < confidential < restricted;
        data Vitals: restricted tags PHI, PII;
        data Stats: internal tags statistics;
        service ingest { image "r/ingest:1"; replicas 2; cpu 500m; memory 256Mi; ports 8080; tenant hospital; handles Vitals; clearance restricted; }
        service triage { image "r/triage:1"; replicas 2; ports 9000; tenant hospital; clearance restricted; }
        service anon { image "r/anon:1"; ports 7000; tenant hospital; clearance restricted; }
        service research { image "r/research:1"; replicas 2; ports 8443; tenant university; clearance internal; }
        flow feed: ingest -> triage carries Vitals port 9000;
        flow to_anon: triage -> anon carries Vitals port 7000;
        flow out: anon -> research carries Vitals port 8443;
        intent anonymise: declassify Vitals to internal via anon;

        """;
}

namespace Privc.Tests.Verification;

/// <summary>
/// A small topology for verification tests. Two routes join the edge (s1) to the cloud switch (s4): through a
/// trusted firewall s2 (2 ms + 2 ms, encrypted) or through an untrusted transit s3 (1 ms + 1 ms, unencrypted).
/// s5 in Singapore hangs off s4. Nodes: two edge nodes on s1, two cloud nodes on s4 in different zones, one cheap
/// cloud node in Singapore on s5.
/// </summary>
public static class LabTopology
{
    public const string Yaml = """
        name: lab
        scales:
          trust: [untrusted, low, medium, high]
        devices:
          - {id: "of:0000000000000001", name: s1, labels: {jurisdiction: AU, trust: high}}
          - {id: "of:0000000000000002", name: s2, labels: {jurisdiction: AU, trust: high, role: firewall}}
          - {id: "of:0000000000000003", name: s3, labels: {jurisdiction: AU, trust: untrusted, role: transit}}
          - {id: "of:0000000000000004", name: s4, labels: {jurisdiction: AU, trust: high, role: core}}
          - {id: "of:0000000000000005", name: s5, labels: {jurisdiction: SG, trust: medium, role: core}}
        nodes:
          - {name: edge-1, labels: {jurisdiction: AU, tier: edge, tee: true, zone: a}, capacity: {cpu: 2, memory: 4Gi}, ip: 10.0.0.1, cost: 2, attach: {device: s1, port: 10}}
          - {name: edge-2, labels: {jurisdiction: AU, tier: edge, tee: false, zone: b}, capacity: {cpu: 2, memory: 4Gi}, ip: 10.0.0.2, cost: 2, attach: {device: s1, port: 11}}
          - {name: cloud-a, labels: {jurisdiction: AU, tier: cloud, tee: false, zone: a}, capacity: {cpu: 16, memory: 64Gi}, ip: 10.0.4.1, cost: 3, attach: {device: s4, port: 10}}
          - {name: cloud-b, labels: {jurisdiction: AU, tier: cloud, tee: true, zone: b}, capacity: {cpu: 16, memory: 64Gi}, ip: 10.0.4.2, cost: 4, attach: {device: s4, port: 11}}
          - {name: cloud-sg, labels: {jurisdiction: SG, tier: cloud, tee: false, zone: c}, capacity: {cpu: 64, memory: 256Gi}, ip: 10.0.5.1, cost: 1, attach: {device: s5, port: 10}}
        links:
          - {a: {device: s1, port: 1}, b: {device: s2, port: 1}, latency: 2ms, bandwidth: 1Gbps, labels: {encrypted: true}}
          - {a: {device: s2, port: 2}, b: {device: s4, port: 1}, latency: 2ms, bandwidth: 1Gbps, labels: {encrypted: true}}
          - {a: {device: s1, port: 2}, b: {device: s3, port: 1}, latency: 1ms, bandwidth: 10Gbps, labels: {encrypted: false}}
          - {a: {device: s3, port: 2}, b: {device: s4, port: 2}, latency: 1ms, bandwidth: 10Gbps, labels: {encrypted: false}}
          - {a: {device: s4, port: 3}, b: {device: s5, port: 1}, latency: 30ms, bandwidth: 10Gbps, labels: {encrypted: true}}
        """;

    /// <summary>Two services and a flow between them; tests append intents.</summary>
    public const string Services = """
        data Records: restricted tags PII;
        service front { image "r/front:1"; replicas 1; cpu 500m; memory 256Mi; ports 8080; tenant clinic; clearance restricted; handles Records; }
        service store { image "r/store:1"; replicas 1; cpu 1; memory 1Gi; ports 5432; tenant clinic; clearance restricted; }
        flow save: front -> store carries Records bandwidth 100Mbps port 5432;

        """;
}

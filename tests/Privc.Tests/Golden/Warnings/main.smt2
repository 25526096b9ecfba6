; privc encoding of C |=_lambda I; see specs/encoding.md
; topology 'hospital-au': 6 nodes, 7 devices, 16 directed links
; node indices: 0=cloud-sg-1, 1=cloud-syd-1, 2=cloud-syd-2, 3=edge-mel-1, 4=edge-syd-1, 5=edge-syd-2
; one guard literal per intent: its assertions hold while it is assumed
(declare-const |intent!nobody_handles| Bool)
(declare-const |intent!nothing_kept| Bool)
(declare-const |intent!no_flows| Bool)
(declare-const |intent!partial_label| Bool)
(declare-const |intent!partial_not_in| Bool)
; placement: replica i of service s runs on node r(s,i); replicas on distinct nodes, in increasing order
; service ingest: 1 replica(s), 0 candidate node(s)
(declare-const |replica!ingest!0| Int)
(assert false)
; service triage: 1 replica(s), 0 candidate node(s)
(declare-const |replica!triage!0| Int)
(assert false)
; capacity: the requests of the replicas on a node fit its CPU and memory
; flow feed: ingest -> triage, 0 usable device(s), 0 usable directed link(s)
; bandwidth: flows using a directed link fit its capacity

; privc encoding of C |=_lambda I; see specs/encoding.md
; topology 'hospital-au': 6 nodes, 7 devices, 16 directed links
; node indices: 0=cloud-sg-1, 1=cloud-syd-1, 2=cloud-syd-2, 3=edge-mel-1, 4=edge-syd-1, 5=edge-syd-2
; one guard literal per intent: its assertions hold while it is assumed
(declare-const |intent!vitals_in_au| Bool)
(declare-const |intent!phi_in_au| Bool)
(declare-const |intent!several| Bool)
(declare-const |intent!trusted_path| Bool)
; placement: replica i of service s runs on node r(s,i); replicas on distinct nodes, in increasing order
; service monitor: 2 replica(s), 0 candidate node(s)
(declare-const |replica!monitor!0| Int)
(assert false)
(declare-const |replica!monitor!1| Int)
(assert false)
(assert (< |replica!monitor!0| |replica!monitor!1|))
; service records: 1 replica(s), 0 candidate node(s)
(declare-const |replica!records!0| Int)
(assert false)
; service stats: 1 replica(s), 0 candidate node(s)
(declare-const |replica!stats!0| Int)
(assert false)
; capacity: the requests of the replicas on a node fit its CPU and memory
; flow summary: records -> stats, 0 usable device(s), 0 usable directed link(s)
; flow upload: monitor -> records, 0 usable device(s), 0 usable directed link(s)
; bandwidth: flows using a directed link fit its capacity

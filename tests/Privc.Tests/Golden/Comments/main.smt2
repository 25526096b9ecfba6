; privc encoding of C |=_lambda I; see specs/encoding.md
; topology 'hospital-au': 6 nodes, 7 devices, 16 directed links
; node indices: 0=cloud-sg-1, 1=cloud-syd-1, 2=cloud-syd-2, 3=edge-mel-1, 4=edge-syd-1, 5=edge-syd-2
; one guard literal per intent: its assertions hold while it is assumed
(declare-const |intent!i| Bool)
; placement: replica i of service s runs on node r(s,i); replicas on distinct nodes, in increasing order
; service web: 2 replica(s), 2 candidate node(s)
(declare-const |replica!web!0| Int)
(assert (or (= |replica!web!0| 3) (= |replica!web!0| 4)))
(declare-const |replica!web!1| Int)
(assert (or (= |replica!web!1| 3) (= |replica!web!1| 4)))
(assert (< |replica!web!0| |replica!web!1|))
(declare-const |hosts!web!edge-mel-1| Bool)
(assert (= |hosts!web!edge-mel-1| (or (= |replica!web!0| 3) (= |replica!web!1| 3))))
(declare-const |hosts!web!edge-syd-1| Bool)
(assert (= |hosts!web!edge-syd-1| (or (= |replica!web!0| 4) (= |replica!web!1| 4))))
; capacity: the requests of the replicas on a node fit its CPU and memory
; bandwidth: flows using a directed link fit its capacity

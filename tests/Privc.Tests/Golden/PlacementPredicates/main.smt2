; privc encoding of C |=_lambda I; see specs/encoding.md
; topology 'hospital-au': 6 nodes, 7 devices, 16 directed links
; node indices: 0=cloud-sg-1, 1=cloud-syd-1, 2=cloud-syd-2, 3=edge-mel-1, 4=edge-syd-1, 5=edge-syd-2
; one guard literal per intent: its assertions hold while it is assumed
(declare-const |intent!flag| Bool)
(declare-const |intent!not_flag| Bool)
(declare-const |intent!flag_false| Bool)
(declare-const |intent!equal| Bool)
(declare-const |intent!not_equal| Bool)
(declare-const |intent!member| Bool)
(declare-const |intent!not_member| Bool)
(declare-const |intent!ordered| Bool)
(declare-const |intent!ordered_less| Bool)
(declare-const |intent!numeric| Bool)
(declare-const |intent!capacity| Bool)
(declare-const |intent!named| Bool)
(declare-const |intent!attached| Bool)
(declare-const |intent!quoted| Bool)
(declare-const |intent!constants| Bool)
(declare-const |intent!precedence| Bool)
(declare-const |intent!grouping| Bool)
(declare-const |intent!nested| Bool)
(declare-const |intent!right_nested| Bool)
(declare-const |intent!all_of_them| Bool)
; placement: replica i of service s runs on node r(s,i); replicas on distinct nodes, in increasing order
; service web: 2 replica(s), 0 candidate node(s)
(declare-const |replica!web!0| Int)
(assert false)
(declare-const |replica!web!1| Int)
(assert false)
(assert (< |replica!web!0| |replica!web!1|))
; capacity: the requests of the replicas on a node fit its CPU and memory
; bandwidth: flows using a directed link fit its capacity

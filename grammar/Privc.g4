// The privc privacy intent language. specs/language.md is the reference; this grammar is its syntax only.
// ANTLR contexts never leave src/Privc.Core/Parsing: SyntaxTreeBuilder converts them once into privc's own
// immutable syntax tree. Keywords are reserved only where the grammar needs them; `name` rules let most of
// them double as identifiers (a service may be called `route`, a label key may be `latency`).
grammar Privc;

program : item* EOF ;

item
    : levelsDecl
    | dataDecl
    | serviceDecl
    | externalDecl
    | flowDecl
    | intentDecl
    | objectiveDecl
    ;

// levels public < internal < confidential < restricted;
levelsDecl : LEVELS name (LT name)* SEMI ;

// data Vitals: restricted tags PHI, PII;
dataDecl : DATA name COLON level=name (TAGS name (COMMA name)*)? SEMI ;

// service ingest { image "r/ingest:1"; replicas 2; cpu 500m; memory 256Mi; probe http "/healthz" port 8080; ... }
// A property's values are separated by commas; one value may be a phrase of several words (`probe http "/" port 80`).
serviceDecl : SERVICE name LBRACE property* RBRACE ;
property : key=name propertyValue (COMMA propertyValue)* SEMI ;
propertyValue : value+ ;

// external prometheus { namespace monitoring; pods app == "prometheus"; }   external gw { cidr "203.0.113.0/24"; }
// A party outside the program that flows may name as source or target. `pods` takes a conjunction of label tests,
// written as a predicate; every other property is a plain property, as in a service.
externalDecl : EXTERNAL name LBRACE externalProperty* RBRACE ;
externalProperty
    : PODS predicate SEMI                       # podsProperty
    | property                                  # plainExternalProperty
    ;

// flow vitals: ingest -> analytics carries Vitals, Telemetry bandwidth 100Mbps port 8080;
flowDecl : FLOW name COLON source=name ARROW target=name flowClause* SEMI ;
flowClause
    : CARRIES name (COMMA name)*        # carriesClause
    | BANDWIDTH value                   # bandwidthClause
    | PORT value                        # portClause
    ;

intentDecl : INTENT name COLON intentBody SEMI ;

intentBody
    : PLACE serviceSet ON predicate                                     # placeIntent
    | KEEP dataSet WITHIN predicate (OVER LINKS WHERE predicate)?       # keepIntent
    | SEPARATE serviceSet FROM serviceSet (BY attribute)?               # separateIntent
    | COLOCATE serviceSet WITH serviceSet (BY attribute)?               # colocateIntent
    | DEDICATE serviceSet                                               # dedicateIntent
    | SPREAD serviceSet ACROSS attribute AT LEAST value                 # spreadIntent
    | ROUTE flowSet pathClause (COMMA pathClause)*                      # routeIntent
    | DECLASSIFY name TO name VIA name                                  # declassifyIntent
    ;

serviceSet : serviceRef (COMMA serviceRef)* ;
serviceRef
    : STAR                  # allServices
    | TENANT name           # tenantServices
    | HANDLING name         # handlingServices
    | name                  # namedService
    ;

dataSet : dataRef (COMMA dataRef)* ;
dataRef
    : DATA TAGGED name      # taggedData
    | name                  # namedData
    ;

flowSet : flowRef (COMMA flowRef)* ;
flowRef
    : STAR                  # allFlows
    | FLOWS CARRYING name   # carryingFlows
    | FLOWS FROM name       # fromFlows
    | FLOWS TO name         # toFlows
    | name                  # namedFlow
    ;

pathClause
    : AVOID elementSet                          # avoidClause
    | THROUGH waypoint (THEN waypoint)*         # throughClause
    | WITHIN predicate                          # withinClause
    | OVER LINKS WHERE predicate                # overLinksClause
    | LATENCY cmpOp value                       # latencyClause
    | HOPS cmpOp value                          # hopsClause
    ;

elementSet
    : DEVICES WHERE predicate                   # devicesWhere
    | LINKS WHERE predicate                     # linksWhere
    | name (COMMA name)*                        # namedDevices
    ;

waypoint
    : DEVICES WHERE predicate                   # waypointWhere
    | name                                      # waypointNamed
    ;

// objective fast: minimize latency;   objective edge_first: prefer tier == edge;
objectiveDecl : OBJECTIVE name COLON objectiveBody SEMI ;
objectiveBody
    : MINIMIZE MAX? name                        # minimizeObjective
    | PREFER predicate                          # preferObjective
    ;

predicate
    : NOT predicate                             # notPredicate
    | predicate AND predicate                   # andPredicate
    | predicate OR predicate                    # orPredicate
    | LPAREN predicate RPAREN                   # parenPredicate
    | attribute NOT IN LBRACE value (COMMA value)* RBRACE     # notInPredicate
    | attribute IN LBRACE value (COMMA value)* RBRACE         # inPredicate
    | attribute cmpOp value                     # comparePredicate
    | TRUE                                      # truePredicate
    | FALSE                                     # falsePredicate
    | attribute                                 # flagPredicate
    ;

// A label key, wherever one appears (predicates, `by`, `across`). Quoted keys hold characters names cannot,
// such as the trusted prefix `"node-restriction.kubernetes.io/zone"`; quoting never changes a key's meaning.
attribute : name | STRING ;

cmpOp : EQ | NEQ | LT | LE | GT | GE ;

value : name | STRING | NUMBER | QUANTITY | TRUE | FALSE ;

// Contextual keywords: usable wherever a name is expected.
name
    : IDENT
    | LEVELS | TAGS | LATENCY | BANDWIDTH | PORT | HOPS | MAX | TENANT | HANDLING | LINKS | DEVICES
    | PLACE | KEEP | SEPARATE | COLOCATE | DEDICATE | SPREAD | ROUTE | DECLASSIFY | PREFER | MINIMIZE
    | AT | LEAST | BY | ACROSS | THEN | AVOID | THROUGH | CARRYING | FLOWS | TAGGED | VIA | OVER
    | CARRIES | WHERE | EXTERNAL | PODS
    ;

DATA : 'data' ;
SERVICE : 'service' ;
FLOW : 'flow' ;
INTENT : 'intent' ;
OBJECTIVE : 'objective' ;
EXTERNAL : 'external' ;
PODS : 'pods' ;
LEVELS : 'levels' ;
TAGS : 'tags' ;
CARRIES : 'carries' ;
BANDWIDTH : 'bandwidth' ;
PORT : 'port' ;
PLACE : 'place' ;
ON : 'on' ;
KEEP : 'keep' ;
WITHIN : 'within' ;
OVER : 'over' ;
LINKS : 'links' ;
WHERE : 'where' ;
SEPARATE : 'separate' ;
FROM : 'from' ;
BY : 'by' ;
COLOCATE : 'colocate' ;
WITH : 'with' ;
DEDICATE : 'dedicate' ;
SPREAD : 'spread' ;
ACROSS : 'across' ;
AT : 'at' ;
LEAST : 'least' ;
ROUTE : 'route' ;
DECLASSIFY : 'declassify' ;
TO : 'to' ;
VIA : 'via' ;
TENANT : 'tenant' ;
HANDLING : 'handling' ;
TAGGED : 'tagged' ;
FLOWS : 'flows' ;
CARRYING : 'carrying' ;
AVOID : 'avoid' ;
THROUGH : 'through' ;
THEN : 'then' ;
DEVICES : 'devices' ;
LATENCY : 'latency' ;
HOPS : 'hops' ;
MINIMIZE : 'minimize' ;
MAX : 'max' ;
PREFER : 'prefer' ;
AND : 'and' ;
OR : 'or' ;
NOT : 'not' ;
IN : 'in' ;
TRUE : 'true' ;
FALSE : 'false' ;

ARROW : '->' ;
EQ : '==' ;
NEQ : '!=' ;
LE : '<=' ;
GE : '>=' ;
LT : '<' ;
GT : '>' ;
COLON : ':' ;
SEMI : ';' ;
COMMA : ',' ;
LBRACE : '{' ;
RBRACE : '}' ;
LPAREN : '(' ;
RPAREN : ')' ;
STAR : '*' ;

// A quantity is a number with a unit suffix (10ms, 1Gbps, 500m, 256Mi); the binder gives it a type.
QUANTITY : DIGITS ('.' DIGITS)? [a-zA-Z]+ ;
NUMBER : DIGITS ('.' DIGITS)? ;
// Names may contain dashes and dots inside (edge-syd-1, v1.2) but never end with one, so `a->b` lexes as a, ->, b.
IDENT : [a-zA-Z_] ([a-zA-Z0-9_\-.]* [a-zA-Z0-9_])? ;
// Escapes are checked when the tree is built, so a bad escape is one clear diagnostic, not a lexer cascade.
STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '\\'? ;

LINE_COMMENT : ('//' | '#') ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN) ;
// Never holds a `*/`: otherwise, being the longer match, it would swallow every block comment and what follows.
UNTERMINATED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* EOF ;
WS : [ \t\r\n\f]+ -> channel(HIDDEN) ;

fragment DIGITS : [0-9]+ ;

// Anything else becomes one error token so the parser sees it and the binder never does.
ERROR_CHAR : . ;

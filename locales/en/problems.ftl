# Problem details: titles, one per kind of problem (the `type` URI's last segment).
title-bad-request = Malformed request
title-unauthorized = Authentication required
title-forbidden = Not allowed
title-not-found = Not found
title-conflict = Conflict
title-gone = Gone
title-method-not-allowed = Method not allowed
title-precondition-failed = Precondition failed
title-payload-too-large = Request body too large
title-uri-too-long = URI too long
title-headers-too-large = Request header fields too large
title-not-acceptable = Not acceptable
title-unsupported-media-type = Unsupported media type
title-validation = Invalid request
title-bad-query = Invalid query parameters
title-too-many-requests = Too many requests
title-unavailable = Service unavailable
title-internal = Internal error

# Details that every endpoint may give.
problem-validation-one = 1 field is invalid: { $field }
problem-validation-many = { $count } fields are invalid
problem-bad-query = invalid query parameter: { $names }
problem-method-not-allowed = this endpoint does not accept this method; it allows { $allowed }
problem-not-acceptable = the Accept header allows none of the media types offered: { $offered }
problem-uri-too-long = the URI is longer than { $limit } bytes; send fewer or shorter query parameters
problem-headers-too-large = the header fields exceed { $limit } bytes
problem-precondition-failed = the resource has changed since it was read (If-Match does not match)
problem-too-many-requests = too many requests; retry in { $seconds } s
problem-unavailable = the database is unavailable, retry shortly
problem-internal = an unexpected error occurred; quote the request id when reporting it
# $resource: the resource's name with _ for spaces (crates/domain/src/ids.rs).
problem-no-such-resource = { $resource ->
    [cooperative] no cooperative with this id
    [membership_count] no membership count with this id
    [strategic_plan] no strategic plan with this id
    [orientation] no orientation with this id
    [objective] no objective with this id
    [measurement] no measurement with this id
    [partner] no partner with this id
    [service_agreement] no service agreement with this id
    [transition] no transition with this id
    [enrolment] no enrolment with this id
    [API_client] no API client with this id
    [webhook_subscription] no webhook subscription with this id
    [webhook_delivery] no webhook delivery with this id
    [event] no event with this id
    [participation] no participation with this id
    [presentation] no presentation with this id
    [project] no project with this id
    [project_transition] no project transition with this id
    [funder] no funder with this id
    [representation] no representation with this id
    [request] no request with this id
    [board_term] no board term with this id
   *[other] no record with this id
}
no-such-endpoint = no such endpoint
path-names-nothing = nothing here: the path names no resource (malformed id or date)
body-too-large = the body exceeds the limit of { $limit } bytes
body-not-json = expected Content-Type: application/json (or application/merge-patch+json for PATCH)
body-malformed-json = malformed JSON body: { $error }
body-unreadable = could not read the body: { $error }
query-string-invalid = invalid query string: { $error }
bad-request-value-not-storable = a value in the request is outside what can be stored
conflict-existing-record = the record conflicts with an existing one ({ $constraint })
conflict-broken-reference = the change would break a reference between records ({ $constraint })
conflict-concurrent-change = a concurrent change got there first; retry
violates-rule = violates the rule { $constraint }


# Why a request is refused: permissions, conflicts, tokens.
forbidden-role = a { $role } token may not { $action }
token-missing = this endpoint needs an Authorization: Bearer token
token-not-bearer = expected Authorization: Bearer <token>
token-client-revoked = the API client of this token has been revoked
token-unknown-key = invalid token: signed with an unknown or retired key
token-expired = the token has expired; get a new one
token-immature = the token is not valid yet (nbf is in the future)
token-bad-signature = invalid token: the signature does not match
token-bad-issuer = invalid token: issued by another issuer
token-bad-audience = invalid token: meant for another audience
token-bad-algorithm = invalid token: only HS256 tokens signed by this service are accepted
token-missing-claim = invalid token: a required claim is missing
token-not-ours = invalid token: not a JWT this service issued
token-bad-binding = invalid token: role and bindings disagree
idempotency-key-format = must be 1 to 255 visible ASCII characters
idempotency-key-reused = was already used for a different request; use a new key
idempotency-key-in-flight = a request with this Idempotency-Key is still being served
coop-manager-own-eligibility = a coop_manager token may only check its own cooperative
api-client-revoked = this client is revoked; create a new one instead
feed-type-forbidden = a { $role } token may not follow { $kind } changes
feed-purged = changes after this cursor have been purged (older than the retention period): take a new snapshot and follow from its Changes-Cursor
feed-restored = this cursor comes from changes the database no longer holds (it was restored from a backup since): take a new snapshot and follow from its Changes-Cursor
forbidden-edit-cooperative = a { $role } token may not edit this cooperative
forbidden-standing = only an admin may change federation_status, member_since or left_on
enrollment-agreement-not-active = only active agreements take enrolments; this one is { $status }
enrollment-not-member = only member cooperatives can be enrolled; this one is { $status }
coop-manager-own-enrollments = a coop_manager token may only list its own cooperative's enrolments
coop-manager-own-participations = a coop_manager token may only record its own cooperative's participations
measurements-computed = this objective's values are computed from { $source }; measurements cannot be recorded
coop-manager-own-counts-read = a coop_manager token may read only its own co-op's counts
coop-manager-own-counts-write = a coop_manager may write its own co-op's counts only
no-count-on-date = no membership count on this date
no-count-by-date = this cooperative has no membership count on or before { $on }
plan-has-orientations = the plan still has orientations; delete them first
project-has-presentations = a presentation refers to this project; remove the link first
agreement-has-enrollments = co-ops are enrolled in this agreement; end or remove their enrolments first
cooperative-referenced = other records refer to this cooperative; set its federation_status to former instead
orientation-has-objectives = the orientation still has objectives; delete them first
partner-has-agreements = the partner has service agreements; terminate them instead of deleting it
delete-referenced = other records refer to it
plan-delete-not-draft = only draft plans can be deleted and this one is { $status }; an adopted plan is closed instead
plan-summary-draft = this plan is a draft: its summary needs an Authorization: Bearer token
plan-status-backwards = a { $from } plan cannot go back to { $to }; plans move from draft to adopted to closed
constraint-enrollment-overlap = the cooperative is already enrolled in this agreement for some of these dates
constraint-neq-taken = another cooperative already has this neq
constraint-neq-format = expected 10 digits
constraint-region = a region is required in Québec and refused elsewhere
constraint-status-dates = member_since and left_on do not fit the federation status
constraint-agreement-title = this partner already has an agreement with this title
constraint-status = is not a status that can be recorded
constraint-plan-title = another strategic plan already has this title
constraint-plan-overlap = another adopted plan already covers part of this period; adopted plans may not overlap (close the other one first)
constraint-plan-adoption = is required once a plan is adopted, and absent while it is a draft
constraint-orientation-number = the plan already has an orientation with this number
constraint-event-title = an event with this title already starts on this date
constraint-participation = this co-op's participation in this event is already recorded
constraint-presentation-title = this event already has a presentation with this title
constraint-count-date = this cooperative already has a count on this date (PUT replaces it)
constraint-partner-name = another partner already has this name
constraint-partner-kind = is not a known kind of partner
constraint-name-length = must be 1 to 200 characters
constraint-project-title = a project with this title already exists
constraint-funder = this partner already funds this project
constraint-api-client-binding = a coop_manager needs a cooperative_id, a partner a partner_id, and no other role either
constraint-objective-code = the orientation already has an objective with this code
constraint-objective-code-format = expected a code such as 2.1
constraint-objective-direction = must lie beyond baseline_value in the objective's direction
constraint-measurement-day = the objective already has a measurement on this day; update that one instead
constraint-representation-title = a representation with this title already exists
constraint-request-number = this representation already has a request with this number
forbidden-read-counts = a { $role } token may not read this co-op's membership counts
forbidden-write-counts = a { $role } token may not write this co-op's membership counts

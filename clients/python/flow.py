"""A realistic flow through the Python client generated from openapi/openapi.json.

Run by scripts/client-test against a service on a fresh seeded database. Every call goes
through the generated functions and models; each answer is checked (status and values).
Arguments: BASE_URL ADMIN_CLIENT_ID ADMIN_CLIENT_SECRET.
"""

import csv
import datetime
import io
import sys
from http import HTTPStatus
from uuid import UUID

from coopsante_client import AuthenticatedClient, Client
from coopsante_client.api.api_clients import create_api_client
from coopsante_client.api.auth import issue_token
from coopsante_client.api.cooperatives import create_cooperative, get_cooperative
from coopsante_client.api.directory import list_directory
from coopsante_client.api.enrollments import create_enrollment
from coopsante_client.api.membership import create_membership_count, list_all_membership_counts
from coopsante_client.api.service_agreements import (
    create_agreement_transition,
    get_agreement_eligibility,
    list_agreement_transitions,
    list_service_agreements,
)
from coopsante_client.api.statistics import get_membership_stats
from coopsante_client.models import (
    Agreement,
    AgreementStatus,
    ApiClientInput,
    ApiClientWithSecret,
    CountSource,
    Cooperative,
    CooperativeInput,
    Eligibility,
    EligibilityReason,
    EnrollmentInput,
    ExportFormat,
    FederationStatus,
    GrantType,
    LegalForm,
    MembershipCount,
    MembershipCountInput,
    MembershipStats,
    Province,
    Role,
    TokenRequest,
    TokenResponse,
    TransitionInput,
)
from coopsante_client.types import UNSET, Response


def expect(response: Response, status: HTTPStatus, kind: type):
    """The parsed body of an answer with this status, of this model; stops the flow otherwise."""
    if response.status_code != status or not isinstance(response.parsed, kind):
        sys.exit(
            f"expected {status.value} {kind.__name__}, got {response.status_code}: "
            f"{response.content[:500]!r}"
        )
    return response.parsed


def token(base: str, client_id: str, client_secret: str) -> AuthenticatedClient:
    """Client credentials traded for a bearer token, as a client that sends it."""
    body = TokenRequest(
        grant_type=GrantType.CLIENT_CREDENTIALS, client_id=client_id, client_secret=client_secret
    )
    answer = expect(
        issue_token.sync_detailed(client=Client(base_url=base), body=body), HTTPStatus.OK, TokenResponse
    )
    assert answer.token_type.lower() == "bearer" and answer.expires_in > 0, answer
    return AuthenticatedClient(base_url=base, token=answer.access_token, raise_on_unexpected_status=True)


def main(base: str, admin_id: str, admin_secret: str) -> None:
    admin = token(base, admin_id, admin_secret)
    today = datetime.date.today()

    # The federation's figures before, to compare with after the new co-op.
    before = expect(get_membership_stats.sync_detailed(client=admin, as_of=today), HTTPStatus.OK, MembershipStats)

    # Register a member co-op and report its members.
    coop = expect(
        create_cooperative.sync_detailed(
            client=admin,
            body=CooperativeInput(
                name="Coopérative de solidarité santé du client généré",
                legal_form=LegalForm.SOLIDARITY,
                municipality="Rimouski",
                province=Province.QC,
                region="01",
                federation_status=FederationStatus.MEMBER,
                member_since=datetime.date(2018, 6, 12),
            ),
        ),
        HTTPStatus.CREATED,
        Cooperative,
    )
    assert coop.federation_status == FederationStatus.MEMBER and coop.version >= 1, coop
    read = expect(get_cooperative.sync_detailed(coop.id, client=admin), HTTPStatus.OK, Cooperative)
    assert read.name == coop.name and read.municipality == "Rimouski", read

    count = expect(
        create_membership_count.sync_detailed(
            coop.id,
            client=admin,
            body=MembershipCountInput(
                as_of=datetime.date(2021, 12, 31), users=1200, workers=12, supporting=30, source=CountSource.AGM
            ),
            idempotency_key="client-test-count-2021",
        ),
        HTTPStatus.CREATED,
        MembershipCount,
    )
    assert (count.users, count.workers, count.supporting, count.total) == (1200, 12, 30, 1242), count

    # The statistics count it.
    after = expect(get_membership_stats.sync_detailed(client=admin, as_of=today), HTTPStatus.OK, MembershipStats)
    assert after.as_of == today, after
    assert after.member_cooperatives == before.member_cooperatives + 1, (before, after)
    assert after.cooperatives_with_count == before.cooperatives_with_count + 1, (before, after)
    assert after.total_members == before.total_members + 1242, (before, after)
    assert (after.users - before.users, after.workers - before.workers) == (1200, 12), (before, after)

    # The public directory lists it, without a token.
    public = Client(base_url=base)
    page = list_directory.sync(client=public, q="client généré", limit=10)
    assert [entry.id for entry in page.items] == [coop.id], page

    # A seeded agreement (a draft) made active, the co-op enrolled in it.
    agreements = list_service_agreements.sync(client=admin, limit=100).items
    agreement: Agreement = next(a for a in agreements if a.status == AgreementStatus.DRAFT)
    assert agreement.starts_on in (None, UNSET) or agreement.starts_on <= datetime.date(2020, 3, 4), agreement
    for to, on in ((AgreementStatus.NEGOTIATING, "2020-03-04"), (AgreementStatus.ACTIVE, "2020-05-01")):
        transition = create_agreement_transition.sync_detailed(
            agreement.id,
            client=admin,
            body=TransitionInput(to=to, reason="Entente conclue", effective_on=datetime.date.fromisoformat(on)),
        )
        assert transition.status_code == HTTPStatus.CREATED, transition.content
    history = list_agreement_transitions.sync(agreement.id, client=admin).items
    assert [t.to for t in history][-2:] == [AgreementStatus.NEGOTIATING, AgreementStatus.ACTIVE], history
    enrollment = create_enrollment.sync_detailed(
        agreement.id,
        client=admin,
        body=EnrollmentInput(cooperative_id=coop.id, starts_on=datetime.date(2020, 5, 1), people_covered=1200),
    )
    assert enrollment.status_code == HTTPStatus.CREATED, enrollment.content

    # The partner's own system, with its own credentials, checks eligibility.
    partner_client = expect(
        create_api_client.sync_detailed(
            client=admin,
            body=ApiClientInput(name="Partner integration", role=Role.PARTNER, partner_id=agreement.partner_id),
        ),
        HTTPStatus.CREATED,
        ApiClientWithSecret,
    )
    partner = token(base, str(partner_client.client_id), partner_client.client_secret)
    on = datetime.date(2021, 1, 15)
    eligibility = expect(
        get_agreement_eligibility.sync_detailed(agreement.id, client=partner, cooperative_id=coop.id, on=on),
        HTTPStatus.OK,
        Eligibility,
    )
    assert eligibility.eligible and eligibility.reason == EligibilityReason.ENROLLED, eligibility
    assert eligibility.agreement_status == AgreementStatus.ACTIVE and eligibility.on == on, eligibility
    before_joining = get_agreement_eligibility.sync(
        agreement.id, client=partner, cooperative_id=coop.id, on=datetime.date(2020, 4, 1)
    )
    assert not before_joining.eligible and before_joining.reason == EligibilityReason.AGREEMENT_NOT_ACTIVE, before_joining
    # A partner reads no register: another resource is refused.
    refused = get_cooperative.sync_detailed(coop.id, client=partner)
    assert refused.status_code in (HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND), refused.status_code

    # The analyst's export as CSV. The generated parser reads a 200 as JSON, so the request is
    # built by the generated function and sent by the generated client's own httpx client.
    request = list_all_membership_counts._get_kwargs(cooperative_id=str(coop.id), format_=ExportFormat.CSV)
    export = admin.get_httpx_client().request(**request)
    assert export.status_code == HTTPStatus.OK, export.text
    assert export.headers["content-type"].startswith("text/csv"), export.headers
    rows = list(csv.DictReader(io.StringIO(export.text)))
    assert len(rows) == 1, rows
    row = rows[0]
    assert UUID(row["cooperative_id"]) == coop.id and row["as_of"] == "2021-12-31", row
    assert (row["users"], row["workers"], row["supporting"]) == ("1200", "12", "30"), row

    print("client-test: token, co-op, count, statistics, directory, agreement, enrolment, eligibility, CSV export: all as expected")


if __name__ == "__main__":
    main(*sys.argv[1:4])

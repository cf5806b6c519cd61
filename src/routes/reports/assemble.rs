//! Builds the annual report from the year's records: each section reads what is recorded
//! and counts what is not, never filling a gap with a guess.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel_async::AsyncPgConnection;

use super::views::*;
use crate::db::list::ListConn;
use crate::db::stats::GroupBy;
use crate::db::{self};
use crate::domain::event::{AttendanceSource, attendance};
use crate::domain::fiscal_year::FiscalYear;
use crate::domain::lifecycle::{AgreementStatus, Lifecycle};
use crate::domain::objectives::ObjectiveStatus;
use crate::domain::project::ProjectStatus;
use crate::error::ApiError;
use crate::routes::plan::shared::progress::{Counts, progress_of};
use crate::routes::stats::views::Figures;

/// More rows than a federation records in a year; the report is not paginated.
const ALL: i64 = 10_000;

pub async fn annual(
    conn: &mut AsyncPgConnection,
    year: FiscalYear,
    as_of: NaiveDate,
) -> Result<AnnualReport, ApiError> {
    Ok(AnnualReport {
        fiscal_year: year.label(),
        starts_on: year.starts_on(),
        ends_on: year.ends_on(),
        as_of,
        membership: membership(conn, year, as_of).await?,
        events: events(conn, year).await?,
        projects: projects(conn, year, as_of).await?,
        agreements: agreements(conn, year, as_of).await?,
        plans: plans(conn, year, as_of).await?,
        representations: representations(conn, year).await?,
        board: board(conn, as_of).await?,
    })
}

async fn membership(
    conn: &mut AsyncPgConnection,
    year: FiscalYear,
    as_of: NaiveDate,
) -> Result<MembershipSection, ApiError> {
    let rows = db::stats::membership(conn, &[year.eve(), as_of], GroupBy::None).await?;
    let on = |day| {
        rows.iter()
            .find(|r| r.as_of == day)
            .map(Figures::from_row)
            .unwrap_or_default()
    };
    let (start, end) = (on(year.eve()), on(as_of));
    let dated = |rows: Vec<db::reports::Dated>| {
        rows.into_iter()
            .map(|(cooperative_id, name, on)| CooperativeOn {
                cooperative_id,
                name,
                on,
            })
            .collect()
    };
    Ok(MembershipSection {
        members_at_start: start.member_cooperatives,
        members_at_end: end.member_cooperatives,
        joined: dated(db::reports::joined(conn, year.starts_on(), as_of).await?),
        left: dated(db::reports::left(conn, year.starts_on(), as_of).await?),
        completeness: MembershipCompleteness {
            cooperatives_without_count: end.cooperatives_without_count,
            cooperatives_without_count_in_year: db::reports::members_without_count_in(
                conn,
                year.starts_on(),
                as_of,
            )
            .await?,
        },
        at_year_end: end,
    })
}

async fn events(conn: &mut AsyncPgConnection, year: FiscalYear) -> Result<EventsSection, ApiError> {
    let filter = db::events::Filter {
        kind: Vec::new(),
        from: Some(year.starts_on()),
        to: Some(year.ends_on()),
    };
    let rows = db::events::list(&ListConn::plain(conn), &filter, None, ALL).await?;
    let ids: Vec<_> = rows.iter().map(|(e, _, _)| e.id).collect();
    let talks = db::reports::presentations(conn, &ids).await?;
    let partner_ids: Vec<_> = talks.iter().filter_map(|t| t.partner_id).collect();
    let partners: HashMap<_, _> = db::reports::partner_names(conn, &partner_ids)
        .await?
        .into_iter()
        .collect();
    let project_ids: Vec<_> = talks.iter().filter_map(|t| t.project_id).collect();
    let projects: HashMap<_, _> = db::reports::project_titles(conn, &project_ids)
        .await?
        .into_iter()
        .collect();
    let mut completeness = EventsCompleteness::default();
    let mut items = Vec::new();
    for (e, coops, reps) in rows {
        let a = attendance(
            Some((coops, reps)),
            (e.reported_representatives, e.reported_cooperatives),
            e.approximate_representatives,
        );
        completeness.events += 1;
        *match a.source {
            AttendanceSource::Participations => &mut completeness.from_participations,
            AttendanceSource::Reported => &mut completeness.from_reported_totals,
            AttendanceSource::Approximate => &mut completeness.approximate,
            AttendanceSource::Unknown => &mut completeness.without_attendance,
        } += 1;
        let presentations = talks
            .iter()
            .filter(|t| t.event_id == e.id)
            .map(|t| ReportPresentation {
                title: t.title.clone(),
                presenter_name: t.presenter_name.clone(),
                presenter_role: t.presenter_role.clone(),
                partner_id: t.partner_id,
                partner_name: t.partner_id.and_then(|id| partners.get(&id).cloned()),
                project_id: t.project_id,
                project_title: t.project_id.and_then(|id| projects.get(&id).cloned()),
            })
            .collect();
        items.push(ReportEvent {
            id: e.id,
            title: e.title,
            kind: e.kind,
            starts_on: e.starts_on,
            ends_on: e.ends_on,
            municipality: e.municipality,
            attendance: ReportAttendance {
                source: a.source,
                representatives: a.representatives,
                cooperatives: a.cooperatives,
                approximate: a.approximate,
                note: e.attendance_note,
            },
            presentations,
        });
    }
    Ok(EventsSection {
        items,
        completeness,
    })
}

async fn projects(
    conn: &mut AsyncPgConnection,
    year: FiscalYear,
    as_of: NaiveDate,
) -> Result<ProjectsSection, ApiError> {
    let rows = db::reports::projects(conn, year.starts_on(), year.ends_on()).await?;
    let ids: Vec<_> = rows.iter().map(|p| p.id).collect();
    let transitions = db::reports::project_transitions(conn, &ids).await?;
    let funders = db::reports::funders(conn, &ids).await?;
    let mut completeness = ProjectsCompleteness::default();
    let (mut started, mut completed, mut in_progress) = (0, 0, 0);
    let mut items = Vec::new();
    for p in rows {
        let own: Vec<_> = transitions
            .iter()
            .filter(|t| t.project_id == p.id)
            .collect();
        let history: Lifecycle<_> = own.iter().map(|t| t.step()).collect();
        let moved_in_year = |to: ProjectStatus| {
            own.iter()
                .any(|t| t.to_status == to && year.contains(t.effective_on))
        };
        let status_at_year_end = (!history.is_empty()).then(|| history.status_on(as_of));
        // A recorded start date wins over a transition (a pause then resume is not a start).
        let started_in_year = match p.started_on {
            Some(d) => year.contains(d),
            None => moved_in_year(ProjectStatus::InProgress),
        };
        let completed_in_year = p.completed_on.is_some_and(|d| year.contains(d))
            || moved_in_year(ProjectStatus::Completed);
        started += usize::from(started_in_year);
        completed += usize::from(completed_in_year);
        in_progress += usize::from(status_at_year_end == Some(ProjectStatus::InProgress));
        completeness.projects += 1;
        completeness.without_dated_status += usize::from(history.is_empty());
        completeness.without_dates +=
            usize::from(history.is_empty() && p.started_on.is_none() && p.completed_on.is_none());
        let funders: Vec<ReportFunder> = funders
            .iter()
            .filter(|f| f.0 == p.id)
            .map(|(_, partner_id, name, amount)| ReportFunder {
                partner_id: *partner_id,
                name: name.clone(),
                amount: *amount,
            })
            .collect();
        completeness.funders_without_amount +=
            funders.iter().filter(|f| f.amount.is_none()).count();
        items.push(ReportProject {
            id: p.id,
            title: p.title,
            kind: p.kind,
            status: p.status,
            status_at_year_end,
            started_on: p.started_on,
            completed_on: p.completed_on,
            started_in_year,
            completed_in_year,
            funders,
        });
    }
    Ok(ProjectsSection {
        items,
        started,
        completed,
        in_progress_at_year_end: in_progress,
        completeness,
    })
}

async fn agreements(
    conn: &mut AsyncPgConnection,
    year: FiscalYear,
    as_of: NaiveDate,
) -> Result<AgreementsSection, ApiError> {
    let rows = db::reports::agreements(conn).await?;
    let ids: Vec<_> = rows.iter().map(|(a, _)| a.id).collect();
    let transitions = db::reports::agreement_transitions(conn, &ids).await?;
    let mut completeness = AgreementsCompleteness::default();
    let mut items = Vec::new();
    for (a, partner_name) in rows {
        let own: Vec<_> = transitions
            .iter()
            .filter(|t| t.agreement_id == a.id)
            .collect();
        let history: Lifecycle<_> = own.iter().map(|t| t.step()).collect();
        let status_at_year_end = history.ending_on(a.ends_on).status_on(as_of);
        let signed_in_year = a.signed_on.is_some_and(|d| year.contains(d));
        let ended = |s: AgreementStatus| {
            matches!(s, AgreementStatus::Expired | AgreementStatus::Terminated)
        };
        let ended_in_year = own
            .iter()
            .any(|t| ended(t.to_status) && year.contains(t.effective_on))
            || (ended(status_at_year_end) && a.ends_on.is_some_and(|d| year.contains(d)));
        let moved_in_year = own.iter().any(|t| year.contains(t.effective_on));
        if !(signed_in_year
            || ended_in_year
            || moved_in_year
            || status_at_year_end == AgreementStatus::Active)
        {
            completeness.not_placed += 1;
            continue;
        }
        completeness.agreements += 1;
        completeness.without_transitions += usize::from(own.is_empty());
        completeness.without_signed_on += usize::from(a.signed_on.is_none());
        items.push(ReportAgreement {
            id: a.id,
            title: a.title,
            partner_id: a.partner_id,
            partner_name,
            category: a.category,
            signed_on: a.signed_on,
            starts_on: a.starts_on,
            ends_on: a.ends_on,
            status_at_year_end,
            signed_in_year,
            ended_in_year,
        });
    }
    let mut enrollments = EnrollmentFigures::default();
    for e in db::reports::enrollments(conn, year.starts_on(), year.ends_on()).await? {
        enrollments.started += usize::from(year.contains(e.starts_on));
        enrollments.ended += usize::from(e.ends_on.is_some_and(|d| year.contains(d)));
        if e.starts_on <= as_of && e.ends_on.is_none_or(|d| d >= as_of) {
            enrollments.active_at_year_end += 1;
            match e.people_covered {
                Some(n) => enrollments.people_covered_at_year_end += i64::from(n),
                None => enrollments.without_people_covered += 1,
            }
        }
    }
    Ok(AgreementsSection {
        signed: items.iter().filter(|a| a.signed_in_year).count(),
        active_at_year_end: items
            .iter()
            .filter(|a| a.status_at_year_end == AgreementStatus::Active)
            .count(),
        ended: items.iter().filter(|a| a.ended_in_year).count(),
        items,
        enrollments,
        completeness,
    })
}

async fn plans(
    conn: &mut AsyncPgConnection,
    year: FiscalYear,
    as_of: NaiveDate,
) -> Result<PlansSection, ApiError> {
    let mut completeness = PlansCompleteness::default();
    let mut items = Vec::new();
    for plan in db::reports::plans(conn, year.starts_on(), year.ends_on()).await? {
        let objectives = db::objectives::objectives_of_plan(conn, plan.id).await?;
        let mut counts = Counts::default();
        for p in progress_of(conn, objectives, as_of).await? {
            completeness.objectives_unmeasured +=
                usize::from(p.status != ObjectiveStatus::Abandoned && p.tracking.is_none());
            counts.add(&p);
        }
        completeness.plans += 1;
        items.push(ReportPlan {
            id: plan.id,
            title: plan.title,
            period_start: plan.period_start,
            period_end: plan.period_end,
            adopted_on: plan.adopted_on,
            status: plan.status,
            counts,
        });
    }
    Ok(PlansSection {
        items,
        completeness,
    })
}

async fn representations(
    conn: &mut AsyncPgConnection,
    year: FiscalYear,
) -> Result<RepresentationsSection, ApiError> {
    let rows = db::reports::representations(conn, year.starts_on(), year.ends_on()).await?;
    let ids: Vec<_> = rows.iter().map(|r| r.id).collect();
    let requests = db::reports::requests(conn, &ids).await?;
    let mut completeness = RepresentationsCompleteness::default();
    let items = rows
        .into_iter()
        .map(|r| {
            let requests: Vec<ReportRequest> = requests
                .iter()
                .filter(|q| q.representation_id == r.id)
                .map(|q| ReportRequest {
                    number: q.number,
                    text: q.text.clone(),
                    outcome: q.outcome.clone(),
                })
                .collect();
            let dated = r.filed_on.is_some() || r.held_on.is_some();
            completeness.representations += 1;
            completeness.undated += usize::from(!dated);
            completeness.requests += requests.len();
            completeness.requests_without_outcome +=
                requests.iter().filter(|q| q.outcome.is_none()).count();
            ReportRepresentation {
                id: r.id,
                title: r.title,
                kind: r.kind,
                authority: r.authority,
                consultation: r.consultation,
                filed_on: r.filed_on,
                held_on: r.held_on,
                summary: r.summary,
                dated,
                requests,
            }
        })
        .collect();
    Ok(RepresentationsSection {
        items,
        completeness,
    })
}

async fn board(conn: &mut AsyncPgConnection, on: NaiveDate) -> Result<BoardSection, ApiError> {
    let filter = db::board::Filter {
        on: Some(on),
        public_only: false,
    };
    let mut rows = db::board::list(&ListConn::plain(conn), &filter, None, ALL).await?;
    rows.sort_by_key(|t| t.office);
    let coop_ids: Vec<_> = rows.iter().filter_map(|t| t.cooperative_id).collect();
    let names: HashMap<_, _> = db::reports::cooperative_names(conn, &coop_ids)
        .await?
        .into_iter()
        .collect();
    let completeness = BoardCompleteness {
        members: rows.len(),
        without_dates: rows.iter().filter(|t| t.from_on.is_none()).count(),
    };
    let members = rows
        .into_iter()
        .map(|t| ReportBoardMember {
            id: t.id,
            cooperative_name: t.cooperative_id.and_then(|id| names.get(&id).cloned()),
            person_name: t.person_name,
            office: t.office,
            cooperative_id: t.cooperative_id,
            from: t.from_on,
            until: t.until_on,
        })
        .collect();
    Ok(BoardSection {
        on,
        members,
        completeness,
    })
}

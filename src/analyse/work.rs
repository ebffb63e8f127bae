//! Work items as they stood on `as_of` (docs/analysis.md#time) and what each weighs (docs/analysis.md#initiatives).

use chrono::NaiveDate;

use super::median;
use crate::config::MissingEstimate;
use crate::link::Graph;
use crate::load::Project;
use crate::model::{WorkItem, WorkStatus};

#[derive(Debug, Clone, Default)]
pub struct WorkView {
    /// Each work row's status on `as_of`; `None` for a row created after it (it does not exist).
    pub status: Vec<Option<WorkStatus>>,
    /// A work item: it exists, is not a container, and is not cancelled.
    pub is_item: Vec<bool>,
    /// The weight of each item: its estimate, or what `missing_estimate` says; a sub-item's is
    /// its own estimate or nothing.
    pub weight: Vec<f64>,
    pub imputed: Vec<bool>,
    /// A sub-item: a work item whose parent is another work item (a Jira Sub-task under its
    /// Story, an Azure DevOps Task under its User Story, an Asana subtask, a Linear sub-issue).
    pub is_sub: Vec<bool>,
}

impl WorkView {
    pub fn is_done(&self, w: usize) -> bool {
        self.status[w] == Some(WorkStatus::Done)
    }

    pub fn is_open(&self, w: usize) -> bool {
        self.is_item[w] && !self.is_done(w)
    }
}

/// docs/analysis.md#time: an item created after `as_of` does not exist; one done after it is not done (in
/// progress if it had started by then, else to do); one whose start is after it counts as to do.
pub fn status_at(item: &WorkItem, as_of: NaiveDate) -> Option<WorkStatus> {
    if item.created.is_some_and(|c| c > as_of) {
        return None;
    }
    let started_by_then = item.started.is_some_and(|s| s <= as_of);
    Some(match item.status {
        WorkStatus::Done if item.done.is_some_and(|d| d > as_of) => {
            if started_by_then {
                WorkStatus::InProgress
            } else {
                WorkStatus::Todo
            }
        }
        WorkStatus::InProgress | WorkStatus::Blocked if item.started.is_some_and(|s| s > as_of) => {
            WorkStatus::Todo
        }
        status => status,
    })
}

/// Each item weighs its estimate or what `missing_estimate` says, the median of its
/// initiative's estimated items among them. A sub-item is part of its parent, which carries the
/// points: it weighs its own estimate when it has one and nothing otherwise (nothing at all
/// under `count`), and takes no part in the median, so that a story's sub-tasks do not count it
/// many times over.
pub fn view(project: &Project, graph: &Graph, as_of: NaiveDate) -> WorkView {
    let status: Vec<_> = project.work.iter().map(|w| status_at(w, as_of)).collect();
    let is_item: Vec<bool> = (0..project.work.len())
        .map(|w| !graph.is_container[w] && status[w].is_some_and(|s| s != WorkStatus::Cancelled))
        .collect();
    let parent = |w: usize| graph.parent_of_work.get(w).copied().flatten();
    let is_sub: Vec<bool> =
        (0..project.work.len()).map(|w| is_item[w] && parent(w).is_some_and(|p| is_item[p])).collect();
    let mut weight = vec![0.0; project.work.len()];
    let mut imputed = vec![false; project.work.len()];
    // Each initiative's items are weighed together; orphan items form one more group.
    let orphans: Vec<usize> =
        (0..project.work.len()).filter(|&w| is_item[w] && graph.initiative_of_work[w].is_none()).collect();
    let groups =
        graph.items_of_initiative.iter().map(Vec::as_slice).chain(std::iter::once(orphans.as_slice()));
    let rule = project.config.work.missing_estimate;
    for group in groups {
        let items: Vec<usize> = group.iter().copied().filter(|&w| is_item[w]).collect();
        let fill = match rule {
            MissingEstimate::Median => {
                let mut estimated: Vec<f64> =
                    items.iter().filter(|&&w| !is_sub[w]).filter_map(|&w| project.work[w].estimate).collect();
                median(&mut estimated).unwrap_or(1.0)
            }
            MissingEstimate::Count => 1.0,
            MissingEstimate::Zero => 0.0,
        };
        for w in items {
            weight[w] = match (rule, project.work[w].estimate, is_sub[w]) {
                (MissingEstimate::Count, _, true) => 0.0,
                (MissingEstimate::Count, _, false) => 1.0,
                (_, Some(estimate), _) => estimate,
                (_, None, true) => 0.0,
                (_, None, false) => {
                    imputed[w] = true;
                    fill
                }
            };
        }
    }
    WorkView { status, is_item, weight, imputed, is_sub }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn item(status: WorkStatus, created: &str, started: Option<&str>, done: Option<&str>) -> WorkItem {
        WorkItem {
            id: "X-1".into(),
            title: "x".into(),
            status,
            source_status: String::new(),
            initiative: None,
            parent: None,
            kind: String::new(),
            container: false,
            projects: vec![],
            assignee: None,
            assignee_email: None,
            estimate: None,
            created: Some(d(created)),
            started: started.map(d),
            done: done.map(d),
            due: None,
            source: 0,
            location: Location::default(),
        }
    }

    #[test]
    fn as_of_rewinds_items() {
        let as_of = d("2026-11-20");
        // Created after as_of: does not exist.
        assert_eq!(status_at(&item(WorkStatus::Todo, "2026-11-21", None, None), as_of), None);
        // Done after as_of, started before: in progress; not started: to do.
        let late = item(WorkStatus::Done, "2026-11-01", Some("2026-11-02"), Some("2026-11-25"));
        assert_eq!(status_at(&late, as_of), Some(WorkStatus::InProgress));
        let late = item(WorkStatus::Done, "2026-11-01", None, Some("2026-11-25"));
        assert_eq!(status_at(&late, as_of), Some(WorkStatus::Todo));
        // Started after as_of and not done: to do.
        let future = item(WorkStatus::Blocked, "2026-11-01", Some("2026-11-22"), None);
        assert_eq!(status_at(&future, as_of), Some(WorkStatus::Todo));
        // Done on as_of: done; done without a date: done.
        assert_eq!(
            status_at(&item(WorkStatus::Done, "2026-11-01", None, Some("2026-11-20")), as_of),
            Some(WorkStatus::Done)
        );
        assert_eq!(
            status_at(&item(WorkStatus::Done, "2026-11-01", None, None), as_of),
            Some(WorkStatus::Done)
        );
    }
}

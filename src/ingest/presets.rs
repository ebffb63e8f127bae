//! Tracker presets (SPEC 3): for each tool, which export headers feed which native work column,
//! its container types, its status names and how it writes dates, parents and ids. Adding a
//! tracker means adding one `Preset` here; `work` applies them all the same way.

use crate::model::WorkStatus::{self, Blocked, Cancelled, Done, InProgress, Todo};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// `YYYY-MM-DD` only: the native files.
    Iso,
    /// Whatever the trackers write (see `dates`).
    Tracker,
}

/// Where an item's status comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusRule {
    /// A status column the file cannot do without (the native files).
    Required,
    /// The export's status column. An export cut down to a few columns may lack it: its items
    /// then count as todo, with one warning, as any status found nowhere does (SPEC 3).
    Column,
    /// Asana has no status: done when the done date is filled; otherwise the status column (the
    /// section) through `[work.status_map]`, else todo, silently.
    DoneDate,
}

#[derive(Debug)]
pub struct Preset {
    pub name: &'static str,
    /// Native column -> the export headers that feed it, in order of preference. Each row takes
    /// the first of these cells that is filled, across repeated headers too.
    pub columns: &'static [(&'static str, &'static [&'static str])],
    /// Columns, beyond `id`, without which the export cannot be read.
    pub also_required: &'static [&'static str],
    pub status_rule: StatusRule,
    pub container_types: &'static [&'static str],
    pub statuses: &'static [(&'static str, WorkStatus)],
    /// A column holding the status category (Jira's To Do / In Progress / Done), read when the
    /// status name is in neither `[work.status_map]` nor `statuses`.
    pub status_category: &'static [&'static str],
    /// Dates to take as the done date of a done item that has none (Jira's `Status Category
    /// Changed`: Jira Cloud leaves `Resolved` empty in workflows without a resolution).
    pub done_fallback: &'static [&'static str],
    /// The tracker's internal number of each row (Jira's `Issue id`), which some parent columns
    /// hold instead of the key (Jira Server's `Parent id`, Jira Cloud's `Parent`).
    pub internal_id: &'static [&'static str],
    /// The parent column may name the parent by its title (Asana's `Parent task`).
    pub parent_by_title: bool,
    /// Headers whose position gives the tree level (Azure DevOps' `Title 1`..`Title N` layout):
    /// a row's parent is the nearest row above it at a lower level.
    pub tree_titles: &'static [&'static str],
    /// Ids and parents are issue URLs, to be shortened to `owner/repo#number` (GitHub).
    pub ids_from_urls: bool,
    pub dates: DateStyle,
}

impl Preset {
    pub fn status(&self, name: &str) -> Option<WorkStatus> {
        self.statuses.iter().find(|(n, _)| same_name(n, name)).map(|(_, s)| *s)
    }

    pub fn is_container_type(&self, kind: &str) -> bool {
        self.container_types.iter().any(|t| same_name(t, kind))
    }

    /// Whether the export's headers are a tracker's, not a native file's: tracker files are read
    /// as trackers and Excel write them (see `work`).
    pub fn is_tracker(&self) -> bool {
        self.dates == DateStyle::Tracker
    }
}

/// Names (statuses, types) match without regard to case or surrounding blanks, in any script
/// (`TERMINÉ` is `Terminé`). Called for every row: it allocates nothing.
pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    if a.is_ascii() || b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars().flat_map(char::to_lowercase).eq(b.chars().flat_map(char::to_lowercase))
}

/// `Name <email>` (Azure DevOps, some Jira Server exports) -> the name and the e-mail; anything
/// else is a name.
pub fn split_assignee(raw: &str) -> (String, Option<String>) {
    let raw = raw.trim();
    if let (Some(open), true) = (raw.rfind('<'), raw.ends_with('>'))
        && open > 0
    {
        let email = raw[open + 1..raw.len() - 1].trim();
        if email.contains('@') {
            return (raw[..open].trim().to_string(), Some(email.to_string()));
        }
    }
    (raw.to_string(), None)
}

/// `https://github.com/acme/web/issues/12` -> `acme/web#12`; anything else unchanged.
pub fn issue_reference(url: &str) -> String {
    let url = url.trim();
    let path = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).unwrap_or(url);
    let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    match parts.as_slice() {
        [_host, owner, repo, "issues" | "pull", number] if number.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{owner}/{repo}#{number}")
        }
        _ => url.to_string(),
    }
}

const NATIVE_STATUSES: &[(&str, WorkStatus)] = &[
    ("todo", Todo),
    ("to do", Todo),
    ("in_progress", InProgress),
    ("in progress", InProgress),
    ("blocked", Blocked),
    ("done", Done),
    ("cancelled", Cancelled),
    ("canceled", Cancelled),
];

/// The defaults every preset but the native one shares; each overrides what its tool does.
const TRACKER: Preset = Preset {
    name: "",
    columns: &[],
    also_required: &[],
    status_rule: StatusRule::Column,
    container_types: &[],
    statuses: &[],
    status_category: &[],
    done_fallback: &[],
    internal_id: &[],
    parent_by_title: false,
    tree_titles: &[],
    ids_from_urls: false,
    dates: DateStyle::Tracker,
};

pub const NATIVE: Preset = Preset {
    name: "native",
    columns: &[
        ("id", &["id"]),
        ("title", &["title"]),
        ("status", &["status"]),
        ("initiative", &["initiative"]),
        ("parent", &["parent"]),
        ("type", &["type"]),
        ("assignee", &["assignee"]),
        ("estimate", &["estimate"]),
        ("created", &["created"]),
        ("started", &["started"]),
        ("done", &["done"]),
        ("due", &["due"]),
        ("project", &["project"]),
    ],
    also_required: &["title"],
    status_rule: StatusRule::Required,
    container_types: &["epic", "initiative", "feature"],
    statuses: NATIVE_STATUSES,
    dates: DateStyle::Iso,
    ..TRACKER
};

/// Jira Cloud and Server, in English and French (`Type de demande`, `État`, `Responsable`...).
/// Parent links come in three generations: `Custom field (Epic Link)` and `Custom field (Parent
/// Link)` (keys), Server's sub-task `Parent id` (the parent's Issue id), and Cloud's `Parent`
/// (Issue id) beside `Parent key`.
pub const JIRA: Preset = Preset {
    name: "jira",
    columns: &[
        ("id", &["Issue key", "Clé de ticket", "Clé du ticket", "Clé"]),
        ("title", &["Summary", "Résumé"]),
        ("status", &["Status", "État", "Etat", "Statut"]),
        (
            "parent",
            &[
                "Parent key",
                "Custom field (Epic Link)",
                "Custom field (Parent Link)",
                "Parent",
                "Parent id",
                "ID parent",
                "Parent ID",
            ],
        ),
        ("type", &["Issue Type", "Type de demande", "Type de ticket"]),
        ("assignee", &["Assignee", "Responsable", "Personne assignée"]),
        ("estimate", &["Custom field (Story Points)", "Custom field (Story point estimate)"]),
        ("created", &["Created", "Création", "Créé"]),
        ("started", &["Custom field (Start date)", "Custom field (Date de début)"]),
        ("done", &["Resolved", "Résolue", "Résolu", "Date de résolution"]),
        ("due", &["Due date", "Due Date", "Échéance", "Date d'échéance"]),
        ("project", &["Project name", "Nom du projet"]),
    ],
    container_types: &["Epic", "Initiative", "Épopée", "Epopée"],
    statuses: &[
        ("To Do", Todo),
        ("Open", Todo),
        ("Reopened", Todo),
        ("Backlog", Todo),
        ("Selected for Development", Todo),
        ("In Progress", InProgress),
        ("In Review", InProgress),
        ("In QA", InProgress),
        ("In Development", InProgress),
        ("Code Review", InProgress),
        ("Blocked", Blocked),
        ("On Hold", Blocked),
        ("Impeded", Blocked),
        ("Done", Done),
        ("Closed", Done),
        ("Resolved", Done),
        ("Won't Do", Cancelled),
        ("Won't Fix", Cancelled),
        ("Declined", Cancelled),
        ("Duplicate", Cancelled),
        ("Rejected", Cancelled),
        ("Cancelled", Cancelled),
        ("Canceled", Cancelled),
        // The French workflow's names.
        ("À faire", Todo),
        ("A faire", Todo),
        ("Ouvert", Todo),
        ("Ouverte", Todo),
        ("Réouvert", Todo),
        ("Réouverte", Todo),
        ("En cours", InProgress),
        ("Bloqué", Blocked),
        ("Terminé", Done),
        ("Terminée", Done),
        ("Fermé", Done),
        ("Fermée", Done),
        ("Résolu", Done),
        ("Résolue", Done),
        // Jira's status categories, as the API names them, for the category column.
        ("Indeterminate", InProgress),
        ("Complete", Done),
        ("New", Todo),
    ],
    status_category: &["Status Category", "Catégorie d'état", "Catégorie de statut"],
    done_fallback: &["Status Category Changed", "Changement de catégorie d'état"],
    internal_id: &["Issue id", "ID de ticket", "ID du ticket"],
    ..TRACKER
};

/// Linear's CSV export: dates as JavaScript writes them, `Parent issue` by identifier, projects
/// by name (which `epics` may list).
pub const LINEAR: Preset = Preset {
    name: "linear",
    columns: &[
        ("id", &["ID"]),
        ("title", &["Title"]),
        ("status", &["Status"]),
        ("parent", &["Parent issue"]),
        ("assignee", &["Assignee"]),
        ("estimate", &["Estimate"]),
        ("created", &["Created"]),
        ("started", &["Started"]),
        ("done", &["Completed"]),
        ("due", &["Due Date"]),
        ("project", &["Project"]),
    ],
    statuses: &[
        ("Backlog", Todo),
        ("Triage", Todo),
        ("Todo", Todo),
        ("In Progress", InProgress),
        ("In Review", InProgress),
        ("Done", Done),
        ("Canceled", Cancelled),
        ("Cancelled", Cancelled),
        ("Duplicate", Cancelled),
    ],
    ..TRACKER
};

/// Asana's project export: no status column, `Parent task` by name, `Completed At`.
pub const ASANA: Preset = Preset {
    name: "asana",
    columns: &[
        ("id", &["Task ID"]),
        ("title", &["Name"]),
        ("status", &["Section/Column"]),
        ("parent", &["Parent task"]),
        ("assignee", &["Assignee"]),
        ("assignee_email", &["Assignee Email"]),
        ("estimate", &["Estimate", "Story Points", "Estimated time"]),
        ("created", &["Created At"]),
        ("started", &["Start Date"]),
        ("done", &["Completed At"]),
        ("due", &["Due Date"]),
        ("project", &["Projects"]),
    ],
    status_rule: StatusRule::DoneDate,
    parent_by_title: true,
    ..TRACKER
};

/// Azure Boards' query export ("Export to CSV"), and the `Title 1`..`Title N` tree layout of its
/// import/export, where the column a title sits in gives its level.
pub const AZURE_DEVOPS: Preset = Preset {
    name: "azure-devops",
    columns: &[
        ("id", &["ID", "Id"]),
        (
            "title",
            &[
                "Title", "Title 1", "Title 2", "Title 3", "Title 4", "Title 5", "Title 6", "Title 7",
                "Title 8",
            ],
        ),
        ("status", &["State"]),
        ("parent", &["Parent", "Parent ID"]),
        ("type", &["Work Item Type"]),
        ("assignee", &["Assigned To"]),
        ("estimate", &["Story Points", "Effort", "Size"]),
        ("created", &["Created Date"]),
        ("started", &["Activated Date", "Start Date"]),
        ("done", &["Closed Date", "Resolved Date"]),
        ("due", &["Target Date", "Due Date"]),
        ("project", &["Area Path"]),
    ],
    container_types: &["Epic", "Feature"],
    statuses: &[
        ("New", Todo),
        ("Proposed", Todo),
        ("To Do", Todo),
        ("Approved", Todo),
        ("Design", Todo),
        ("Active", InProgress),
        ("Committed", InProgress),
        ("In Progress", InProgress),
        ("Doing", InProgress),
        ("Resolved", Done),
        ("Closed", Done),
        ("Done", Done),
        ("Removed", Cancelled),
    ],
    tree_titles: &["Title 1", "Title 2", "Title 3", "Title 4", "Title 5", "Title 6", "Title 7", "Title 8"],
    ..TRACKER
};

/// GitHub Projects' "Export view data": tab-separated, items named by their URL, an empty status
/// for "No Status". Draft issues have no URL.
pub const GITHUB: Preset = Preset {
    name: "github",
    columns: &[
        ("id", &["URL", "Number", "ID"]),
        ("title", &["Title"]),
        ("status", &["Status"]),
        ("parent", &["Parent issue", "Parent"]),
        ("assignee", &["Assignees"]),
        ("estimate", &["Estimate", "Size", "Points", "Story Points"]),
        ("created", &["Created", "Created at"]),
        ("started", &["Start date", "Start Date"]),
        ("done", &["Closed", "Closed at", "Completed"]),
        ("due", &["Target date", "End date", "Due date"]),
        ("project", &["Repository"]),
    ],
    statuses: &[
        ("Todo", Todo),
        ("No Status", Todo),
        ("", Todo),
        ("In Progress", InProgress),
        ("Blocked", Blocked),
        ("Done", Done),
    ],
    parent_by_title: true,
    ids_from_urls: true,
    ..TRACKER
};

pub const ALL: [&Preset; 6] = [&NATIVE, &JIRA, &LINEAR, &ASANA, &AZURE_DEVOPS, &GITHUB];

pub fn find(name: &str) -> Option<&'static Preset> {
    ALL.into_iter().find(|p| p.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_match_without_case() {
        assert_eq!(JIRA.status("in review"), Some(InProgress));
        assert_eq!(JIRA.status("TERMINÉ"), Some(Done));
        assert_eq!(LINEAR.status("Canceled"), Some(Cancelled));
        assert_eq!(AZURE_DEVOPS.status("removed"), Some(Cancelled));
        assert_eq!(JIRA.status("Ready for QA"), None);
        assert_eq!(GITHUB.status(""), Some(Todo));
    }

    #[test]
    fn assignees_keep_their_email_apart() {
        assert_eq!(
            split_assignee("Ana Silva <ana@example.com>"),
            ("Ana Silva".into(), Some("ana@example.com".into()))
        );
        assert_eq!(
            split_assignee("Silva, Ana <ana@example.com>"),
            ("Silva, Ana".into(), Some("ana@example.com".into()))
        );
        assert_eq!(split_assignee("ana <not an email>"), ("ana <not an email>".into(), None));
        assert_eq!(split_assignee("Ana Silva"), ("Ana Silva".into(), None));
    }

    #[test]
    fn github_urls_become_references() {
        assert_eq!(issue_reference("https://github.com/acme/web/issues/12"), "acme/web#12");
        assert_eq!(issue_reference("https://github.com/acme/web/pull/7/"), "acme/web#7");
        assert_eq!(issue_reference("acme/web#12"), "acme/web#12");
    }
}

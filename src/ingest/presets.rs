//! Tracker presets (SPEC 3): for each tool, which export headers feed which native work column,
//! its container types, its status names and how it writes dates. Adding a tracker means adding
//! one `Preset` here.

use crate::model::WorkStatus::{self, Blocked, Cancelled, Done, InProgress, Todo};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// `YYYY-MM-DD` only: the native files.
    Iso,
    /// Whatever the trackers write (see `dates`).
    Tracker,
}

#[derive(Debug)]
pub struct Preset {
    pub name: &'static str,
    /// Native column -> the export headers that feed it, the first present one winning.
    pub columns: &'static [(&'static str, &'static [&'static str])],
    /// Columns, beyond `id` and `status`, without which the export cannot be read.
    pub also_required: &'static [&'static str],
    pub status_optional: bool,
    pub container_types: &'static [&'static str],
    pub statuses: &'static [(&'static str, WorkStatus)],
    pub status_category_column: Option<&'static str>,
    pub dates: DateStyle,
}

impl Preset {
    pub fn status(&self, name: &str) -> Option<WorkStatus> {
        let name = name.trim();
        self.statuses.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, s)| *s)
    }

    /// Azure DevOps writes `Name <email>`; the person is the name.
    pub fn clean_assignee(&self, raw: &str) -> String {
        match raw.find('<') {
            Some(i) if raw.trim_end().ends_with('>') && i > 0 => raw[..i].trim().to_string(),
            _ => raw.trim().to_string(),
        }
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
    status_optional: false,
    container_types: &["epic", "initiative", "feature"],
    statuses: NATIVE_STATUSES,
    status_category_column: None,
    dates: DateStyle::Iso,
};

pub const JIRA: Preset = Preset {
    name: "jira",
    columns: &[
        ("id", &["Issue key", "Clé de ticket", "Clé"]),
        ("title", &["Summary", "Résumé"]),
        ("status", &["Status", "État", "Statut"]),
        ("parent", &["Parent key", "Custom field (Epic Link)", "Custom field (Parent Link)", "Parent"]),
        ("type", &["Issue Type", "Type de demande", "Type de ticket"]),
        ("assignee", &["Assignee", "Responsable"]),
        ("estimate", &["Custom field (Story Points)", "Custom field (Story point estimate)"]),
        ("created", &["Created", "Création", "Créé"]),
        ("started", &["Custom field (Start date)", "Custom field (Start Date)"]),
        ("done", &["Resolved", "Résolue", "Résolu"]),
        ("due", &["Due date", "Due Date", "Échéance"]),
        ("project", &["Project name", "Nom du projet"]),
    ],
    also_required: &[],
    status_optional: false,
    container_types: &["Epic", "Initiative"],
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
        // Jira's status categories, read when the status name itself is unknown.
        ("Indeterminate", InProgress),
        ("Complete", Done),
        ("New", Todo),
    ],
    status_category_column: Some("Status Category"),
    dates: DateStyle::Tracker,
};

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
    also_required: &[],
    status_optional: false,
    container_types: &[],
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
    status_category_column: None,
    dates: DateStyle::Tracker,
};

pub const ASANA: Preset = Preset {
    name: "asana",
    columns: &[
        ("id", &["Task ID"]),
        ("title", &["Name"]),
        ("status", &["Section/Column"]),
        ("parent", &["Parent task"]),
        ("assignee", &["Assignee"]),
        ("estimate", &["Estimate", "Story Points"]),
        ("created", &["Created At"]),
        ("started", &["Start Date"]),
        ("done", &["Completed At"]),
        ("due", &["Due Date"]),
        ("project", &["Projects"]),
    ],
    also_required: &[],
    status_optional: true,
    container_types: &[],
    statuses: &[],
    status_category_column: None,
    dates: DateStyle::Tracker,
};

pub const AZURE_DEVOPS: Preset = Preset {
    name: "azure-devops",
    columns: &[
        ("id", &["ID", "Id"]),
        ("title", &["Title"]),
        ("status", &["State"]),
        ("parent", &["Parent"]),
        ("type", &["Work Item Type"]),
        ("assignee", &["Assigned To"]),
        ("estimate", &["Story Points", "Effort", "Size"]),
        ("created", &["Created Date"]),
        ("started", &["Activated Date", "Start Date"]),
        ("done", &["Closed Date", "Resolved Date"]),
        ("due", &["Target Date", "Due Date"]),
        ("project", &["Area Path"]),
    ],
    also_required: &[],
    status_optional: false,
    container_types: &["Epic", "Feature"],
    statuses: &[
        ("New", Todo),
        ("Proposed", Todo),
        ("To Do", Todo),
        ("Active", InProgress),
        ("Committed", InProgress),
        ("In Progress", InProgress),
        ("Doing", InProgress),
        ("Resolved", Done),
        ("Closed", Done),
        ("Done", Done),
        ("Removed", Cancelled),
    ],
    status_category_column: None,
    dates: DateStyle::Tracker,
};

pub const GITHUB: Preset = Preset {
    name: "github",
    columns: &[
        ("id", &["Number", "ID", "URL"]),
        ("title", &["Title"]),
        ("status", &["Status"]),
        ("parent", &["Parent issue"]),
        ("assignee", &["Assignees"]),
        ("estimate", &["Estimate", "Size", "Points"]),
        ("created", &["Created"]),
        ("started", &["Start date"]),
        ("done", &["Closed"]),
        ("due", &["Target date", "End date"]),
        ("project", &["Repository"]),
    ],
    also_required: &[],
    status_optional: false,
    container_types: &[],
    statuses: &[
        ("Todo", Todo),
        ("No Status", Todo),
        ("In Progress", InProgress),
        ("Blocked", Blocked),
        ("Done", Done),
    ],
    status_category_column: None,
    dates: DateStyle::Tracker,
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
        assert_eq!(LINEAR.status("Canceled"), Some(Cancelled));
        assert_eq!(AZURE_DEVOPS.status("removed"), Some(Cancelled));
        assert_eq!(JIRA.status("Ready for QA"), None);
    }

    #[test]
    fn azure_assignees_lose_their_email() {
        assert_eq!(AZURE_DEVOPS.clean_assignee("Ana Silva <ana@example.com>"), "Ana Silva");
        assert_eq!(AZURE_DEVOPS.clean_assignee("Silva, Ana <ana@example.com>"), "Silva, Ana");
    }
}

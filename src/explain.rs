//! What each diagnostic code means and how to satisfy it (`milepost explain CODE`).

/// (code, one line, the full explanation).
pub const CODES: &[(&str, &str, &str)] = &[
    (
        "syntax",
        "the file is not valid TOML",
        "The file could not be parsed as TOML: a missing quote or bracket, a duplicate key, a value without a key. The caret shows where the parser stopped. Each key may appear once per table.",
    ),
    (
        "schema",
        "a value does not match the file's JSON Schema",
        "A field has the wrong type, a value outside its allowed set, a missing required field, or a date without a time zone. The schemas in schema/ (also `milepost schema`) list every field; `#:schema` lines let editors show them as you type.",
    ),
    (
        "duration",
        "a policy duration milepost cannot use",
        "Soak times and `triage_within` are written like 30m, 24h, 3d, 1d12h or 2w, and may be at most 100 years. A value beyond that cannot be computed with, and a rule that cannot compute must not quietly stop judging: such a value is an error, and every deploy it would judge fails with it.",
    ),
    (
        "link-template",
        "a [links] URL template that cannot make links",
        "`[links] tickets` and `commits` in milepost.toml are absolute http(s) addresses with a placeholder, `{id}` for tickets and `{sha}` for commits, such as \"https://tracker.example/browse/{id}\". The value is percent-encoded before it is put in, so a ticket id cannot change the address. A template without its placeholder, or with another scheme (`javascript:`, `ftp:`), links nothing.",
    ),
    (
        "unknown-field",
        "a field that the file does not have",
        "Unknown fields are errors so that a typo such as `ownr` does not pass silently. The help line suggests the field you probably meant.",
    ),
    (
        "empty",
        "the file is empty",
        "The file holds nothing but whitespace or comments, but it needs fields. `milepost init` writes commented examples of every file.",
    ),
    (
        "encoding",
        "the file is not UTF-8",
        "Registry files must be UTF-8 text. Save the file as UTF-8; the position shows the first byte that is not.",
    ),
    (
        "too-large",
        "the file is over 10 MiB",
        "No registry file needs to be that large; milepost refuses to read it rather than slow every run down. Move large material out of the registry.",
    ),
    (
        "symlink",
        "a symbolic link leaves the registry or leads nowhere",
        "Links inside the registry are followed; links that point outside it are refused, so that a registry never reads files it does not hold. Copy the file in instead.",
    ),
    (
        "control-character",
        "a one-line field holds a control character",
        "Titles, names, summaries, the product name, the site title, freeze names, tickets and addresses are one line of plain text. A line break (CR or LF), tab, escape or other control character there would start a new header in an announcement e-mail, drive the terminal of whoever reads `milepost status`, or make the feed unreadable. Remove it; write longer text in the release's Markdown files. The notes of a verification may span lines and hold tabs, but no other control character (an escape sequence or a lone carriage return would rewrite what a terminal shows).",
    ),
    (
        "url-scheme",
        "an address that is not http or https",
        "Every URL field (an environment's `url`, `product.url`, `site.base_url`) must start with http:// or https://. Other schemes such as javascript: or data: would run code or show other content when someone clicks the link on the site.",
    ),
    (
        "attachment-name",
        "a release attachment's name has characters a web address cannot keep",
        "Images and documents beside notes.md are published under their own names at releases/<version>/<name>. Names use letters, digits, `.`, `-` and `_`, start with a letter or digit, and have no `..`, so that the link in the notes and the published file are always the same.",
    ),
    (
        "unsafe-svg",
        "an SVG image would run script or load other content",
        "An SVG opened by itself is a document that runs its scripts with the site's origin. Attachments and the favicon may not have `<script>`, `<foreignObject>`, event handlers (`onload`...), `javascript:` addresses, document types or entities, animations (`<set>`, `<animate>`), or references to other files or addresses (`href`, `url(...)`, `@import`); references inside the image (`#id`) are fine. Export the image again as plain SVG, or as PNG.",
    ),
    (
        "favicon",
        "`[site] favicon` names a file that cannot be used",
        "The favicon is a file of the registry, named relative to milepost.toml without `..`, of type svg, png or ico, at most 100 KiB. Without the setting the sites use a built-in icon.",
    ),
    (
        "io",
        "the file or folder could not be read",
        "The operating system refused to read it (permissions, a broken disk). The message carries its reason.",
    ),
    (
        "unexpected-file",
        "a file milepost does not know, in a folder it owns",
        "environments/ holds <id>.toml files, incidents/ holds <id>.toml files, and each releases/<version>/ folder holds release.toml, notes.md, internal.md and deploy.md. Anything else there is probably misnamed. This is a warning.",
    ),
    (
        "missing-file",
        "a release folder without release.toml",
        "Every folder under releases/ is a release and needs its release.toml; `milepost new VERSION` writes one.",
    ),
    (
        "version",
        "the version is not a semantic version",
        "Versions are MAJOR.MINOR.PATCH with an optional pre-release and build, such as 2.4.1 or 3.0.0-rc.1. They order releases, tell rollbacks from deploys, and name the release folders.",
    ),
    (
        "folder-name",
        "the version differs from its folder's name",
        "releases/<version>/release.toml must say `version = \"<version>\"`, so that the folder and the record cannot disagree about which release they are.",
    ),
    (
        "unknown-person",
        "a person not in teams.toml",
        "Owners, approvers, freeze-exception approvers and follow-up owners must be people listed as [people.<id>] in teams.toml, so that someone real is responsible.",
    ),
    (
        "unknown-team",
        "a team not in teams.toml",
        "Teams named by releases, people and approver_teams must exist as [teams.<id>] in teams.toml.",
    ),
    (
        "unknown-environment",
        "an environment without a file in environments/",
        "Policies, incidents and freeze windows must name environments that exist as environments/<id>.toml.",
    ),
    (
        "unknown-release",
        "a release without a folder in releases/",
        "Environments, incidents and calendar events must name releases that exist as releases/<version>/release.toml.",
    ),
    (
        "notes-missing",
        "a customer-facing release without notes",
        "`customer_facing = true` means customers are told about the release: its notes.md must exist and say something. Set `customer_facing = false` for internal releases.",
    ),
    (
        "deploy-doc",
        "the deploy doc is missing, or a section is missing or empty",
        "A release that is `ready` or `approved` needs a deploy.md with a heading for every section of policy.deploy_doc_sections (by default Steps, Rollback and Verification), each with content under it: a reviewer approves what they can read.",
    ),
    (
        "time-order",
        "times out of order",
        "An incident cannot be resolved before it was detected, a freeze cannot end before it starts, an event cannot end before it begins.",
    ),
    (
        "freeze-window",
        "a freeze window that cannot be read",
        "A freeze is one-off (`start` and `end`) or recurring (`every = \"week\"` with `from = \"Fri 18:00\"`, `to = \"Mon 07:00\"`, or `every = \"year\"` with `from = \"12-20\"`, `to = \"01-02\"`), with an optional IANA `time_zone` (default UTC). A `to` date without a time includes that whole day.",
    ),
    (
        "duplicate-approval",
        "the same person approved twice",
        "An approver counts once however many times they approve. This is a warning.",
    ),
    (
        "formerly",
        "an environment's former id that is taken",
        "`formerly` lists the ids an environment had before it was renamed, so that their deploys stay its history (and the releases that reached production stay published). A former id cannot be a current environment (a rename removes the old file) or the file's own id, and only one environment may claim it. In pull-request mode a change to `formerly` is a warning for the reviewer, and the pull request's own deploys are judged by the history as its base knew it: a new claim cannot turn a deploy into a rollback in the same change.",
    ),
    (
        "environment-id",
        "an environment file whose name is not an id",
        "An environment's id is the name of its file in environments/, and the policies, freeze windows and `formerly` lists name environments by it. Ids are lowercase ASCII letters, digits, `-` and `_`, starting with a letter or digit, so that `PROD.toml`, `prod .toml` or a look-alike letter cannot stand beside `prod.toml` as an environment no rule names.",
    ),
    (
        "deployed-at",
        "a pull request records a deploy at an impossible time",
        "`deployed_at` in an environment file records a deploy made outside the pull request, for deploys written down after the fact. The pull request that sets it may not date the deploy after now, nor before the deploy it replaces on that environment (the history would then lie about the order). An early `deployed_at` never buys soak time: a deploy judged now counts the time a release ran elsewhere only from when that run entered the record (its commit), however early its `deployed_at`.",
    ),
    (
        "renamed-environment",
        "an environment file that looks like another one renamed",
        "One commit removed environments/<old>.toml and added this file. If it is the same environment under a new id, add formerly = [\"<old>\"] to it: otherwise the old id's deploys belong to no environment, and releases that reached production only there leave the public site. If the old environment is really gone, ignore this warning. This is a warning.",
    ),
    (
        "promotion-order",
        "a release skipped an environment it must pass first",
        "policy.environments.<env>.after names the environments a release must have run on before it may be deployed to <env>. Deploy it there first. A deploy proposed at the same moment (the same pull request, the same uncommitted change) does not count: the release has not run there yet. Real rollbacks are exempt: they return to a release that already ran on that environment.",
    ),
    (
        "soak",
        "a release did not run long enough on the environment before",
        "policy.environments.<env>.soak (such as 30m, 24h, 3d) is how long a release must have run on each `after` environment before it reaches <env>; the time it was replaced there does not count. Wait, then deploy. A soak time milepost cannot compute (beyond 100 years, or unreadable) is a `duration` error on milepost.toml, and every deploy it governs is reported as not judged rather than passed.",
    ),
    (
        "approvals",
        "not enough approvals before the deploy",
        "policy.environments.<env>.approvals is how many distinct people from approver_teams must approve the release ([[approvals]] in its release.toml) before it is deployed to <env>. The owner's own approval does not count, nor does one recorded after the deploy.",
    ),
    (
        "verified-on",
        "no passed verification where the policy asks for one",
        "policy.environments.<env>.verified_on (such as [\"uat\"]) means a release may be deployed to <env> only once someone has checked that it works on each of those environments and recorded it: [[verifications]] in its release.toml with result = \"passed\" (`milepost verified VERSION --on ENV --by PERSON`). Only a verification later than the release's latest deploy to that environment, and no later than the deploy being judged, counts: one made before the release reached it vouches for another run. The latest such verification decides, a failed one outweighing a passed one at the same instant, so a failure found after a pass holds the release back until a later verification passes. Like the other promotion rules, a past deploy that broke it is a warning, a proposed one (uncommitted, or in `check --base`) an error, and a rollback to a release that ran there before is exempt. A failed verification on a production-tier environment also counts that deploy as failed in the change failure rate of `milepost metrics`.",
    ),
    (
        "freeze",
        "a deploy inside a freeze window",
        "calendar.toml's [[freeze]] windows forbid deploys to the environments they name (all, if they name none). A release that must go out anyway carries freeze_exception = { reason = \"...\", approved_by = \"...\" }, approved by someone from the environment's approver_teams (`approved_by` must name a person in teams.toml). Real rollbacks — back to a release that ran on that environment before and is not withdrawn — are exempt. A window that cannot be read is an error on calendar.toml, and the deploys it might cover are reported as not judged.",
    ),
    (
        "not-approved",
        "a release that is not approved, going to production",
        "Only releases with status = \"approved\" may be deployed to a production-tier environment. Judged for deploys about to happen (pull requests, uncommitted changes): a release's status describes it now, not when it was deployed. A real rollback (to a release that ran on that environment before) is exempt; a lower version that never ran there is not.",
    ),
    (
        "withdrawn",
        "a withdrawn release being deployed",
        "A release with status = \"withdrawn\" may not be deployed anywhere. Judged for deploys about to happen, like not-approved.",
    ),
    (
        "incident-incomplete",
        "a resolved incident without a root cause or a follow-up",
        "Resolving an incident is not the end of it: `root_cause` says why it happened, and at least one [[follow_ups]] entry, with an owner, says what keeps it from happening again.",
    ),
    (
        "untriaged",
        "an incident left open too long",
        "An incident with status = \"open\" longer than policy.incidents.triage_within after `detected_at` has not been looked at. Triage it: set status = \"triaged\", `triaged_at` and an owner. If triage_within cannot be computed (a `duration` error), every open incident says it cannot be judged. This is a warning.",
    ),
    (
        "follow-up-overdue",
        "a follow-up past its due date",
        "A follow-up with a `due` date that has passed and `done = false`. Do it, or agree a new date. This is a warning.",
    ),
    (
        "announcement-early",
        "a marketing date before the release can be published",
        "A `marketing` event in calendar.toml names a release that, at the event's time, will not be public yet: before its `publish_at`, or before it reached production. Customers would hear of it before they can read about it. This is a warning.",
    ),
    (
        "public-notes-missing",
        "a customer-facing release in production with no public notes",
        "The release runs in production and is customer-facing, but its page on the release notes site would be empty: no notes.md, or no change with audience = \"public\". This is a warning.",
    ),
    (
        "internal",
        "a fault in milepost itself",
        "Please report it: a built-in schema failed to load.",
    ),
    (
        "probe",
        "an environment's [probe] that `milepost verify` cannot use",
        "`[probe]` in an environment file tells `milepost verify` how to ask the running system for its version: `url`, an http or https address without user name or password, and exactly one way to read the answer: `json_pointer = \"/version\"` (the answer is JSON), `regex` with exactly one group around the version, or `plain = true` (the whole answer). `timeout` is written like 500ms, 3s or 1m (default 5s, at most 1m). Headers that milepost writes itself (Host, Content-Length, Connection...) cannot be set. Headers sent over plain http to another machine are a warning: anyone on the way can read them.",
    ),
    (
        "probe-secret",
        "a secret written in a [probe] instead of an environment variable",
        "A probe's header values name environment variables, `headers = { Authorization = \"env:UAT_TOKEN\" }`, and its address holds no user name or password: the registry is read by everyone who reads the repository. The value is not repeated in the report. If it was a real secret, it is in the Git history: replace it, then write `env:NAME` and set NAME where `milepost verify` runs.",
    ),
];

pub fn explanation(code: &str) -> Option<(&'static str, &'static str)> {
    CODES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, summary, text)| (*summary, *text))
}

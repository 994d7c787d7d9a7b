// Schema changes in order; the store's user_version says how many have run. Never edit a shipped one.
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );

  CREATE TABLE subscribers (
    id         INTEGER PRIMARY KEY,
    email      TEXT NOT NULL UNIQUE COLLATE NOCASE, -- local parts differ only in case: one person
    name       TEXT NOT NULL DEFAULT '',
    fields     TEXT NOT NULL DEFAULT '{}',
    status     TEXT NOT NULL DEFAULT 'active'
               CHECK (status IN ('active', 'unsubscribed', 'bounced', 'complained')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );

  -- One row per (newsletter, schedule slot): an issue is built once and then only resumed.
  CREATE TABLE issues (
    id           INTEGER PRIMARY KEY,
    newsletter   TEXT NOT NULL,
    slot         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    subject      TEXT NOT NULL,
    digest       TEXT NOT NULL,
    rendered     TEXT NOT NULL,
    completed_at TEXT,
    -- Subscribers who joined later (higher ids) start with the next issue, even if this one resumes.
    last_subscriber_id INTEGER NOT NULL DEFAULT 0,
    UNIQUE (newsletter, slot)
  );

  -- The journal: written before the SMTP transaction ('sending') and after it.
  -- 'deferred' is a temporary failure to try again; 'failed' is permanent.
  CREATE TABLE deliveries (
    issue_id      INTEGER NOT NULL REFERENCES issues (id),
    subscriber_id INTEGER NOT NULL REFERENCES subscribers (id),
    status        TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'deferred', 'failed')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    response      TEXT,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (issue_id, subscriber_id)
  ) WITHOUT ROWID;

  -- History: an article that went out is not offered again by the same newsletter.
  CREATE TABLE sent_articles (
    newsletter TEXT NOT NULL,
    article_id TEXT NOT NULL,
    issue_id   INTEGER NOT NULL REFERENCES issues (id),
    PRIMARY KEY (newsletter, article_id)
  ) WITHOUT ROWID;
  `,
  `
  -- Mutual exclusion between processes (two cron firings, cron and the daemon): one holder per
  -- name, with an expiry so a holder that died does not block forever.
  CREATE TABLE leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );

  -- Every scheduled or manual run of a slot and what came of it, for \`leadline status\`.
  CREATE TABLE runs (
    id          INTEGER PRIMARY KEY,
    newsletter  TEXT NOT NULL,
    slot        TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    outcome     TEXT,
    sent        INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0,
    in_doubt    INTEGER NOT NULL DEFAULT 0,
    message     TEXT
  );
  CREATE INDEX runs_by_newsletter ON runs (newsletter, id);

  -- Editors' approvals of a slot's issue when schedule.requireApproval is on.
  CREATE TABLE approvals (
    newsletter  TEXT NOT NULL,
    slot        TEXT NOT NULL,
    decision    TEXT NOT NULL CHECK (decision IN ('approved', 'held')),
    decided_at  TEXT NOT NULL,
    PRIMARY KEY (newsletter, slot)
  ) WITHOUT ROWID;
  `,
  `
  -- Editor overrides for the next issue: pins, drops and the intro note. Cleared when an issue is stored.
  -- AUTOINCREMENT: ids are never reused, so "everything up to id N" names exactly what an issue used.
  CREATE TABLE overrides (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    newsletter TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('pin', 'drop', 'note', 'order', 'subject')),
    target     TEXT NOT NULL, -- the article's id or link; a note's or subject's text; for order, a JSON array of article ids
    created_at TEXT NOT NULL
  );
  CREATE INDEX overrides_by_newsletter ON overrides (newsletter, kind);
  `,
  `
  -- Per feed: conditional-GET validators and health (last success, last error, consecutive failures).
  CREATE TABLE feed_state (
    url                  TEXT PRIMARY KEY,
    title                TEXT,
    etag                 TEXT,
    last_modified        TEXT,
    last_fetched_at      TEXT,
    last_success_at      TEXT,
    last_not_modified    INTEGER NOT NULL DEFAULT 0,
    last_error           TEXT,
    last_error_at        TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    -- What the last 200 yielded (the feed and its articles as JSON): a 304 returns it again.
    last_result          TEXT
  ) WITHOUT ROWID;
  `,
  `
  -- One subscriber per address whatever its case, outside ASCII too: the key is the address in lower
  -- case (addressKey, registered as a function on open). Not UNIQUE: an older store may hold an
  -- address twice, and must still open; Leadline adds no second row for a key, and a status change
  -- reaches every row of it.
  ALTER TABLE subscribers ADD COLUMN email_key TEXT;
  UPDATE subscribers SET email_key = leadline_address_key(email);
  CREATE INDEX subscribers_by_key ON subscribers (email_key);
  -- Ids are never given twice: a newcomer with a removed subscriber's id would be inside an issue
  -- under way (it goes to ids up to its last_subscriber_id). The highest id ever used, kept in meta.
  INSERT INTO meta (key, value)
    SELECT 'subscriber_id_high_water', max(coalesce((SELECT max(id) FROM subscribers), 0), coalesce((SELECT max(last_subscriber_id) FROM issues), 0));
  `,
  `
  -- The rows an older store holds for one address take the strongest status any of them has: an
  -- opt-out recorded on one must stop the mail to all of them.
  UPDATE subscribers AS s SET status = (
    SELECT o.status FROM subscribers AS o WHERE o.email_key = s.email_key
    ORDER BY CASE o.status WHEN 'unsubscribed' THEN 0 WHEN 'complained' THEN 1 WHEN 'bounced' THEN 2 ELSE 3 END LIMIT 1
  )
  WHERE s.email_key IN (SELECT email_key FROM subscribers GROUP BY email_key HAVING count(*) > 1);
  `,
  `
  -- The version of the issue an editor approved on the preview page (the digest as JSON): the send
  -- builds the slot's issue from it, so what goes out is what was approved.
  ALTER TABLE approvals ADD COLUMN approved_version TEXT;
  `,
];

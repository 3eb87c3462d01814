extension Schema {
    /// Knowledge-base articles, their ticket links, and an FTS5 index over title, body and
    /// tags. The index is external-content (the text lives once, in `kb_article`) and the
    /// triggers keep it in step inside the writing transaction, so a search never sees an
    /// article the store does not hold, nor misses one it does.
    static let kbSQL = """
    CREATE TABLE kb_article (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        body TEXT NOT NULL CHECK (length(CAST(body AS BLOB)) BETWEEN 1 AND 1048576),
        tags TEXT NOT NULL DEFAULT '',
        author TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
    );
    CREATE INDEX kb_article_updated ON kb_article(updated_at, id);

    CREATE TABLE kb_article_ticket (
        article INTEGER NOT NULL REFERENCES kb_article(id) ON DELETE CASCADE,
        ticket INTEGER NOT NULL REFERENCES ticket(number),
        PRIMARY KEY (article, ticket)
    ) WITHOUT ROWID;
    CREATE INDEX kb_article_ticket_ticket ON kb_article_ticket(ticket, article);

    CREATE VIRTUAL TABLE kb_fts USING fts5(title, body, tags, content='kb_article', content_rowid='id',
                                           tokenize='unicode61 remove_diacritics 2');
    CREATE TRIGGER kb_article_fts_insert AFTER INSERT ON kb_article BEGIN
        INSERT INTO kb_fts(rowid, title, body, tags) VALUES (new.id, new.title, new.body, new.tags);
    END;
    CREATE TRIGGER kb_article_fts_delete AFTER DELETE ON kb_article BEGIN
        INSERT INTO kb_fts(kb_fts, rowid, title, body, tags) VALUES ('delete', old.id, old.title, old.body, old.tags);
    END;
    CREATE TRIGGER kb_article_fts_update AFTER UPDATE OF title, body, tags ON kb_article BEGIN
        INSERT INTO kb_fts(kb_fts, rowid, title, body, tags) VALUES ('delete', old.id, old.title, old.body, old.tags);
        INSERT INTO kb_fts(rowid, title, body, tags) VALUES (new.id, new.title, new.body, new.tags);
    END;
    """
}
